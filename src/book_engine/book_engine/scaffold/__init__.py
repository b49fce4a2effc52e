"""A new book on the engine: ``book-engine new <folder>`` (:mod:`book_engine.scaffold.new_book`),
from the files in ``template/``."""
