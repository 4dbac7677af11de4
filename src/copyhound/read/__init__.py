"""Stage 1, read: bytes on disk to a ``Document`` whose offsets are the file's own text.

``documents`` chooses a reader by content, then extension; ``decode`` turns bytes into text
(encodings detected, binary refused); ``formats`` holds one module per structured format
(HTML, DOCX, PDF, ODT, RTF). Every failure is an ``InputError`` with a one-line message.
"""

from copyhound.read.decode import decode
from copyhound.read.documents import (
    DEFAULT_MAX_BYTES,
    READERS,
    detect_format,
    expand_paths,
    human_size,
    read_bytes,
    read_document,
    supported_file,
)
from copyhound.read.limits import DEFAULT_LIMITS, ReadLimits

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_BYTES",
    "ReadLimits",
    "READERS",
    "decode",
    "detect_format",
    "expand_paths",
    "human_size",
    "read_bytes",
    "read_document",
    "supported_file",
]
