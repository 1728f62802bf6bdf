"""``python -m interview_kit`` and the frozen app's entry point (PyInstaller runs this file as a script, so the
import is absolute)."""

import sys

from interview_kit.cli import main

if __name__ == "__main__":
    sys.exit(main())
