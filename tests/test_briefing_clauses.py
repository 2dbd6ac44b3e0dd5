"""A point gathers the specific clauses of its paragraph: the figures and names a neighbouring
sentence adds join the point (cited, verbatim, within the word limit) when the room allows,
on the hash fake embedding (no model, no one corpus)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from briefing_bot import Assistant
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

PORTS = (
    "---\n"
    'title: "Harbours of the Northern Coast"\n'
    'author: "Ada Brekke"\n'
    "---\n"
    "\n"
    "## Overview\n"
    "\n"
    "This report argues that the terminals of the northern harbour authority, and the "
    "authority itself, must be modernised.\n"
    "\n"
    "## Terminals\n"
    "\n"
    "The northern harbour authority runs the ferry terminals of the whole coast. "
    "It spent 48 million euros on new cranes in 2024, according to Mara Olsen of the Port "
    "Board, and hired 140 crane operators.\n"
    "\n"
    "The northern harbour authority also manages the fishing quays of the outer islands.\n"
    "\n"
    "The terminals of the northern harbour authority close at midnight in winter.\n"
    "\n"
    "Travellers rate the northern harbour authority terminals poorly for their waiting rooms.\n"
    "\n"
    "Critics say the northern harbour authority consults the island councils too little.\n"
    "\n"
    "## Weather\n"
    "\n"
    "Storms close the outer quays for several days every winter.\n"
)


@pytest.fixture(scope="module")
def ports(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _bot(tmp_path_factory.mktemp("ports"), {"ports.md": PORTS})


def _render(bot: Assistant, bottom_words: str, body_words: list[str]) -> str:
    """The briefing the composer renders for the sentences holding these words (the points
    chosen by hand, every sentence equally relevant)."""
    composer = bot.briefer
    table = composer.tables.table(composer.doc_ids[0])

    def row(words: str) -> int:
        return next(s.row for s in table.sents if words in s.text)

    bottom, body = row(bottom_words), [row(w) for w in body_words]
    relevance = dict.fromkeys(table.rows, 1.0)
    extras = composer._attachments(bottom, body, relevance) if composer.cfg.attach_clauses else {}
    briefing = composer._render(
        "Briefing",
        "harbour terminals",
        bottom,
        body,
        doc_id=None,
        rel=relevance,
        asked=None,
        extras=extras,
    )
    check_briefing(briefing, bot)
    return briefing.text


def _point(briefing_text: str, words: str) -> str:
    return next(line for line in briefing_text.splitlines() if words in line)


BODY = ["runs the ferry terminals", "close at midnight", "consults the island councils"]


def test_a_point_takes_the_figures_of_its_neighbour(ports: Assistant) -> None:
    text = _render(ports, "This report argues", BODY)
    point = _point(text, "runs the ferry terminals")
    # the next sentence's figures and name join the point that its paragraph gave, and the
    # passage is cited once
    assert "48 million euros" in point and "Mara Olsen" in point
    assert point.endswith("[2]")
    assert len(re.findall(r"^- ", text, re.MULTILINE)) == 3


def test_without_added_clauses_the_figures_are_left_out(ports: Assistant) -> None:
    composer = ports.briefer
    saved = composer.cfg
    composer.cfg = dataclasses.replace(saved, attach_clauses=False)
    try:
        text = _render(ports, "This report argues", BODY)
    finally:
        composer.cfg = saved
    assert "48 million euros" not in text


def test_a_sentence_that_is_a_point_is_never_added_to_another(ports: Assistant) -> None:
    text = _render(ports, "This report argues", ["runs the ferry terminals", "It spent 48"])
    assert text.count("48 million") == 1
    assert "48 million" not in _point(text, "runs the ferry terminals")


def test_added_clauses_never_break_the_word_limit(ports: Assistant) -> None:
    for topic, points in (("northern harbour authority", None), (None, None), (None, 7)):
        briefing = ports.brief(topic, points=points)
        check_briefing(briefing, ports)
        assert briefing.word_count() <= 250


def test_paragraph_numbers_are_no_list_and_a_semicolon_list_is_one() -> None:
    from briefing_bot.briefing.text import find_enumerations

    sents = [
        "The committee should press for three measures, set out at the end.",
        "1. Thank you for the invitation to give evidence.",
        "2. My argument is that caps must come first.",
        "3. Demand will rise by 2050.",
        "4. Other countries show the way.",
        "5. I invite the committee to recommend that the Government:",
        "introduce caps in the most stressed catchments by 2030;",
        "create a public register of trades;",
        "report to Parliament every year.",
        "6. I would be glad to give oral evidence.",
    ]
    found = find_enumerations(sents, lambda i, j: True)
    # "1." to "3." are the evidence's paragraph numbers (they go on to "4."): not the three
    # measures; the measures are the items after the colon
    assert found == {5: [6, 7, 8]}


def test_numbered_paragraphs_running_past_the_window_are_no_list() -> None:
    """A report's numbered paragraphs nobody announced ("1. On 14 January we launched…")
    run on past what one list can hold: the sentence before them leads no list; a short
    numbered list that ends is one."""
    from briefing_bot.briefing.text import find_enumerations

    paragraphs = [f"{n}. Paragraph {n} of the report says something." for n in range(1, 30)]
    sents = ["The Minister promised a strategy by the summer.", *paragraphs]
    assert find_enumerations(sents, lambda i, j: True, span=10) == {}
    listed = ["We make two proposals.", "1. Fund the routes.", "2. Train drivers.", "It ends."]
    assert find_enumerations(listed, lambda i, j: True) == {0: [1, 2]}


def test_the_subject_clause_of_a_clause_too_long_for_the_room() -> None:
    """What a neighbour adds, when its whole sentence does not fit the room left: its subject
    clause alone (verbatim, the cut marked), and nothing for a sentence of one clause."""
    from briefing_bot.briefing.text import head_clause

    text = (
        "The average wait for a repair crew fell from 14 hours in 2021 to 11 hours in 2025, "
        "but that remains far above the six-hour target the operator set for itself."
    )
    head = head_clause(text)
    assert head == (
        "The average wait for a repair crew fell from 14 hours in 2021 to 11 hours in 2025 …"
    )
    assert head_clause("However, the crews are few.") is None
    assert (
        head_clause("Moreover, the crews on call are few, and most are based far away.")
        == "…the crews on call are few …"
    )
    # a speaker and their title stop before what they said: alone they state nothing
    assert (
        head_clause(
            "Siobhán Kearney, Director of Rural Transport at the Authority, told us that "
            "the share rose from 53 per cent in 2021 to 70 per cent."
        )
        is None
    )


def test_a_quotation_is_never_cut_inside() -> None:
    """A comma or semicolon inside a quotation is the speaker's, not a clause boundary: the
    quotation stays whole or goes whole (half of it misquotes, and lost the quoted point)."""
    from briefing_bot.briefing.text import lean_sentence, trim_sentence

    text = (
        "Anna Berg, a deputy minister at the Ministry of Trade, put it plainly in an interview: "
        '"We are told we are a partner, but we are licensed like a risk."'
    )
    # a clause of the quotation alone carries no specific: it used to be leaned away
    lean = lean_sentence(text, lambda clause: 1.0 if "licensed" in clause else 0.0)
    assert lean.endswith('"We are told we are a partner, but we are licensed like a risk."')
    curly = (
        "Professor Jan Holm argued in July 2026 that \u201cthe treaty route is closed for a "
        "decade; the practical route is a coalition of licensing states\u201d, and others agree."
    )
    cut = trim_sentence(curly, 20, lambda clause: float("treaty" in clause))
    assert "\u201cthe treaty route is closed for a decade; the practical route" in cut
    # straight quotes taken two by two; an unclosed one runs to the end
    from briefing_bot.briefing.text import _quoted

    assert _quoted('a "b, c" d, "e; f') == [(3, 7), (13, 17)]


RIVERS = (
    "---\n"
    'title: "Keeping the Rivers Clean"\n'
    'author: "Lena Voss"\n'
    "---\n"
    "\n"
    "## Summary\n"
    "\n"
    "This paper argues that river pollution from farms needs binding limits, not advice.\n"
    "\n"
    "## Recommendations\n"
    "\n"
    "1. Legislate a binding nitrate limit of 25 milligrams per litre for every river by 2030.\n"
    "2. Fund 400 river inspectors through a levy on fertiliser sales.\n"
    "3. Publish every inspection of a farm within 30 days.\n"
)


def test_a_list_items_number_is_not_its_point(tmp_path_factory: pytest.TempPathFactory) -> None:
    bot = _bot(tmp_path_factory.mktemp("rivers"), {"rivers.md": RIVERS})
    briefing = bot.brief("recommendations on river pollution")
    check_briefing(briefing, bot)
    bullets = [line for line in briefing.text.splitlines() if line.startswith("- ")]
    assert any("river inspectors" in line for line in bullets)
    # the bullet is the item, without the list's "2." (the cited sentence keeps it)
    assert not [line for line in bullets if re.match(r"- \d+[.)] ", line)]
    assert all(not re.match(r"\d+[.)] ", p.text) for p in briefing.points)
