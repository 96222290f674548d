"""The anchor grammar, in one place (documented in docs/anchors.md).

- headings: slug of the heading text (`nazarbaevs-rise-to-power`, `-2` on a repeat);
- paragraphs, verse, lists, quotations: `p1`, `p2` … in reading order, then pinned to
  their words by the lock (anchor_lock.pin_corpus); a block whose number went back to
  words the lock knows gets a fresh `p14-2`;
- a memo's numbered paragraphs keep the source's number: `para-9`; sub-items `para-9-c`;
- notes keep the source's label: `n194`; symbol notes `*`, `**` → `n-star-1`, `n-star-2`;
- in the PDF every anchor is a named destination `<document id>-<anchor>` (the first
  document's anchors also under the bare name, `n194`); in the EPUB an id of that form.
"""
from __future__ import annotations

import re
import unicodedata

ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slugify(text: str) -> str:
    normal = unicodedata.normalize("NFKD", text)
    ascii_text = normal.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = re.sub(r"['’]", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "section"


def note_anchor(label: str) -> str:
    if label.isdigit():
        return f"n{int(label)}"
    if set(label) == {"*"}:
        return f"n-star-{len(label)}"
    return f"n-{slugify(label)}"


def paragraph_anchor(index: int) -> str:
    return f"p{index}"


def numbered_anchor(number: str, sub: str = "") -> str:
    return f"para-{number}" + (f"-{sub.lower()}" if sub else "")


def pdf_destination(doc_id: str, anchor: str) -> str:
    return f"{doc_id}-{anchor}"
