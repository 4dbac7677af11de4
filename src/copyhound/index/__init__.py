"""Reference collections: a SQLite file of documents and winnowed fingerprints.

``store`` keeps documents and fingerprint segments, ``retrieve`` finds candidate sources of a
suspect and aligns it with them, ``batch`` compares a set of submissions with each other.
"""

from copyhound.index.store import Collection, open_collection

__all__ = ["Collection", "open_collection"]
