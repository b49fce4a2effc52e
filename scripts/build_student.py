"""Build the student edition: the book without solutions and instructor notes, with its PDF.

    python scripts/build_student.py     # `make student`

The sources are copied to _build/student/source/, the answers taken out of the copy
(book_engine.publishing.editions), and the copy built strictly; the site is _build/student/html/.
"""

import sys

from book_engine.data.paths import project_root
from book_engine.publishing.browser import ChromiumMissing
from book_engine.publishing.editions import build_student_edition

if __name__ == "__main__":
    try:
        sys.exit(build_student_edition(project_root()))
    except ChromiumMissing as missing:
        sys.exit(str(missing))
