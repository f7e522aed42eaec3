"""`python -m shopagent` runs the command line."""

from shopagent.cli import main

main()
