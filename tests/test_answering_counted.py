"""What a count counts (answering/counted.py): a "how many X" question and a sentence whose
counts are of other things. Invented sentences; English alone decides."""

from __future__ import annotations

import pytest

from briefing_bot.answering.counted import asked_count, count_clash, counted_after, counts
from briefing_bot.retrieval import tokenize


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("how many ferries does the harbour board run?", ["ferries"]),
        ("how many of the pumping stations had no backup power?", ["pumping", "stations"]),
        ("how many kinds of tracked vehicle does the army field?", ["tracked", "vehicle"]),
        ("how many fewer complaints after the reform?", ["complaints"]),
        ("how many people work at the port?", []),  # any noun for people answers
        ("what did the bridge cost?", None),
    ],
)
def test_asked_count(question: str, asked: list[str] | None) -> None:
    assert asked_count(question) == asked


def test_counted_phrase_follows_the_figure() -> None:
    words = "the fund backed 23 different types of river barge in 2024".split()
    assert counted_after(words, 3) == ["different", "types", "river", "barge"]
    words = "of the 40 dams, 12 were finished late".split()
    assert counted_after(words, 4) == []  # "12 were": the noun is left unsaid
    words = "it trained 1,400 small and medium-sized suppliers".split()
    assert counted_after(words, 2) == ["small", "medium-sized", "suppliers"]


def test_counts_skip_years_money_shares_and_item_numbers() -> None:
    text = "4. In 2023 the agency spent EUR 40 million, 12 percent more, on 310 new buses."
    assert counts(text) == [["new", "buses"]]


def _said(asked: list[str]):  # type: ignore[no-untyped-def]
    stems = {s for w in asked for s in tokenize(w)}
    return lambda got: bool(stems & got)


def test_clash_when_every_count_counts_something_else() -> None:
    text = "The line delivered its first trams in May 2025 and will employ some 900 people."
    assert count_clash(["trams"], text, _said(["trams"])) is True  # 900 counts people
    assert count_clash(["people"], text, _said(["people"])) is False
    assert count_clash(["staff"], "The office has 34 staff.", _said(["staff"])) is False


def test_no_clash_when_a_count_leaves_its_noun_unsaid() -> None:
    text = "Of the 14 districts with a clinic, nine depend on a single doctor."
    assert count_clash(["doctors"], text, _said(["doctors"])) is False


def test_meaning_and_unit_names_count_as_the_asked_noun() -> None:
    text = "The wind farm will add 300 megawatts of capacity."
    assert count_clash(["MW"], text, lambda got: "megawatt" in got) is False
    close = lambda word, words: word == "boats" and "ships" in words  # noqa: E731
    text = "The navy has 12 ships on patrol."
    assert count_clash(["boats"], text, _said(["boats"]), close) is False
    assert count_clash(["boats"], text, _said(["boats"])) is True
