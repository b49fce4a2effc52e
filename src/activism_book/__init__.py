"""Helpers shared by the chapters of the executable edition of Khalid (2025).

Chapters import what they use explicitly:

* :mod:`activism_book.data` loads every dataset, validated against ``data/datapackage.json``;
* :mod:`activism_book.charts` renders altair charts that work offline;
* :mod:`activism_book.prose` glues computed values into the text.
"""
