"""Escaping for the report: every piece of text from the data goes through ``escape``."""

from __future__ import annotations

import html


def escape(text: object) -> str:
    """``text`` as a string safe inside HTML text and double- or single-quoted attributes."""
    return html.escape(str(text), quote=True)
