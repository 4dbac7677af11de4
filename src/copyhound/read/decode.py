"""Bytes to text: UTF-8 and UTF-16 by their marks, legacy encodings detected, binary refused."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from copyhound.errors import InputError


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes to text, returning ``(text, encoding)``.

    UTF-8 (with or without BOM) is tried first, since a wrong guess there is almost impossible;
    other encodings are detected by charset-normalizer. Binary data is refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-16 text") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or _looks_binary(str(best)):
        raise InputError(f"{name}: looks like a binary file, not text")
    encoding = best.encoding
    # charset-normalizer may name a rarer sibling of cp1252 for short Western texts; cp1252
    # decodes the same bytes the same way when it can, and is what such files almost always are.
    if encoding in {"latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1254", "iso8859_9"}:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), encoding


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls / len(sample) > 0.05


_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """Text without surrogate code points: pairs joined into their character, lone ones U+FFFD.

    RTF writes characters beyond U+FFFF as two ``\\uN`` escapes (a UTF-16 surrogate pair);
    decoded one by one they are not valid Unicode and break UTF-8 output and SQLite.
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def replace_lone_surrogates(text: str) -> str:
    """Every surrogate code point as U+FFFD, one for one, so no offset moves."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text
