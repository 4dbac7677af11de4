"""Compression of stored text (zstd with a dictionary trained on the collection, else zlib)
and of postings (Blosc, else zstd or zlib).

Documents are small (a few KB) and compress poorly one by one; a dictionary trained on the
collection's own first documents gets them to about 29% of their size instead of 45%. Each
stored blob names its codec, so a collection written without ``zstandard`` stays readable and
one written with it needs it (a clear error says so).
"""

from __future__ import annotations

import importlib
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from copyhound.errors import CopyhoundError

try:  # a core dependency; a collection written without it still reads (zlib)
    import zstandard
except ImportError:  # pragma: no cover - exercised only without it
    zstandard = None
try:  # a core dependency: postings decode about 7x faster than with zstandard alone
    import blosc

    blosc.set_releasegil(True)  # decode one column while the reader fetches the next
except ImportError:  # pragma: no cover - exercised only without it
    blosc = None

#: What a damaged blob raises while it is decompressed.
_DAMAGED: tuple[type[Exception], ...] = (zlib.error,) + (
    (zstandard.ZstdError,) if zstandard is not None else ()
)

#: Zstandard level: 8 compresses benchmark documents with the dictionary at about 30 MB/s on
#: one core to 27.5% of their size; 9 at 20 MB/s to 27.5% as well, 6 at 35 MB/s to 28.2%.
ZSTD_LEVEL = 8
#: Dictionary size in bytes and the fewest documents worth training one on. 512 KB (trained on
#: the first batch, 500 documents) stores text at 28.7% of its size, against 32.4% with 110 KB.
DICT_SIZE = 512 * 1024
MIN_DICT_SAMPLES = 64


class Codec:
    """Compresses with one (optional) dictionary; decompresses any codec the store names."""

    def __init__(self, dictionaries: dict[int, bytes] | None = None) -> None:
        self.dictionaries = dict(dictionaries or {})
        self._compressors: dict[int, object] = {}
        self._decompressors: dict[int, object] = {}

    @property
    def current_dict(self) -> int:
        return max(self.dictionaries, default=0)

    def compress(self, data: bytes) -> tuple[str, bytes]:
        """``(codec name, blob)`` for bytes of text."""
        if zstandard is None:
            return "zlib", zlib.compress(data, 6)
        dict_id = self.current_dict
        comp = self._compressors.get(dict_id)
        if comp is None:
            dict_data = (
                zstandard.ZstdCompressionDict(self.dictionaries[dict_id]) if dict_id else None
            )
            comp = zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=dict_data)
            self._compressors[dict_id] = comp
        return (f"zstd:{dict_id}" if dict_id else "zstd"), comp.compress(data)

    def decompress(self, codec: str, blob: bytes) -> bytes:
        try:
            return self._decompress(codec, blob)
        except _DAMAGED as exc:
            message = f"damaged collection: a stored text does not read ({exc})"
            raise CopyhoundError(message) from None

    def _decompress(self, codec: str, blob: bytes) -> bytes:
        if codec == "zlib":
            return zlib.decompress(blob)
        if codec == "raw":
            return bytes(blob)
        if not codec.startswith("zstd"):
            raise CopyhoundError(f"stored text uses an unknown codec {codec!r}")
        if zstandard is None:
            raise CopyhoundError(
                "this collection stores zstd-compressed text: pip install zstandard"
            )
        dict_id = int(codec.partition(":")[2] or 0)
        dec = self._decompressors.get(dict_id)
        if dec is None:
            dict_data = (
                zstandard.ZstdCompressionDict(self.dictionaries[dict_id]) if dict_id else None
            )
            dec = zstandard.ZstdDecompressor(dict_data=dict_data)
            self._decompressors[dict_id] = dec
        return dec.decompress(blob)


def train_dictionary(samples: list[bytes]) -> bytes | None:
    """A zstd dictionary for texts like ``samples``, or None when too few or no zstd."""
    if zstandard is None or len(samples) < MIN_DICT_SAMPLES:
        return None
    try:
        return zstandard.train_dictionary(DICT_SIZE, samples).as_bytes()
    except zstandard.ZstdError:
        return None


#: The first bytes of a zstd frame; a trained dictionary starts with another magic number.
_ZSTD_FRAME = b"\x28\xb5\x2f\xfd"


def pack_dictionary(data: bytes) -> bytes:
    """A trained dictionary as stored: compressed, since it is mostly sample text (512 KB
    to about 200 KB, which is 7% of a 4 MB collection's text)."""
    return zstandard.ZstdCompressor(level=9).compress(data) if zstandard is not None else data


def unpack_dictionary(blob: bytes) -> bytes:
    """The dictionary ``pack_dictionary`` stored (collections written before it was
    compressed store it as it is)."""
    if bytes(blob[:4]) != _ZSTD_FRAME:
        return bytes(blob)
    if zstandard is None:
        raise CopyhoundError("this collection stores zstd-compressed text: pip install zstandard")
    try:
        return zstandard.ZstdDecompressor().decompress(blob)
    except _DAMAGED as exc:
        message = f"damaged collection: its text dictionary does not read ({exc})"
        raise CopyhoundError(message) from None


def _shuffle(values: np.ndarray, dtype: str = "<u4") -> bytes:
    """Bytes grouped by significance (all low bytes, then the next...): compresses far better."""
    width = np.dtype(dtype).itemsize
    return values.astype(dtype).view(np.uint8).reshape(-1, width).T.tobytes()


def _unshuffle(data: bytes, count: int, dtype: str = "<u4") -> np.ndarray:
    width = np.dtype(dtype).itemsize
    grouped = np.frombuffer(data, dtype=np.uint8).reshape(width, count)
    return grouped.T.copy().view(dtype).ravel()


def _pack(data: bytes) -> tuple[str, bytes]:
    if zstandard is None:
        return "zlib", zlib.compress(data, 6)
    return "zstd", zstandard.ZstdCompressor(level=3).compress(data)


def _unpack(codec: str, blob: bytes) -> bytes:
    if codec == "zlib":
        return zlib.decompress(blob)
    if zstandard is None:
        raise CopyhoundError(
            "this collection stores zstd-compressed postings: pip install zstandard"
        )
    return zstandard.ZstdDecompressor().decompress(blob)


#: Postings codec of new segments: Blosc (byte shuffle and zstd level 5 in C, multithreaded).
#: Same size as shuffling in numpy and zstd level 3 (about 3.2 bytes a posting) but decoded
#: about 7x faster, which is most of a cold query on a big collection.
BLOSC_CODEC = "blosc-zstd"
BLOSC_LEVEL = 5
#: Blosc compresses at most 2 GB at once; bigger segments (about 500 million postings) take
#: the slower numpy path.
BLOSC_MAX_BYTES = 2_000_000_000


def _blosc_pack(values: np.ndarray, dtype: str) -> bytes:
    data = np.ascontiguousarray(values, dtype=dtype)
    return blosc.compress(
        data.tobytes(),
        typesize=data.itemsize,
        clevel=BLOSC_LEVEL,
        shuffle=blosc.SHUFFLE,
        cname="zstd",
    )


def _hugepage_switch() -> Callable[[bool], bool] | None:
    """numpy's switch for asking the kernel for huge pages for big arrays (private; None if
    this numpy has none)."""
    for module in ("numpy._core.multiarray", "numpy.core.multiarray"):
        try:
            return importlib.import_module(module)._set_madvise_hugepage
        except (ImportError, AttributeError):
            continue
    return None


_SET_HUGEPAGE = _hugepage_switch()


@contextmanager
def small_pages() -> Iterator[None]:
    """Arrays made inside use ordinary pages. numpy asks for huge pages for big arrays; when
    the kernel has none free it compacts memory first, and decoding a 100,000-document
    collection's postings (270 MB) then took 100 to 550 ms by the state of the machine,
    against a steady 125 to 160 ms with ordinary pages."""
    if _SET_HUGEPAGE is None or os.environ.get("COPYHOUND_HUGEPAGES") == "1":
        yield
        return
    before = _SET_HUGEPAGE(False)
    try:
        yield
    finally:
        _SET_HUGEPAGE(before)


def _blosc_unpack(blob: bytes, count: int, dtype: str) -> np.ndarray:
    if blosc is None:
        raise CopyhoundError("this collection stores blosc-compressed postings: pip install blosc")
    out = np.empty(count, dtype=dtype)
    try:
        size, stored, _ = blosc.get_cbuffer_sizes(blob)
    except (ValueError, TypeError):
        size, stored = -1, -1
    if size != out.nbytes or stored != len(blob):
        raise CopyhoundError(f"damaged postings: {size} bytes where {out.nbytes} were stored")
    # Straight into the numpy array: no intermediate bytes object to allocate and copy.
    blosc.decompress_ptr(blob, out.__array_interface__["data"][0])
    return out


def encode_postings(
    hashes: np.ndarray, doc_ids: np.ndarray, positions: np.ndarray
) -> tuple[str, bytes, bytes, bytes]:
    """``(codec, hashes blob, doc_ids blob, positions blob)`` for postings sorted by hash.

    Sorted hashes are stored as gaps, document ids as uint32, positions as uint16; all
    byte-shuffled and compressed: about 3.2 bytes a posting instead of 10.
    """
    gaps = np.diff(hashes.astype(np.uint32), prepend=np.uint32(0))
    if blosc is not None and gaps.nbytes < BLOSC_MAX_BYTES:
        return (
            BLOSC_CODEC,
            _blosc_pack(gaps, "<u4"),
            _blosc_pack(doc_ids, "<u4"),
            _blosc_pack(positions, "<u2"),
        )
    codec, hash_blob = _pack(_shuffle(gaps))
    _, doc_blob = _pack(_shuffle(doc_ids))
    _, pos_blob = _pack(_shuffle(positions, "<u2"))
    return codec, hash_blob, doc_blob, pos_blob


#: The postings columns of a segment, in the order ``decode_postings`` returns them.
POSTING_COLUMNS = ("hashes", "doc_ids", "positions")
_COLUMN_DTYPES = {"hashes": "<u4", "doc_ids": "<u4", "positions": "<u2"}


def decode_column(codec: str, column: str, blob: bytes, count: int) -> np.ndarray:
    """One column ``encode_postings`` stored: ``hashes`` (uint32, sorted), ``doc_ids``
    (uint32) or ``positions`` (uint16). Blosc decodes without holding the GIL, so a reader
    can fetch the next column from SQLite meanwhile (``Collection.segments``)."""
    dtype = _COLUMN_DTYPES[column]
    if count == 0:
        return np.empty(0, dtype=dtype)
    with small_pages():
        if codec == BLOSC_CODEC:
            values = _blosc_unpack(blob, count, dtype)
        else:  # segments written before Blosc (or without it): shuffled in numpy, zstd or zlib
            values = _unshuffle(_unpack(codec, blob), count, dtype)
        values = values.astype(np.dtype(dtype).newbyteorder("="), copy=False)
        if column == "hashes":
            np.cumsum(values, dtype=np.uint32, out=values)  # gaps to hashes, in place
    return values


def decode_postings(
    codec: str, hash_blob: bytes, doc_blob: bytes, pos_blob: bytes, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``(hashes, doc_ids, positions)`` arrays ``encode_postings`` stored."""
    blobs = (hash_blob, doc_blob, pos_blob)
    hashes, doc_ids, positions = (
        decode_column(codec, column, blob, count)
        for column, blob in zip(POSTING_COLUMNS, blobs, strict=True)
    )
    return hashes, doc_ids, positions
