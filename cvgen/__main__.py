"""The console entry (`cvgen`, `python -m cvgen`): an unchanged CV returns before click is imported.

A no-op `cvgen build` then costs Python's start-up and a few file hashes (stamp.py); every
other command, and any doubt, goes on to the click command line (cli.py).
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["build"]:
        from cvgen.typeset.stamp import exit_if_up_to_date

        exit_if_up_to_date(sys.argv[2:])
    from cvgen.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
