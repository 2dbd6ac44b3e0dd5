"""Coverage and abstention mechanisms that generalise: numbered and spelled-out lists, table
rows, spelled-out figures, recommendations, documents without headings, subject words the
corpus never uses, and the leave-one-document-out calibration. On the hash fake embedding:
nothing here depends on a model or on one corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_bot import Assistant
from briefing_bot.briefing.absence import Absence, subject_words
from briefing_bot.briefing.calibrate import Item, calibrate_lodo, fit_absence
from briefing_bot.briefing.signals import form_of, is_tabular, is_vague, specifics
from briefing_bot.briefing.text import find_enumerations, ordinal_of
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import BROADBAND, LIBRARIES, _bot

# A speech transcript: no headings, figures spelled out, a list of instructions.
SPEECH = (
    "---\n"
    'title: "Keeping the Buses Running"\n'
    'author: "Rosa Calder"\n'
    "---\n"
    "\n"
    "Good morning, and thank you for having me at the transit forum this year.\n"
    "\n"
    "I want to talk about the bus network, which carries more people every day than every "
    "other mode of public transport in this region put together. Ridership fell during the "
    "pandemic, and it has come back faster than anyone predicted.\n"
    "\n"
    "On the money: the council will invest about two hundred million pounds in new electric "
    "buses between 2026 and 2030, roughly half of it from the national clean air fund. "
    "Around sixty million of that goes to depot chargers, so that every garage can charge "
    "overnight.\n"
    "\n"
    "Drivers are the hardest part. Thirty-eight percent of our drivers will retire within "
    "ten years, and recruitment has not kept pace with departures for a decade.\n"
    "\n"
    "The review made four recommendations, and the council accepts all four. First, "
    "publish every route's punctuality each month. Second, give bus lanes camera "
    "enforcement on every corridor. Third, train two thousand new drivers by the end of "
    "2027. And fourth, review the whole network in public every two years.\n"
    "\n"
    "Indicator: Buses in service; 2021: 410; 2025: 455\n"
    "\n"
    "Thank you, and I look forward to your questions about the bus network.\n"
)


@pytest.fixture(scope="module")
def framed(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The speech with a sentence that uses the frame words "policy" and "plans"."""
    text = SPEECH.replace(
        "Drivers are the hardest part.",
        "Our fares policy and our plans for bus fares are set out in the budget. "
        "Drivers are the hardest part.",
    )
    return _bot(tmp_path_factory.mktemp("framed"), {"buses.md": text})


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _bot(tmp_path_factory.mktemp("speech"), {"buses.md": SPEECH})


def test_list_items_numbered_spelled_and_unannounced() -> None:
    assert ordinal_of("2. Require flushing.") == 2
    assert ordinal_of("And fourth, review the network.") == 4
    assert ordinal_of("2021 was a dry year.") is None
    # an unannounced numbered list is led by the sentence before it
    found = find_enumerations(
        ["Our advice:", "1. Adopt a target.", "Why.", "2. Pay."], lambda *_: True
    )
    assert found == {0: [1, 3]}


def test_table_rows_figures_and_prescriptions() -> None:
    assert is_tabular("Indicator: Buses in service; 2021: 410; 2025: 455")
    assert not is_tabular("Chile: the state owns it, and the rest; fine")
    # a labelled list of keywords is no point either; a sentence listing three things is
    assert is_tabular("Keywords: bus networks; electric fleets; driver recruitment")
    assert not is_tabular("Three options remain: cap fares; add lanes; hire drivers.")
    assert specifics("about two hundred million pounds and thirty-eight percent") >= 2
    prescribes = form_of("the review's recommendations")
    assert prescribes is not None
    assert prescribes("First, publish every route's punctuality each month.")
    assert prescribes("The council should publish it.") and not prescribes("First, distance.")
    # an ordinal item naming a thing ("Second, the way we buy.") is a reason, not an instruction
    assert not prescribes("Second, the way we buy.") and not prescribes("Third, our depots.")
    assert prescribes("Second, give bus lanes camera enforcement.")


def test_spelled_out_shares_are_figures() -> None:
    # a transcript says its shares in words: they are as specific as "66 percent"
    said = "In two thirds of the depots the new buses stood unused."
    assert specifics(said) >= 1 and not is_vague(said)
    assert specifics("One in five drivers left within a year.") >= 1
    assert specifics("Three-quarters of the routes run late.") >= 1
    assert specifics("Seven tenths of the stops have no shelter.") >= 1  # any numerator
    # an ordinal is no share: "A third depot is closed." is still a bare lead-in
    assert specifics("A third depot is closed.") == 0 and is_vague("A third depot is closed.")


def test_a_document_without_headings_is_briefed_from_its_paragraphs(speech: Assistant) -> None:
    briefing = speech.brief()
    check_briefing(briefing, speech)
    assert len(briefing.points) >= 3
    lines = [briefing.bottom_line, *briefing.points]
    # no title line, byline, question or table row leads
    assert all(p is not None and p.text.endswith((".", "…")) for p in lines)
    assert not any(p is not None and p.text.startswith("Indicator") for p in lines)


def test_the_accepted_recommendations_are_the_list(speech: Assistant) -> None:
    briefing = speech.brief("the accepted recommendations")
    check_briefing(briefing, speech)
    text = briefing.text
    assert all(w in text for w in ("punctuality", "camera", "two thousand", "in public"))


def test_subject_words_the_corpus_never_uses() -> None:
    words = {"bus", "network", "electr", "recruit", "lane", "biotechnolog"}
    absence = Absence(lambda stem: stem in words, lambda: ["biotechnology", "bus"])
    assert subject_words("risks of the bus network") == ["bus", "network"]
    # a capitalised first word is left out when it is a name the corpus knows
    assert subject_words("Paris's bus lanes", lambda w: w.startswith("Paris")) == ["bus", "lanes"]
    assert subject_words("Coastal bus lanes") == ["coastal", "bus", "lanes"]
    assert absence.known("bus-lane") and absence.known("biotech")
    assert absence.absent("prospects for river navigation and bus lanes") == (
        ["river", "navigation"],
        0.5,
    )


def test_an_uncovered_subject_is_refused_with_what_is_missing(speech: Assistant) -> None:
    refused = speech.brief("coastal erosion and glacier retreat")
    assert refused.abstained and "never mentions" in refused.message
    assert "glacier" in refused.message
    assert not speech.brief("electric buses").abstained


@pytest.mark.parametrize(
    "request_text",
    [
        "brief me on coastal erosion and glacier retreat policy",  # a frame word after it
        "brief me on the council's plans for glacier tourism",  # a possessor's plans for it
    ],
)
def test_ask_refuses_an_uncovered_subject_in_a_framed_request(
    framed: Assistant, request_text: str
) -> None:
    from briefing_bot.briefing.requests import parse_request

    parsed = parse_request(request_text)
    assert parsed is not None and parsed.topic
    briefing = framed.brief(parsed.topic)
    answer = framed.ask(request_text)
    # "policy" and "plans" frame the subject: a corpus that uses them does not cover it
    assert {"policy", "plans"}.isdisjoint(subject_words(parsed.topic))
    assert briefing.abstained and "glacier" in briefing.message
    assert answer.mode == "briefing" and answer.abstained and answer.text == briefing.text
    assert [c.locator for c in answer.citations] == [c.locator for c in briefing.citations]
    assert not framed.brief("the council's plans for bus fares").abstained


def test_a_setting_the_corpus_never_names_is_refused(speech: Assistant) -> None:
    """A topic "X in Y" where the corpus never says Y: it may cover X, not X in Y. Refused
    through ask as through brief (the nearest passages shown), however close Y is in meaning."""
    words = {"bus", "network", "electr", "region"}
    absence = Absence(lambda stem: stem in words, lambda: ["bus", "region"])
    assert absence.absent_setting("electric buses in the courts") == ["courts"]
    assert absence.absent_setting("electric buses in the region") == []
    assert absence.absent_setting("risks in charging electric buses overnight") == []  # an act
    assert absence.absent_setting("electric buses") == []
    request = "brief me on the council's plans for electric buses in the courts"
    briefing = speech.brief("the council's plans for electric buses in the courts")
    answer = speech.ask(request)
    assert briefing.abstained and "“courts”" in briefing.message
    assert answer.mode == "briefing" and answer.abstained and answer.text == briefing.text
    assert [c.locator for c in answer.citations] == [c.locator for c in briefing.citations]
    assert not speech.brief("electric buses in the region").abstained


@pytest.mark.parametrize("request_text", ["summarise this interview", "recap the briefing"])
def test_a_genre_names_the_whole_document(request_text: str) -> None:
    from briefing_bot.briefing.requests import parse_request

    parsed = parse_request(request_text)
    assert parsed is not None and parsed.topic is None


def test_fit_absence_keeps_every_covered_topic() -> None:
    def item(close: float, share: float = 0.5, absent: int = 1, unnamed: bool = False) -> Item:
        return Item("t", True, 0.6, share, absent, unnamed, close, False)

    positives = [item(0.44), item(0.7)]
    negatives = [item(0.32), item(0.41, share=1.0, absent=2), item(0.5, unnamed=True)]
    # between the least close covered topic and the closest uncovered one the cut decides
    assert fit_absence(positives, negatives, 0.5) == pytest.approx(0.38)
    assert fit_absence([], negatives, 0.5) == pytest.approx(0.34)


def test_fit_absent_coverage_lets_no_uncovered_topic_through() -> None:
    """A topic covered well as a whole is not refused for a word the corpus puts otherwise:
    the cut sits between the best covered uncovered topic and the covered ones above it."""
    from briefing_bot.briefing.calibrate import fit_absent_coverage

    def item(cov: float, close: float = 0.2, unnamed: bool = False) -> Item:
        return Item("t", True, cov, 0.5, 1, unnamed, close, False)

    positives = [item(0.66), item(0.79), item(0.5, close=0.45)]
    negatives = [item(0.55), item(0.45), item(0.9, unnamed=True)]  # a name: refused anyway
    cut = fit_absent_coverage(positives, negatives, 0.5)
    assert cut == pytest.approx(0.605)
    assert not positives[0].absent_refused(0.38, 0.38, cut)  # covered well: kept
    assert negatives[0].absent_refused(0.38, 0.38, cut)  # far from it: refused
    assert not positives[2].absent_refused(0.38, 0.38, cut)  # close in meaning: kept
    assert fit_absent_coverage([], negatives, 0.5) == pytest.approx(0.57)


def test_calibration_with_a_leave_one_document_out_report(
    speech: Assistant, tmp_path: Path
) -> None:
    other = _bot(tmp_path / "libraries", {"libraries.md": LIBRARIES})
    third = _bot(tmp_path / "broadband", {"broadband.md": BROADBAND})
    files = {}
    for name, topics in {
        "speech": [("electric buses", True), ("medieval sonnets and troubadours", False)],
        "libraries": [("evening opening hours", True)],
        "broadband": [("rural broadband subsidies", True)],
    }.items():
        path = tmp_path / f"{name}-briefs-dev.jsonl"
        path.write_text(
            "\n".join(json.dumps({"topic": t, "answerable": a}) for t, a in topics),
            encoding="utf-8",
        )
        files[name] = path
    result = calibrate_lodo(
        {
            "speech": (speech.briefer, [], [files["speech"]]),
            "libraries": (other.briefer, [], [files["libraries"]]),
            "broadband": (third.briefer, [], [files["broadband"]]),
        }
    )
    assert result["positives"] == 3 and result["negatives"] == 1
    assert set(result["lodo"]) == {"speech", "libraries", "broadband"}
    held = result["lodo"]["speech"]
    assert held["positives"] == 1 and held["negatives"] == 1
    assert held["accepted_negatives"] == []  # refused: none of its subject words is used
    assert "medieval sonnets and troubadours" in result["absence_refuses"]
    with pytest.raises(ValueError, match="test split"):
        calibrate_lodo({"x": (speech.briefer, [tmp_path / "test.jsonl"], [])})


def test_a_contraction_is_no_subject_word() -> None:
    """A contraction ("can't") says nothing of the subject (the text may say "cannot")."""
    from briefing_bot.briefing.absence import subject_words

    assert subject_words("why funding can't wait on reform") == ["funding", "wait", "reform"]


def test_an_action_and_a_preposition_are_no_subject_words() -> None:
    """A routed request's topic keeps its grammar ("challenges for getting recipients onto
    wallets"): the gerund after a preposition is the topic's action and "onto" names nothing,
    so a corpus that never says "getting" or "onto" still covers it (ask routed such requests
    to a refusal)."""
    words = {"recipi", "wallet", "target", "cargo", "ship"}
    absence = Absence(lambda stem: stem in words, lambda: ["recipients", "wallets"])
    assert subject_words("challenges for getting recipients onto wallets") == [
        "recipients",
        "wallets",
    ]
    assert absence.absent("prospects for hitting the target by 2030") == ([], 0.0)
    # a gerund that names the subject itself stays one ("cargo shipping", not after a preposition)
    assert subject_words("challenges for cargo shipping and navigation") == [
        "cargo",
        "shipping",
        "navigation",
    ]


def test_a_related_subject_the_corpus_never_uses_is_refused(speech: Assistant) -> None:
    """A topic relating two subjects ("X and Y", "how X affects Y", "the impact of X on Y")
    where the corpus covers X and never says Y: a briefing would brief X alone."""
    words = {"bus", "fare", "lane", "driver"}
    absence = Absence(lambda stem: stem in words, lambda: ["bus", "fares"])
    assert absence.absent_conjunct("bus fares and inflation in the region") == ["inflation"]
    assert absence.absent_conjunct("how bus fares affect tourism") == ["tourism"]
    assert absence.absent_conjunct("the impact of bus lanes on tourism") == ["tourism"]
    # both related subjects covered, or neither (the share rule's business): no refusal here
    assert absence.absent_conjunct("bus fares and bus lanes") == []
    assert absence.absent_conjunct("glaciers and tourism") == []
    assert absence.absent_conjunct("bus fares") == []
    # one absent word of five: the share rule lets it through, the relation does not
    refused = speech.brief("electric buses, bus lanes and tourism")
    assert refused.abstained and "tourism" in refused.message
    assert not speech.brief("electric buses and bus lanes").abstained
