"""Parsing document XML without entity expansion, network access or huge trees.

Bounds, all from libxml2 without ``XML_PARSE_HUGE`` or from the document's budget: no element
nested over 256 deep, no text node over 10 MB, and no more elements than the budget's
``max_xml_nodes`` (counted from the bytes before parsing: an element needs a ``<`` that is
not ``</``, so that count bounds the tree before it is built).
"""

from __future__ import annotations

from copyhound.errors import InputError
from copyhound.read.limits import budget


def one_line(message: str) -> str:
    """A library's message on one line (libxml2 puts newlines inside some)."""
    return " ".join(message.split())


def parse_xml(blob: bytes, name: str, kind: str):
    """An lxml element tree root; a damaged or oversized part is a one-line ``InputError``."""
    from copyhound.read.formats.locations import require

    etree = require("lxml.etree", "lxml", kind)

    spend = budget()
    spend.add_nodes(blob.count(b"<") - blob.count(b"</"))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        root = etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        message = one_line(exc.msg or str(exc))
        if "Excessive depth" in message:
            raise spend.refuse(
                "XML elements nested over 256 deep", "libxml2's depth limit"
            ) from None
        raise InputError(f"{name}: not a valid {kind} (damaged XML: {message})") from None
    except ValueError as exc:  # lxml: "can only parse strings", NUL bytes in some versions
        message = one_line(str(exc))
        raise InputError(f"{name}: not a valid {kind} (damaged XML: {message})") from None
    spend.check_time()
    return root
