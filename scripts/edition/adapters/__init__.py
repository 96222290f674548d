"""Adapters: one per *kind* of source, chosen in the catalog by `kind:`.

An adapter is a function (catalog entry, decoded text, path for messages) -> Document.
It recognises structure by rules that hold for any source of its kind, never by line
numbers or strings peculiar to one file.
"""
from __future__ import annotations

from typing import Callable

from ..model import CatalogEntry, Document
from . import chapter_endnotes, declassified_memo, web_article

Adapter = Callable[[CatalogEntry, str, str], Document]

ADAPTERS: dict[str, Adapter] = {
    "chapter-endnotes": chapter_endnotes.read,
    "declassified-memo": declassified_memo.read,
    "web-article": web_article.read,
}
