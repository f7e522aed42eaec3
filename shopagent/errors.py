"""User-facing errors.

Raised where a problem is detected, with a one-line message that names what and
where; the CLI prints that line without a traceback.
"""


class ShopagentError(Exception):
    """A problem the user can fix, explained in one line."""


class BadInput(ShopagentError):
    """A file or argument the user gave is malformed."""


class ActionFailed(ShopagentError):
    """An action could not run on the page (missing target, disabled element, ...)."""


class BrowserCrashed(ShopagentError):
    """The page or the whole browser died; the caller may start a new one."""


class PolicyError(ShopagentError):
    """A policy could not produce a valid decision (model down, unparsable reply, ...)."""
