"""`python -m cvgen` runs the command line."""

from .cli import main

main()
