"""Build the student edition: the book without solutions and instructor notes, with its PDF.

    python scripts/build_student.py     # `make student`

The sources are copied to _build/student/source/, the answers taken out of the copy
(activism_book.editions), and the copy built strictly; the site is _build/student/html/.
"""

import sys

from activism_book.browser import ChromiumMissing
from activism_book.editions import build_student_edition
from activism_book.paths import project_root

if __name__ == "__main__":
    try:
        sys.exit(build_student_edition(project_root()))
    except ChromiumMissing as missing:
        sys.exit(str(missing))
