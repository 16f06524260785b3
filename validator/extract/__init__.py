"""Extraction: turn attachment bytes into text lines, then into Annex 1 and registration values."""
