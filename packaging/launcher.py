"""Entry point of the frozen application: PyInstaller needs a script, and `form4viewer/__main__.py` uses a relative
import that only works inside the package."""

import multiprocessing
import sys

from form4viewer.cli import main

if __name__ == "__main__":
    # The window reads files in a worker process, started by running this program again: in a frozen bundle that
    # start must be recognised here before the command line is parsed.
    multiprocessing.freeze_support()
    sys.exit(main())
