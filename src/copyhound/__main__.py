"""``python -m copyhound ARGS`` is ``copyhound ARGS``."""

from copyhound.cli import main

main()
