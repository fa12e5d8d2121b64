"""`python -m enablekit`: the same as the `enablekit` command."""

from .cli import main

main()
