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


def problem(upload: Upload, max_bytes: int) -> Refused | None:
    """Why copyhound cannot take ``upload`` as a document (413 too big, 422 unreadable), with
    a message ``"NAME: reason"``; None when it reads."""
    name = upload.name
    if len(upload.data) > max_bytes:
        return Refused(
            413,
            f"{name}: {human_size(len(upload.data))} is over the {human_size(max_bytes)} limit",
        )
    if not upload.data.strip():
        return Refused(422, f"{name}: empty file")
    try:
        read_bytes(upload.data, name)
    except CopyhoundError as exc:
        message = " ".join(str(exc).split())
        return Refused(422, message if message.startswith(f"{name}:") else f"{name}: {message}")
    except Exception as exc:  # a reader's own failure on hostile input is still bad input
        return Refused(422, f"{name}: cannot be read ({type(exc).__name__})")
    return None


def check_document(upload: Upload, what: str, max_bytes: int) -> None:
    """Refuse a file copyhound cannot read as a document (422) or that is too big (413)."""
    found = problem(upload, max_bytes)
    if found is not None:
        raise Refused(found.status, f"{what}: {found.message}")


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and not _is_office(data)


def _is_office(data: bytes) -> bool:
    head = data[:2000]
    return b"word/" in head or b"mimetype" in head or b"[Content_Types].xml" in head


def expand_zip(
    upload: Upload,
    max_files: int,
    max_bytes: int,
    max_total: int,
    skipped: list[str] | None = None,
) -> list[Upload]:
    """The supported documents inside a zip of a class's folder, read with bounded reads (the
    sizes a zip declares are not trusted).

    A member that cannot be taken (encrypted, damaged, too big, a bomb) refuses the whole
    upload, or, given ``skipped``, is left out and named there (``"ZIP: MEMBER: reason"``).
    Limits on the whole upload (the number of documents, the unpacked total) always refuse.
    """

    def bad(status: int, message: str) -> None:
        if skipped is None:
            raise Refused(status, message)
        skipped.append(message)

    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        bad(422, f"{upload.name}: not a readable zip file")
        return []
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
        where = f"{upload.name}: {name}"
        if info.flag_bits & 0x1:
            bad(422, f"{where}: encrypted zip member")
            continue
        try:
            with archive.open(info) as fh:
                data = fh.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            bad(422, f"{where}: damaged zip member")
            continue
        except NotImplementedError:
            bad(422, f"{where}: unsupported compression")
            continue
        if len(data) > max_bytes:
            bad(413, f"{where}: over the {human_size(max_bytes)} limit")
            continue
        if len(data) > 1_000_000 and len(data) > MAX_ZIP_RATIO * max(1, info.compress_size):
            bad(422, f"{where}: looks like a zip bomb")
            continue
        total += len(data)
        if total > max_total:
            raise Refused(413, f"{upload.name!r}: unpacks to over {human_size(max_total)}")
        out.append(Upload(name, data))
    if not out and not (skipped and any(r.startswith(f"{upload.name}: ") for r in skipped)):
        bad(422, f"{upload.name}: the zip holds no documents copyhound reads")
    return out


def supported_file_name(name: str) -> bool:
    from pathlib import Path

    return supported_file(Path(name))
