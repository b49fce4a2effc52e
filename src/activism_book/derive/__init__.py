"""The derivations: each processed table of ``data/datapackage.json``, made from raw files.

One module per source (``indicators``, ``pslm``, ``freedom``, ``cited_sources``...). Which
function builds which table, and which files under ``data/`` it may read, is written once: in
the table's ``derivation`` record in ``data/datapackage.json``;
:mod:`book_engine.data.make_data` runs them from it, each given the
:class:`book_engine.data.derivations.Inputs` its record lists.
"""
