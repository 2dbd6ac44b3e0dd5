"""The shared text helpers: fact matching as the eval, the cross-document check and the
briefing scorer's fit all count a found fact."""

from __future__ import annotations

import time

from briefing_bot.text import facts_held, fold_for_facts, strip_citation_markers


def test_markers_are_stripped_whatever_their_form() -> None:
    text = "Ports grew by 12 percent [1]. Exports fell [2, 3] and rose [4–6]."
    assert strip_citation_markers(text) == "Ports grew by 12 percent. Exports fell and rose."


def test_a_fact_is_held_by_any_spelling_any_case_and_either_quote() -> None:
    text = "The Harbour Board’s “green corridor” cost 40 million."
    facts = [["harbour board's"], ['"Green Corridor"'], ["forty million", "40 million"], ["tolls"]]
    assert facts_held(text, facts) == [True, True, True, False]


def test_whitespace_does_not_split_a_fact() -> None:
    assert fold_for_facts("a  Green\n Corridor") == "a green corridor"
    assert facts_held("a  Green\n Corridor", [["green corridor"]]) == [True]


def test_an_empty_spelling_never_matches() -> None:
    assert facts_held("anything", [[""], []]) == [False, False]


def test_citation_markers_are_stripped_in_linear_time_on_a_long_run_of_spaces() -> None:
    # the space before a marker is taken from the start of its run: searching from every
    # space of a 200,000-space run was quadratic
    started = time.perf_counter()
    assert strip_citation_markers(" " * 200_000 + "x") == "x"
    assert time.perf_counter() - started < 1.0
    assert strip_citation_markers("a claim   [2, 3] and another [4–6].") == "a claim and another."
