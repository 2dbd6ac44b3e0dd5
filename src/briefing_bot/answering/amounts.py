"""A sum of money asked for, and nothing quoted gives one: "how much did <agency> spend on
<campaign>?" answered by what the agency seized, "what would <project> cost?" by who proposed
it. A share counts as an answer (a cost may be given as a percent of value), as does any
figure with a scale ("1.2 billion") or a currency, written before or after it.

Only generic English is known here (money verbs, currency shapes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing_bot.answering.analysis import Question
from briefing_bot.answering.compose import Citations, Picked, answer_sentence
from briefing_bot.answering.numbers import FIGURE, has_money, has_percent

# "how much did … spend", "what would … cost", "what fee does … charge": a sum is asked
# ("what is the loan paying for?" asks a purpose: after "what", only a price word asks a sum)
_ASKS_MONEY = re.compile(
    r"^\W*(?:how\s+much\b.*\b(?:spend|spent|spending|pay|pays|paid|paying|invest|invested"
    r"|investing|budget|budgeted)|(?:how\s+much|what)\b.*\b(?:cost|costs|costing|charge"
    r"|charges|charged|price|fee|fees))\b",
    re.IGNORECASE,
)
# an amount however written: "SEK 380 million", "1.9 US cents", "4.5 billion", "€12m"
_AMOUNT = re.compile(
    rf"\b[A-Z]{{3}}\s?\d|{FIGURE}\s*(?:[A-Z]{{2,3}}\s+)?(?:cents?|pence|million|billion|trillion"
    rf"|thousand|bn|mn|m|k)\b|{FIGURE}\s?(?:\w+\s)?(?:dollars|euros|pounds|yen|francs|crowns"
    r"|kronor|kroner|rupees|pesos|reais|rand|yuan)\b",
)
# "free", "at no charge", "nothing": a sum of zero, said in words
_NOTHING = re.compile(r"\b(?:free|no\s+(?:charge|cost|fee)|nothing|zero)\b", re.IGNORECASE)


def asks_money(text: str) -> bool:
    """Does a question ask for a sum of money ("how much did it cost?")?"""
    return bool(_ASKS_MONEY.search(text))


def gives_amount(text: str) -> bool:
    """Does a sentence give a sum or a share (a cost may be a percent of value), or say it
    is nothing?"""
    return bool(
        has_money(text) or has_percent(text) or _AMOUNT.search(text) or _NOTHING.search(text)
    )


def no_amount(q: Question, chosen: Sequence[Picked]) -> Picked | None:
    """The sentence to quote when a question standing on its own asks for a sum of money
    and none of the ``chosen`` sentences gives a sum, a share or a scaled figure; else
    None."""
    if not chosen or q.followup or not asks_money(q.text):
        return None
    if any(gives_amount(s.text) for s in chosen):
        return None
    return chosen[0]


def refusal(scope: str, nearest: Picked, citations: Citations) -> str:
    """ "<scope> gives no amount for this. The closest it says (…): “…” [n]"."""
    lead = scope[:1].upper() + scope[1:]
    cit = citations.cite(nearest)
    quote = f"“{answer_sentence(nearest.text, nearest.chunk)}” [{cit.number}]"
    return f"{lead} gives no amount for this. The closest it says ({cit.locator}): {quote}"
