"""Chapters as MyST Markdown notebooks paired with executed ``.ipynb`` files, executed exactly
when what they read changed; what one page reads of another (glued values, exercises)."""
