"""Inputs for fuzzing the readers: valid files of each format, their mutations, hostile constructs.

Shared by ``tests/test_read_fuzz.py`` (a bounded sample in CI, with hypothesis) and
``benchmarks/fuzz_readers.py`` (100,000 inputs in memory-capped worker processes). Every
input is made from an integer, so a failure found by the benchmark is reproduced by its number.
"""

from __future__ import annotations

import functools
import io
import random
import tempfile
import zipfile
from pathlib import Path

from docmakers import deflate_bomb, make_docx, make_odt, make_pdf, make_rtf, odt_paragraphs, raw_pdf

TEXT = (
    "The committee reviewed every essay against its sources.\n"
    "Several passages were copied with small edits \u2014 "
    "others were \u201cquoted\u201d properly.\n"
    "Caf\u00e9, na\u00efve, \u00fcber: accents survive, and so does an emoji \U0001f600.\n"
)

#: Extension of each format's seed file (the name decides nothing when content sniffs).
EXTENSIONS = ("txt", "md", "html", "docx", "pdf", "odt", "rtf")


@functools.cache
def seeds() -> dict[str, bytes]:
    """One valid file per format, made by the test helpers."""
    out = {
        "txt": TEXT.encode("utf-8"),
        "md": ("# Title\n\nSee [the source](http://x.org).\n\n" + TEXT).encode("utf-8"),
        "html": (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head><body>"
            "<nav>Home</nav><main><h1>Title</h1>"
            + "".join(f"<p>{line}</p>" for line in TEXT.splitlines())
            + "<table><tr><td>a</td><td>b</td></tr></table></main></body></html>"
        ).encode("utf-8"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out["docx"] = make_docx(TEXT, folder / "a.docx", heading="Title").read_bytes()
        out["pdf"] = make_pdf(TEXT.replace("\U0001f600", ""), folder / "a.pdf").read_bytes()
        body = odt_paragraphs(TEXT) + '<text:p>a<text:s text:c="3"/>b<text:tab/>c</text:p>'
        out["odt"] = make_odt(body, folder / "a.odt").read_bytes()
        out["rtf"] = make_rtf(TEXT, folder / "a.rtf").read_bytes()
    return out


#: Byte strings that have broken readers before, or could: spliced into valid files.
TOKENS = [
    b'<text:s text:c="3000000000"/>',
    b'<text:s text:c="x"/>',
    b'<text:s text:c="-5"/>',
    b"\\u-10179?\\u-8704?",
    b"\\u-10179?",
    b"\\u55357?",
    b"<?php echo 1; ?>",
    b"<?xml-stylesheet href='x'?>",
    b"<meta charset='rot13'>",
    b"<meta charset='unicode_escape'>",
    b"<meta charset='utf-32'>",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"<article>" * 50,
    b"<div>" * 1200,
    b"<!--",
    b"<script>",
    b"<![CDATA[",
    b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>",
    b"&b;&b;&b;",
    b"<w:vanish/>",
    b'<w:sz w:val="x"/>',
    b"{\\*\\generator x;}",
    b"{{{{{{{{{{",
    b"}}}}}}}}}}",
    b"\\bin99999999 ",
    b"stream\n",
    b"endstream",
    b"/Filter /FlateDecode",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\r\n\r\n",
    "\u202e\ufeff\ud7ff".encode("utf-8", "surrogatepass"),
    "\udc80".encode("utf-8", "surrogatepass"),
]


def hostile(rng: random.Random) -> tuple[bytes, str]:
    """A construct aimed at one reader's known weak points, built fresh (some are big)."""
    pick = rng.randrange(12)
    if pick == 0:
        return raw_pdf(_bomb(rng.choice([10, 300])), text="x"), "b.pdf"
    if pick == 1:
        count = rng.choice(["3000000000", "99999", "abc", "", "1e9", "-1", "\u0663"])
        body = f'<text:p>a<text:s text:c="{count}"/>b</text:p>' * rng.randint(1, 3)
        return _odt(body), "s.odt"
    if pick == 2:
        depth = rng.choice([100, 999, 5000, 100_000])
        tag = rng.choice([b"article", b"div", b"span", b"b", b"p", b"li", b"table"])
        opened = b"<" + tag + b">x "
        return b"<html><body>" + opened * depth + b"</" + tag + b">" * depth, "n.html"
    if pick == 3:
        pairs = rng.randint(1, 5)
        body = b" ".join(rng.choice([b"\\u-10179?\\u-8704?", b"\\u-10179?", b"\\u-8704?"])
                         for _ in range(pairs))  # fmt: skip
        return b"{\\rtf1\\ansi\\uc1 Smile " + body + b" end\\par}", "e.rtf"
    if pick == 4:
        xml = b"<a>" * rng.choice([200, 300, 10_000]) + b"x"
        return _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": xml}), (
            "d.odt"
        )
    if pick == 5:  # a part that inflates a lot, but under the compression-ratio check
        doc = b"<w:t>" + b"ab " * rng.choice([100, 400_000]) + b"</w:t>"
        return _zip({"word/document.xml": doc}), "r.docx"
    if pick == 6:
        charset = rng.choice(["rot13", "hex", "idna", "punycode", "utf-7", "zlib", "x" * 40])
        return f"<html><head><meta charset='{charset}'></head><body><p>Caf\u00e9</p>".encode(), (
            "c.html"
        )
    if pick == 7:
        return b"<html><body><p>Hello <?php echo 1; ?> world</p>" * rng.randint(1, 100), "p.html"
    if pick == 8:
        data = bytearray(seeds()["odt"])
        at = rng.randrange(60, len(data))
        data[at : at + 20] = bytes(rng.randrange(256) for _ in range(20))
        return bytes(data), "z.odt"
    if pick == 9:
        return _odt("<text:p>a\x00b</text:p>"), "nul.odt"
    if pick == 10:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 4096))), f"r.{_ext(rng)}"
    return b"{\\rtf1" + b"{" * rng.choice([100, 10_000]) + b"x" + b"}" * 50, "g.rtf"


@functools.cache
def _bomb(megabytes: int) -> bytes:
    return deflate_bomb(megabytes * 1_000_000)


def _ext(rng: random.Random) -> str:
    return rng.choice(EXTENSIONS)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in members.items():
            z.writestr(name, blob)
    return buf.getvalue()


def _odt(body: str) -> bytes:
    from docmakers import ODT_CONTENT

    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": ODT_CONTENT.format(body=body).encode("utf-8"),
        }
    )


def mutate(data: bytes, rng: random.Random, rounds: int = 0) -> bytes:
    """A few byte-level edits: flips, inserts, deletes, duplications, splices of ``TOKENS``."""
    out = bytearray(data)
    for _ in range(rounds or rng.randint(1, 6)):
        op = rng.randrange(6)
        at = rng.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del out[at : at + rng.randint(1, 64)]
        elif op == 3 and out:
            size = rng.randint(1, min(len(out), 4096))
            start = rng.randrange(len(out) - size + 1)
            out[at:at] = out[start : start + size] * rng.randint(1, 4)
        elif op == 4:
            out[at:at] = rng.choice(TOKENS)
        else:
            out = out[:at]  # truncated
    return bytes(out)


def mutate_zip_part(data: bytes, rng: random.Random) -> bytes:
    """A zip document with one XML part mutated and the archive written again (valid CRCs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = {info.filename: z.read(info) for info in z.infolist()}
    except Exception:
        return data
    xml = [name for name in members if name.endswith(".xml")]
    if xml:
        name = rng.choice(xml)
        members[name] = mutate(members[name], rng)
    return _zip(members)


def make_input(number: int) -> tuple[bytes, str]:
    """Input number ``number``: the same bytes and name on every run."""
    rng = random.Random(number)
    kind = rng.random()
    fmt = _ext(rng)
    name = f"in{number}.{fmt if rng.random() < 0.8 else _ext(rng)}"
    if kind < 0.08:
        return hostile(rng)
    if kind < 0.15:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 2048))), name
    seed = seeds()[fmt]
    if fmt in ("docx", "odt") and kind < 0.55:
        return mutate_zip_part(seed, rng), name
    return mutate(seed, rng), name


def outcome(data: bytes, name: str) -> str:
    """``ok``, ``input-error``, or what went wrong: what the fuzzers count.

    A reader may refuse (a one-line ``InputError`` that is not the catch-all for unforeseen
    exceptions) or return a Document whose text is a valid string without surrogates.
    """
    import re

    from copyhound.errors import InputError
    from copyhound.read.documents import READER_FAILED, read_bytes

    try:
        doc = read_bytes(data, name)
    except InputError as exc:
        message = str(exc)
        if "\n" in message or "\r" in message:
            return "multi-line error"
        if READER_FAILED in message:
            return f"unforeseen exception: {message}"
        if "out of memory" in message:
            return "memory"
        return "input-error"
    if not isinstance(doc.text, str) or len(doc.match_text) != len(doc.text):
        return "bad document"
    if re.search("[\ud800-\udfff]", doc.text + doc.match_text):
        return "surrogates in text"
    return "ok"
