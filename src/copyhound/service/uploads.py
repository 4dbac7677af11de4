"""Uploaded files, checked before anything is stored: size, count, and type by content (the
library's readers decide; a binary, an encrypted or corrupt document, a zip bomb is refused
with the reader's one-line message). A user's file name is only ever a label."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from copyhound.errors import CopyhoundError
from copyhound.read.documents import human_size, read_bytes, supported_file

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")
#: A zip member that inflates more than this many times, past 1 MB, is taken for a bomb.
MAX_ZIP_RATIO = 100
MAX_NAME = 120


class Refused(Exception):
    """An upload answered with ``status`` and a one-line ``message``; nothing was stored."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


def display_name(raw: str | None, fallback: str = "upload") -> str:
    """The last part of a client's file name, without control characters, at most 120 long."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".") or fallback
    return name[-MAX_NAME:]


def check_document(upload: Upload, what: str, max_bytes: int) -> None:
    """Refuse a file copyhound cannot read as a document (422) or that is too big (413)."""
    if len(upload.data) > max_bytes:
        raise Refused(
            413,
            f"{what} {upload.name!r}: {human_size(len(upload.data))} is over the "
            f"{human_size(max_bytes)} limit",
        )
    if not upload.data.strip():
        raise Refused(422, f"{what} {upload.name!r}: empty file")
    try:
        read_bytes(upload.data, upload.name)
    except CopyhoundError as exc:
        raise Refused(422, f"{what}: {exc}") from None
    except Exception as exc:  # a reader's own failure on hostile input is still bad input
        raise Refused(
            422, f"{what} {upload.name!r}: cannot be read ({type(exc).__name__})"
        ) from None


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and not _is_office(data)


def _is_office(data: bytes) -> bool:
    head = data[:2000]
    return b"word/" in head or b"mimetype" in head or b"[Content_Types].xml" in head


def expand_zip(upload: Upload, max_files: int, max_bytes: int, max_total: int) -> list[Upload]:
    """The supported documents inside a zip of a class's folder, read with bounded reads (the
    sizes a zip declares are not trusted)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(422, f"{upload.name!r}: not a readable zip file") from None
    out: list[Upload] = []
    total = 0
    for info in members:
        name = display_name(info.filename)
        parts = re.split(r"[\\/]", info.filename)
        if any(p.startswith(".") or p == "__MACOSX" for p in parts) or not supported_file_name(
            name
        ):
            continue
        if len(out) >= max_files:
            raise Refused(413, f"{upload.name!r}: more than {max_files} documents")
        if info.flag_bits & 0x1:
            raise Refused(422, f"{upload.name!r}: {name}: encrypted zip member")
        try:
            with archive.open(info) as fh:
                data = fh.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            raise Refused(422, f"{upload.name!r}: {name}: damaged zip member") from None
        except NotImplementedError:
            raise Refused(422, f"{upload.name!r}: {name}: unsupported compression") from None
        if len(data) > max_bytes:
            raise Refused(413, f"{upload.name!r}: {name}: over the {human_size(max_bytes)} limit")
        if len(data) > 1_000_000 and len(data) > MAX_ZIP_RATIO * max(1, info.compress_size):
            raise Refused(422, f"{upload.name!r}: {name}: looks like a zip bomb")
        total += len(data)
        if total > max_total:
            raise Refused(413, f"{upload.name!r}: unpacks to over {human_size(max_total)}")
        out.append(Upload(name, data))
    if not out:
        raise Refused(422, f"{upload.name!r}: the zip holds no documents copyhound reads")
    return out


def supported_file_name(name: str) -> bool:
    from pathlib import Path

    return supported_file(Path(name))
