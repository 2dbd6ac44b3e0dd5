"""Is a downloaded page the whole work, or a paywall's teaser? Generic, documented heuristics.

A page counts as **paywalled or partial** when any of these holds:

* its JSON-LD says so: ``"isAccessibleForFree": false`` (the schema.org marking publishers use
  for paywalled content);
* its markup carries a paywall marker: a ``class`` or ``id`` naming a paywall, meter or
  subscriber gate (``paywall``, ``subscriber-only``, ``regwall``, ``meter``…, see
  :data:`PAYWALL_MARKERS`);
* its main text is very short relative to the page: under :data:`SHORT_MAIN_WORDS` words while
  the page's visible text is at least :data:`SHORT_RATIO` times longer (a teaser beside the
  site's menus and promotions).

Such a copy is still stored (its words may be all there is), flagged ``partial`` with the
reason, and never described as the full text.
"""

from __future__ import annotations

import re

SHORT_MAIN_WORDS = 80
SHORT_RATIO = 8
PAYWALL_MARKERS = (
    "paywall",
    "pay-wall",
    "subscriber-only",
    "subscribers-only",
    "subscription-wall",
    "subscribe-wall",
    "regwall",
    "registration-wall",
    "premium-content",
    "metered-content",
    "meter-wall",
    "content-gate",
    "article-gate",
    "piano-offer",
    "tp-modal",
    "locked-content",
)
_NOT_FREE = re.compile(r"""["']?isAccessibleForFree["']?\s*:\s*(["']?)false\1""", re.IGNORECASE)
_ATTR = re.compile(r"""\b(?:class|id)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(
    r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")


def paywall_reason(html: str, main_text: str) -> str | None:
    """Why an HTML page looks paywalled or partial, or None when it looks whole.

    ``main_text`` is the page's main text as the corpus extracts it.
    """
    if _NOT_FREE.search(html):
        return "the page marks itself not free to read (isAccessibleForFree: false)"
    for match in _ATTR.finditer(html):
        names = re.split(r"[\s]+", match.group(2).lower())
        for name in names:
            marker = next((m for m in PAYWALL_MARKERS if m in name), None)
            if marker:
                return f"paywall marker in the page's markup ({name!r})"
    main_words = len(main_text.split())
    page_words = len(_TAG.sub(" ", _INVISIBLE.sub(" ", html)).split())
    if main_words < SHORT_MAIN_WORDS and page_words >= SHORT_RATIO * max(main_words, 1):
        return f"main text very short ({main_words} words of {page_words} on the page)"
    return None
