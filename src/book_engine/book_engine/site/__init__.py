"""The site: the Sphinx extension that brings chapters up to date before Sphinx reads them,
its directives, and the helpers chapters use to show results (charts, glued prose)."""
