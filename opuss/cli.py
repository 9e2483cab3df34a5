"""The `opuss` console script: Django's management commands and ours, under one name.

`opuss demo-accounts` and `opuss demo_accounts` are the same command: hyphens read better on a
command line, Python modules need underscores.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opuss.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
