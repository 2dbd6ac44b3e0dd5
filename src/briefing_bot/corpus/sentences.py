"""Sentence spans: pysbd, repaired where it splits abbreviations and citations."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# the number in a table's or figure's label: "1", "2.3", "A", "A1", "4b"
LABEL_NUMBER = r"[A-Z]?\d{0,3}(?:\.\d{1,3})*[a-z]?"
# A piece that is only a table's or figure's label ("Table 1.", "Figure 2.3.", "Box A."): the
# caption it numbers follows, in the same sentence
LABEL_KINDS = r"(?:Table|Figure|Fig\.|Chart|Graph|Map|Box|Exhibit|Panel|Plate|Annex|Appendix)"
_LABEL = re.compile(rf"^{LABEL_KINDS}\s+{LABEL_NUMBER}\.$")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``[start, end)`` in ``text``, trailing spaces excluded."""
    if not text.strip():
        return []
    spans: list[tuple[int, int]] = []
    for piece in _segmenter().segment(text):
        start, end = piece.start, piece.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return _repair_sentences(text, spans)


def _repair_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """pysbd splits after abbreviations it doesn't know ("U.S. Terminal"): join a piece that
    ends in an initialism or starts in lower case onto its neighbour; after a "?" or "!"
    inside a title or a label ("Who Pays?, Institute …", "Binding?: Yes"): join a piece
    that starts with the comma, colon or semicolon that follows it; and after a caption's
    label ("Table 1. Exposure by country"): join the label to its caption."""
    repaired: list[tuple[int, int]] = []
    for start, end in spans:
        if repaired:
            p_start, p_end = repaired[-1]
            prev = text[p_start:p_end]
            cur = text[start:end]
            if (
                (
                    re.search(r"\b(?:[A-Z]\.){2,}$|\b(?:e\.g|i\.e|etc|vs|No|Dr|Mr|Ms|St)\.$", prev)
                    and (
                        cur[:1].isupper() and not re.match(r"(?:The|This|These|It|In|A|An)\b", cur)
                    )
                )
                or cur[:1].islower()
                or cur[:1] in ",;:"
                or _LABEL.match(prev)
                or (
                    # "Vol. 9", "No. 2", "pp. 11-15", "Art. 18": a short abbreviation then a number
                    cur[:1].isdigit() and re.search(r"\b[A-Za-z]{1,4}\.$", prev)
                )
            ):
                repaired[-1] = (p_start, end)
                continue
        repaired.append((start, end))
    return repaired


# ---------------------------------------------------------------------------------------------
# Endnotes
