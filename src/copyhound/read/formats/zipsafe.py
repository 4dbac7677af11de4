"""Opening zip-based documents (DOCX, ODT) without trusting them.

A zip bomb declares (or really holds) gigabytes behind a few kilobytes. We check the declared
sizes and compression ratios before anything is decompressed; Python's zip reader then never
inflates more than the declared size of an entry (a lying header fails its CRC check).
"""

from __future__ import annotations

import io
import zipfile

from copyhound.errors import InputError
from copyhound.read.limits import budget

#: Most uncompressed bytes a document's parts may add up to.
MAX_UNCOMPRESSED = 256 * 1024 * 1024
#: Most entries in one archive.
MAX_ENTRIES = 10_000
#: Largest compression ratio accepted for a big entry (text XML compresses ~10-30x).
MAX_RATIO = 200
#: Entries smaller than this are never judged by their ratio.
RATIO_FLOOR = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_message(data: bytes, name: str, kind: str, modern: str) -> str:
    """The message for an OLE compound file where a zip was expected."""
    if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] or b"EncryptedPackage" in data:
        return f"{name}: the {kind} is encrypted (password-protected); save an unprotected copy"
    return f"{name}: an old binary {kind} file, not {modern}; save it as {modern} first"


def open_zip(data: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """A checked ``ZipFile`` over ``data``; every failure is a one-line ``InputError``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception:  # BadZipFile, NotImplementedError (a newer zip version), OSError...
        raise InputError(f"{name}: not a valid {kind} (the file is damaged or not a zip)") from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"{name}: refused: {len(entries)} parts in one {kind} (zip bomb?)")
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            f"{name}: refused: the {kind} would unpack to {total / 1e6:.0f} MB "
            f"(over {MAX_UNCOMPRESSED / 1e6:.0f} MB; zip bomb?)"
        )
    for e in entries:
        ratio = e.file_size // max(e.compress_size, 1)
        if e.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(
                f"{name}: refused: {e.filename} is compressed {ratio} to 1 (zip bomb?)"
            )
        if e.flag_bits & 0x1:
            raise InputError(f"{name}: the {kind} is encrypted (password-protected)")
    return archive


#: Bytes inflated at a time: the budget is checked after each chunk.
CHUNK = 1 << 20


def read_member(archive: zipfile.ZipFile, member: str, name: str, kind: str) -> bytes | None:
    """One part's bytes, or None when absent; damaged data is a one-line ``InputError``.

    Inflated chunk by chunk against the document's unpacked-bytes budget, so neither a bomb
    nor a header that understates the size can make more than the budget.
    """
    spend = budget()
    chunks = []
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                spend.unpack(len(chunk))
                chunks.append(chunk)
    except KeyError:
        return None
    except InputError:
        raise
    except Exception as exc:  # zlib.error, BadZipFile (CRC), NotImplementedError (method)...
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{name}: not a valid {kind} ({member} is damaged: {reason})") from None
    return b"".join(chunks)
