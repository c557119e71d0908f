"""Entry point of the frozen application: PyInstaller needs a script, and `form4viewer/__main__.py` uses a relative
import that only works inside the package."""

import sys

from form4viewer.cli import main

if __name__ == "__main__":
    sys.exit(main())
