"""Exit codes of every command (README, "Exit codes"; docs/formats.md). A module of its own,
with no imports, so ``app`` reads them without loading what a command needs.

When several apply, the first of 2, 1, 3 wins: 1 before 3 because a skipped source can only
add reuse, so an index above ``--fail-above`` stays above it whatever the skipped files hold.
"""

EXIT_OK = 0
#: The reuse index is above ``--fail-above``.
EXIT_ABOVE_THRESHOLD = 1
#: Bad input or usage: nothing (or not what was asked) was done.
EXIT_USAGE = 2
#: Done, but files found in a folder could not be read and were skipped (each named).
EXIT_SKIPPED = 3
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
#: Standard output closed by its reader (``| head -1``): 128 + SIGPIPE, as a program killed by
#: the signal would give; never the 1 of ``--fail-above``.
EXIT_PIPE_CLOSED = 141
