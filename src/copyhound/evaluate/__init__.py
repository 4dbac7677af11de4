"""Evaluation against corpora in the PAN text-alignment layout."""
