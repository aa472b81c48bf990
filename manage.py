#!/usr/bin/env python
"""Django's command-line utility for the commune portal."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
# site/ is a plain folder (Python's built-in ``site`` module shadows a package of that name).
sys.path.insert(0, str(BASE_DIR / "site"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
