"""Who wrote the contributions a collection's introduction presents
(answering/contributors.py), on invented text."""

from __future__ import annotations

import pytest

from briefing_bot.answering.contributors import asks_contributors, contributor_lines
from tests.fakes import sentence_chunk


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("who are the authors of the papers in this issue?", True),
        ("who contributed to this volume?", True),
        ("list the contributors", True),
        ("who are the contributors, in order?", True),
        # one piece, the document's own author, or a question about what some author says
        ("who are the authors of the harbour paper?", False),
        ("who are the authors?", False),
        ("who wrote this?", False),
        ("which authors warn about dredging costs?", False),
    ],
)
def test_a_question_for_every_contributor_and_nothing_else(question: str, asks: bool) -> None:
    assert asks_contributors(question) is asks


def test_each_contributor_once_in_reading_order() -> None:
    chunks = [
        sentence_chunk(
            0,
            "The harbour has silted up since 1990.",
            "Ana Lima of the Delta Institute examines the dredging budget.",
            "Faced with rising seas, Tom Berg and Eva Holm chart the options for the old port.",
        ),
        sentence_chunk(
            1,
            "Ana Lima also notes that costs doubled.",  # named again: not a second line
            "The mayor, Rui Costa, opened the new quay in 2024.",  # no contribution presented
            "Finally, Rui Costa's own paper proposes a levy.",
        ),
    ]
    persons = {"Ana Lima", "Tom Berg", "Eva Holm", "Rui Costa"}
    lines = contributor_lines(chunks, persons)
    assert [(p.chunk.id, p.index) for p in lines] == [("c0", 1), ("c0", 2), ("c1", 2)]
    assert len(contributor_lines(chunks, persons, limit=2)) == 2
