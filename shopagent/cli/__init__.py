"""The command line: `app` assembles one module per command group; `common` holds what they share."""

from shopagent.cli.app import app, main

__all__ = ["app", "main"]
