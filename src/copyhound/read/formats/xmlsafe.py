"""Parsing document XML without entity expansion, network access or huge trees."""

from __future__ import annotations

from copyhound.errors import InputError


def parse_xml(blob: bytes, name: str, kind: str):
    """An lxml element tree root; a damaged part is a one-line ``InputError``."""
    from copyhound.read.formats.locations import require

    etree = require("lxml.etree", "lxml", kind)

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not a valid {kind} (damaged XML: {exc.msg})") from None
