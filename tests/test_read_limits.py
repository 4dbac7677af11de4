"""Hostile files: each reproducer of issue 15 is a one-line error or a correct result.

The heavy ones run in a child process whose address space is capped at 2 GB, so a reader that
blows up fails the test instead of the machine.
"""

from __future__ import annotations

import io
import json
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from docmakers import deflate_bomb, make_docx, make_odt, raw_pdf

from copyhound.errors import InputError
from copyhound.read import documents
from copyhound.read.documents import READER_FAILED, read_bytes, read_document
from copyhound.read.limits import ReadLimits

TWO_GB = 2 * 1024**3


def error_of(data: bytes, name: str, limits: ReadLimits | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_bytes(data, name, limits=limits or ReadLimits())
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    assert READER_FAILED not in message
    return message


CHILD = """
import resource, sys, json
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from copyhound.errors import InputError
from copyhound.read.documents import read_document
try:
    doc = read_document(sys.argv[1])
    print(json.dumps({{"text": len(doc.text)}}))
except InputError as exc:
    print(json.dumps({{"error": str(exc)}}))
"""


def read_in_child(path: Path) -> dict:
    """Read ``path`` in a child process limited to 2 GB of address space."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=TWO_GB), str(path)],
        capture_output=True,
        timeout=600,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def zip_bytes(members: dict[str, bytes], level: int = 6) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for member, blob in members.items():
            z.writestr(member, blob)
    return buf.getvalue()


ODT_HEAD = (
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
)
ODT_TAIL = b"</office:text></office:body></office:document-content>"
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def odt_of(content: bytes) -> bytes:
    return zip_bytes({"mimetype": ODT_MIME, "content.xml": content}, level=9)


# --- resource limits -----------------------------------------------------------------------


def test_odt_space_run_of_three_billion_is_refused_in_one_line():
    data = odt_of(ODT_HEAD + b'<text:p>a<text:s text:c="3000000000"/>b</text:p>' + ODT_TAIL)
    assert len(data) < 600
    message = error_of(data, "spaces.odt")
    assert "3,000,000,000 repeated spaces" in message and "max_space_run=10000" in message


def test_odt_many_space_runs_add_up_to_the_character_limit():
    runs = b'<text:s text:c="10000"/>' * 200
    data = odt_of(ODT_HEAD + b"<text:p>a" + runs + b"</text:p>" + ODT_TAIL)
    message = error_of(data, "runs.odt", ReadLimits(max_chars=1_000_000))
    assert "repeated spaces add up" in message and "max_chars=1000000" in message


def test_odt_ordinary_space_runs_still_read(tmp_path):
    doc = read_document(make_odt('<text:p>a<text:s text:c="3"/>b</text:p>', tmp_path / "x.odt"))
    assert doc.text == "a   b"


def test_pdf_flate_bomb_is_refused_within_two_gigabytes(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(raw_pdf(deflate_bomb(1_000_000_000), text="Hello"))
    assert path.stat().st_size < 1_200_000
    result = read_in_child(path)
    assert "max_unpacked_bytes=256000000" in result["error"]
    assert result["error"].startswith(f"{path}: refused: unpacks to over")


def test_pdf_stream_budget_is_settable_and_small_streams_read():
    data = raw_pdf(deflate_bomb(20_000_000), text="Visible words")
    assert "max_unpacked_bytes=5000000" in error_of(
        data, "b.pdf", ReadLimits(max_unpacked_bytes=5_000_000)
    )
    assert read_bytes(data, "b.pdf").text == "Visible words"


def test_pdf_image_streams_are_not_counted():
    image = deflate_bomb(20_000_000, b"\xff")
    filters = "/Filter /FlateDecode /Type /XObject /Subtype /Image /Width 1 /Height 1"
    data = raw_pdf(image, filters=filters, text="Words beside a big image")
    data = data.replace(b"/Contents [4 0 R 5 0 R]", b"/Contents [5 0 R]  ")  # text only
    doc = read_bytes(data, "img.pdf", limits=ReadLimits(max_unpacked_bytes=1_000_000))
    assert doc.text == "Words beside a big image"


def varied_words(size: int, seed: int = 7) -> bytes:
    """``size`` bytes of words from a small vocabulary: they deflate about 9:1, like prose
    XML, so no compression-ratio check refuses them."""
    rng = random.Random(seed)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 12)))
        for _ in range(16)
    ]
    block = " ".join(rng.choice(words) for _ in range(40_000)).encode()
    return (block * (size // len(block) + 1))[:size]


def repeated_member(head: bytes, body: bytes, count: int, tail: bytes) -> tuple[bytes, int, int]:
    """``head + body * count + tail`` raw-deflated fast (``body`` deflated once, its block
    repeated after a full flush), with its CRC-32 and size, as a zip member stores it."""
    parts, crc = [], 0
    for piece, times in ((head, 1), (body, count), (tail, 1)):
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        parts.append((packer.compress(piece) + packer.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc = zlib.crc32(piece, crc)
    parts.append(zlib.compressobj(6, zlib.DEFLATED, -15).flush())  # the final empty block
    return b"".join(parts), crc, len(head) + len(body) * count + len(tail)


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members ``(name, deflated, crc, size)``."""
    out, central = bytearray(), bytearray()
    for name, packed, crc, size in members:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0, crc, len(packed), size, len(encoded), 0)
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHII", 0, 0, 0, 0, len(out))
            + encoded
        )
        out += b"PK\x03\x04" + fields + encoded + packed
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_200_mb_xml_part_under_the_file_limit(tmp_path, fmt):
    text = varied_words(2_000_000)
    if fmt == "docx":
        head = (
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>"
        )
        body = b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"
        part, tail = "word/document.xml", b"</w:body></w:document>"
    else:
        head, body, part, tail = (
            ODT_HEAD,
            b"<text:p>" + text + b"</text:p>",
            "content.xml",
            ODT_TAIL,
        )
    packed, crc, size = repeated_member(head, body, 100, tail)  # 200 MB, 10 MB text nodes at most
    assert size > 200_000_000
    first = ("mimetype", *repeated_member(ODT_MIME, b"", 0, b""))
    if fmt == "docx":
        first = ("[Content_Types].xml", *repeated_member(b"<Types/>", b"", 0, b""))
    data = raw_zip([first, (part, packed, crc, size)])
    assert len(data) < 32_000_000
    path = tmp_path / f"big.{fmt}"
    path.write_bytes(data)
    result = read_in_child(path)
    assert "max_chars=50000000" in result["error"], result


def test_many_small_xml_elements_are_refused_before_parsing():
    xml = ODT_HEAD + b"<text:p>a<text:tab/></text:p>" * 30_000 + ODT_TAIL  # under 1 MB
    message = error_of(odt_of(xml), "nodes.odt", ReadLimits(max_xml_nodes=50_000))
    assert "XML elements" in message and "max_xml_nodes=50000" in message


def understate_sizes(data: bytes, member: str, size: int) -> bytes:
    """The zip with ``member``'s uncompressed size set to ``size`` in both of its headers."""
    out = bytearray(data)
    name = member.encode()
    local = out.find(b"PK\x03\x04")
    while local >= 0:
        if out[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        if out[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_docx_whose_headers_understate_the_sizes(tmp_path):
    words = varied_words(50_000_000)
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + b"<w:p><w:r><w:t>" + words[:5_000_000] + b"</w:t></w:r></w:p>" * 10
    )
    data = understate_sizes(zip_bytes({"word/document.xml": xml}), "word/document.xml", 1000)
    message = error_of(data, "liar.docx")
    assert "word/document.xml is damaged" in message
    path = tmp_path / "liar.docx"
    path.write_bytes(data)
    assert "damaged" in read_in_child(path)["error"]


def test_deeply_nested_html_is_refused_quickly_and_moderate_nesting_reads():
    deep = b"<html><body>" + b"<article>x " * 100_000 + b"</article>" * 100_000 + b"</body>"
    message = error_of(deep, "deep.html")
    assert "nested over 1,000 deep" in message and "max_depth=1000" in message
    moderate = b"<html><body>" + b"<article><p>x</p>" * 500 + b"</article>" * 500 + b"</body>"
    doc = read_bytes(moderate, "moderate.html")
    assert doc.text.split() == ["x"] * 500


def test_html_nesting_counts_what_a_parser_would_keep_open():
    from copyhound.read.formats.html import nesting_depth

    unclosed_paragraphs = "<div>" + "<p>para" * 5000 + "</div>"
    assert nesting_depth(unclosed_paragraphs, 1000) == 1
    closed_by_outer = "<div><span><b>x</div>" * 2000  # the div's end closes span and b
    assert nesting_depth(closed_by_outer, 1000) == 3
    assert nesting_depth("<div>" * 1500, 1000) == 1001
    commented = "<!--" + "<div>" * 1500 + "-->" + "<script>" + "<div>" * 1500 + "</script>"
    assert nesting_depth(commented, 1000) == 0


def test_limits_name_the_file_and_the_limit_for_plain_text(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match=r"long.txt: refused: over 100 characters .*max_chars="):
        read_document(path, limits=ReadLimits(max_chars=100))


def test_time_limit_is_checked_between_steps(tmp_path):
    path = make_docx("Some words.\n" * 50, tmp_path / "a.docx")
    with pytest.raises(InputError, match=r"a.docx: refused: reading took over .*max_seconds="):
        read_document(path, limits=ReadLimits(max_seconds=-1))


# --- every reader's failure is one line; its text valid Unicode ---------------------------


def test_rtf_emoji_as_word_writes_it_is_one_valid_character():
    data = b"{\\rtf1\\ansi\\uc1 Smile \\u-10179?\\u-8704? and lone \\u-10179? end\\par}"
    doc = read_bytes(data, "emoji.rtf")
    assert doc.text == "Smile \U0001f600 and lone \ufffd end"
    doc.text.encode("utf-8")  # no surrogates left to break a report or SQLite


def test_html_processing_instruction_is_skipped():
    data = b"<html><body><p>Hello <?php echo 'x'; ?>world</p></body></html>"
    assert read_bytes(data, "pi.html").text == "Hello world"


@pytest.mark.parametrize("charset", ["rot13", "unicode_escape", "hex", "idna", "nonsense-9"])
def test_html_meta_charset_naming_an_unusable_codec(charset):
    data = f"<html><head><meta charset='{charset}'></head><body><p>Caf\u00e9</p></body>"
    assert read_bytes(data.encode("utf-8"), "cs.html").text == "Caf\u00e9"


def test_odt_damaged_deflate_stream():
    content = ODT_HEAD + b"<text:p>" + b"some words here " * 200 + b"</text:p>" + ODT_TAIL
    data = bytearray(zip_bytes({"mimetype": ODT_MIME, "content.xml": content}))
    start = data.find(b"content.xml") + len(b"content.xml")
    data[start + 20 : start + 60] = b"\xff" * 40  # inside the deflated bytes
    assert "content.xml is damaged" in error_of(bytes(data), "broken.odt")


def test_odt_non_numeric_space_count_is_one_space():
    data = odt_of(ODT_HEAD + b'<text:p>a<text:s text:c="many"/>b</text:p>' + ODT_TAIL)
    assert read_bytes(data, "c.odt").text == "a b"


def test_nul_inside_odt_xml_is_a_one_line_error():
    data = odt_of(ODT_HEAD + b"<text:p>a\x00b</text:p>" + ODT_TAIL)
    assert "damaged XML" in error_of(data, "nul.odt")


def test_odt_comments_are_not_text():
    data = odt_of(ODT_HEAD + b"<text:p>a<!-- hidden -->b</text:p>" + ODT_TAIL)
    assert read_bytes(data, "c.odt").text == "ab"


def test_an_unforeseen_reader_exception_is_one_line(monkeypatch):
    def broken(data: bytes, name: str):
        raise KeyError("line one\nline two")

    monkeypatch.setitem(documents.READERS, "text", broken)
    with pytest.raises(InputError) as info:
        read_bytes(b"words", "x.txt")
    message = str(info.value)
    assert message.startswith(f"x.txt: {READER_FAILED} text file (KeyError")
    assert "\n" not in message


def test_zip_of_an_unknown_version_is_damaged():
    """Found by fuzz_readers (input 19831): zipfile raises NotImplementedError for it."""
    data = bytearray(odt_of(ODT_HEAD + b"<text:p>a</text:p>" + ODT_TAIL))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 149)  # version needed to extract: 14.9
    assert "not a valid OpenDocument text" in error_of(bytes(data), "v.odt")
