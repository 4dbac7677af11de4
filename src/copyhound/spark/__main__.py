"""``python -m copyhound.spark ARGS`` is ``copyhound spark ARGS``; spark-submit runs this file
(``spark-submit [options] $(python -c 'import copyhound.spark.__main__ as m; print(m.__file__)')
EXPORT --suspects ... --out ...``)."""

import sys

from copyhound.cli import main

if __name__ == "__main__":
    main(["spark", *sys.argv[1:]])
