"""Errors the user can act on. The CLI prints their message on one line and exits non-zero."""


class CopyhoundError(Exception):
    """Base of every error copyhound reports to the user instead of a traceback."""

    exit_code = 2


class InputError(CopyhoundError):
    """A document or folder that cannot be read as text (missing, binary, corrupt, too big)."""
