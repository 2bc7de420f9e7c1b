"""The console entry (`cvgen`, `python -m cvgen`): an unchanged CV returns before click is imported.

A no-op `cvgen build` then costs Python's start-up and a few file hashes (stamp.py); every
other command, and any doubt, goes on to the click command line (cli.py).

A command lives well under a second: the cyclic garbage collector is off while modules are
imported (their objects live until exit anyway), they are then frozen out of its way, and it
runs rarely (a 20,000-entry build spent 3 of its 10 s collecting, and freed nothing); at
the end, once every output is flushed and closed (each file is written and closed by its own
stage; TeX children are waited for), the process ends without tearing down the interpreter,
which costs tens of milliseconds and frees nothing anyone needs.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.disable()
    code: object = 0
    try:
        if sys.argv[1:2] == ["build"]:
            from cvgen.typeset.stamp import exit_if_up_to_date

            exit_if_up_to_date(sys.argv[2:])
        from cvgen.cli import main as cli_main

        gc.freeze()
        gc.set_threshold(100_000, 50, 100)  # a 20,000-entry CV builds thousands of objects per entry
        gc.enable()                          # and few cycles: the default spent 30% of its time here
        cli_main()
    except SystemExit as exc:
        code = exc.code
    _exit(code)


def _exit(code: object) -> None:
    """End as `sys.exit(code)` would, without the interpreter's teardown."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed, status 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(status & 0xFF if status >= 0 else 1)


if __name__ == "__main__":
    main()
