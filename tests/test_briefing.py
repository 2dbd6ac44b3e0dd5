"""Briefings on a small synthetic corpus of another domain (municipal water, city freight), on
the hash fake embedding: the composer must not depend on the paper. Real-model checks on the
paper are in ``test_briefing_paper.py``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefing_bot import Assistant, InvalidQuestionError, Settings
from briefing_bot.briefing import Briefing, parse_request
from briefing_bot.briefing.calibrate import calibrate, fit_threshold
from briefing_bot.briefing.text import announced_count, find_enumerations, trim_sentence
from tests.fakes import HashEmbeddings

WATER = (
    "---\n"
    'title: "Keeping the Taps Running: Water Utilities Under Strain"\n'
    'author: "Mara Lindqvist"\n'
    "---\n"
    "\n"
    "## Keeping the Taps Running\n"
    "\n"
    "By Mara Lindqvist\n"
    "\n"
    "Municipal water utilities are entering a decade in which ageing pipes, drought and "
    "rising costs will test their finances as never before. The central argument of this "
    "memo is that utilities must treat leakage reduction as their first source of new "
    "water.<sup>1</sup>\n"
    "\n"
    "Across the region, utilities lose between a fifth and a third of treated water to "
    "leaks before it reaches a customer. Every litre lost has already been pumped, filtered "
    "and disinfected, so leakage wastes energy as well as water.\n"
    "\n"
    "## Three Challenges for Utilities\n"
    "\n"
    "Utility managers face three challenges that will decide whether their systems stay "
    "reliable. Each challenge calls for a different kind of investment.\n"
    "\n"
    "First, ageing cast-iron mains break more often every year, and replacing them costs "
    "far more than repairing them. Crews now spend most of their time on emergency repairs "
    "rather than planned renewal.\n"
    "\n"
    "Second, recurring drought lowers reservoir levels and forces utilities to buy "
    "expensive bulk water from neighbours. Drought restrictions also cut revenue just when "
    "costs rise.\n"
    "\n"
    "Third, tariff reform is politically difficult, because councils fear the reaction of "
    "households to higher bills. Without reform, utilities cannot fund the renewal their "
    "networks need.<sup>2</sup>\n"
    "\n"
    "## Smart Meters and Leak Detection\n"
    "\n"
    "Smart meters report consumption every hour and reveal night-time flows that signal "
    "hidden leaks. Acoustic sensors on the mains locate a leak to within a few metres, so "
    "crews dig once instead of three times.\n"
    "\n"
    "Pilot districts that combined smart meters with pressure management cut leakage by a "
    "quarter within two years. The savings paid for the meters in less than five years.\n"
    "\n"
    "## Financing Renewal\n"
    "\n"
    "Green bonds have become a practical way for utilities to finance the renewal of mains "
    "at low interest. Investors accept lower yields when the bond funds measurable "
    "reductions in leakage and energy use.\n"
    "\n"
    "Regional funds can help small utilities that cannot issue bonds on their own. Pooling "
    "the borrowing of several towns lowers the cost of capital for all of them.\n"
    "\n"
    "## Conclusion\n"
    "\n"
    "Utilities that cut leakage, reform tariffs and finance renewal through green bonds "
    "will keep the taps running through the coming decade. Those that wait will face rising "
    "bills, more breaks and stricter drought restrictions.\n"
    "\n"
    "## Endnotes\n"
    "\n"
    '- <sup>1</sup> Regional Water Board, "Annual Leakage Report," March 3, 2024, '
    "<https://example.org/leakage-report>.\n"
    "- <sup>2</sup> Tariff reform is used here to mean a change in the structure of "
    "charges, not only in their level.\n"
    "\n"
)

FREIGHT = (
    "---\n"
    'title: "Last-Mile Freight in Dense Cities"\n'
    'author: "Tomas Ferreira"\n'
    "---\n"
    "\n"
    "## Last-Mile Freight in Dense Cities\n"
    "\n"
    "By Tomas Ferreira\n"
    "\n"
    "Delivery vans now make up a growing share of traffic in city centres, and the last "
    "mile is the most expensive part of every delivery. Cargo bikes and consolidation hubs "
    "can take a large part of that traffic off the streets.\n"
    "\n"
    "## Consolidation Hubs\n"
    "\n"
    "A consolidation hub on the edge of the centre lets carriers pool parcels, so one "
    "electric van or cargo bike replaces several half-empty trucks. Cities that offered "
    "cheap land for hubs saw carriers share them within a year.\n"
    "\n"
    "## Kerbside Rules\n"
    "\n"
    "Kerbside loading bays booked in advance cut double parking by delivery vans. "
    "Enforcement cameras keep the bays free for the vehicles that booked them.\n"
    "\n"
    "## Water Use at Depots\n"
    "\n"
    "Freight depots that wash their vans with recycled water reduce their demand on "
    "municipal water utilities during drought.\n"
    "\n"
)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("briefing")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "water.md").write_text(WATER, encoding="utf-8")
    (corpus / "freight.md").write_text(FREIGHT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=HashEmbeddings())


def _doc_id(bot: Assistant, word: str) -> str:
    return next(d for d in bot.documents() if word in d)


def check_briefing(briefing: Briefing, bot: Assistant) -> None:
    """What every briefing promises: cited points, verbatim citations, no repeats, length."""
    chunks = {c.id: c for c in bot.chunks()}
    numbers = {c.number for c in briefing.citations}
    lines = [*([briefing.bottom_line] if briefing.bottom_line else []), *briefing.points]
    for point in lines:
        assert point.citations and set(point.citations) <= numbers, point
        assert point.line() in briefing.text
    for cit in briefing.citations:
        chunk = chunks[cit.chunk_id]
        assert cit.text == chunk.text  # verbatim: the passage as indexed
        for start, end in cit.highlights:
            assert chunk.text[start:end] in chunk.sentence_texts()
    texts = [re.sub(r"\W+", " ", p.text).strip().lower() for p in lines]
    assert len(set(texts)) == len(texts)
    # each point is the corpus's own words: every piece between cut marks is verbatim
    for point in lines:
        body = re.sub(r"^\*[^*]+\*(?: \([^)]*\))?: ", "", point.text)
        for raw in re.split(r"\s*…\s*", body):
            piece = raw.strip().rstrip(".")
            if piece:
                assert any(piece in " ".join(c.text.split()) for c in chunks.values()), piece
    assert briefing.word_count() <= 250


def test_requests_are_told_from_questions() -> None:
    assert parse_request("Summarize this memo").topic is None  # type: ignore[union-attr]
    req = parse_request("Give me a 3-point rundown of the leak detection work")
    assert req is not None and req.points == 3 and req.topic == "the leak detection work"
    req = parse_request("what are the main challenges facing water utilities?")
    assert req is not None and req.topic == "challenges facing water utilities"
    req = parse_request("What risks does drought pose for utilities?")
    assert req is not None and req.facet == "risks" and "drought" in (req.topic or "")
    req = parse_request("brief me on green bonds in five bullet points, please")
    assert req is not None and req.topic == "green bonds" and req.points == 5
    assert parse_request("key points") is not None
    assert parse_request("What is the main argument of the document?").topic is None  # type: ignore[union-attr]
    assert parse_request("N-point briefing on kerbside rules".replace("N", "12")).points == 12  # type: ignore[union-attr]
    assert parse_request("a 40-point summary").points == 12  # type: ignore[union-attr]
    for plain in (
        "What are the three challenges?",
        "Who wrote the memo?",
        "How much leakage did the pilot districts cut?",
        "Which summary statistics does the report give?",
    ):
        assert parse_request(plain) is None, plain


def test_enumerations_and_trimming() -> None:
    sents = [
        "Managers face three challenges that matter.",
        "Each calls for investment.",
        "First, mains break.",
        "Another paragraph begins here.",
        "Second, drought bites.",
        "Third, tariffs lag.",
    ]
    assert announced_count(sents[0]) == 3
    assert announced_count("It took two years to build.") is None
    assert find_enumerations(sents, lambda i, j: True) == {0: [2, 4, 5]}
    assert find_enumerations(sents[:5], lambda i, j: True) == {}  # an incomplete list is none
    long = (
        "However, the regional board, which was set up in 1998 after a long dispute between "
        "councils over the cost of bulk supply, now publishes leakage figures for every utility, "
        "and it ranks them by the share of treated water they lose."
    )
    cut = trim_sentence(long, 30, lambda t: 5.0 if "leakage" in t else 0.0)
    assert cut.startswith("…the regional board") and "leakage figures" in cut
    assert cut.endswith("…") and "ranks" not in cut
    assert len(cut.split()) <= 30
    assert trim_sentence("Short and whole.", 25, lambda t: 0.0) == "Short and whole."
    # the subject and the payload never go: too long together, the sentence stays whole
    assert trim_sentence(long, 6, lambda t: 5.0 if "ranks" in t else 0.0) == long


def test_topic_briefing(bot: Assistant) -> None:
    briefing = bot.brief("leak detection with smart meters")
    check_briefing(briefing, bot)
    assert not briefing.abstained and 3 <= len(briefing.points) <= 7
    assert briefing.text.startswith("**Briefing: Leak detection with smart meters**")
    assert "*Bottom line:*" in briefing.text
    text = briefing.text.lower()
    assert "smart meters" in text and "acoustic sensors" in text
    assert bot.briefer is bot.briefer  # built once per assistant


def test_an_enumeration_is_kept_whole_across_paragraphs(bot: Assistant) -> None:
    briefing = bot.brief("the challenges utility managers face", doc_id=_doc_id(bot, "water"))
    check_briefing(briefing, bot)
    texts = [p.text for p in briefing.points]
    firsts = [t.split(",")[0] for t in texts]
    assert {"First", "Second", "Third"} <= set(firsts)
    assert "three challenges" in briefing.bottom_line.text  # type: ignore[union-attr]
    # the items come from three paragraphs: four sentences highlighted
    assert sum(len(c.highlights) for c in briefing.citations) >= 4


def test_points_follow_the_document_order(bot: Assistant) -> None:
    briefing = bot.brief("drought and tariff reform", doc_id=_doc_id(bot, "water"))
    check_briefing(briefing, bot)
    chunks = bot.chunks()
    order = {c.id: i for i, c in enumerate(chunks)}
    by_number = {c.number: c for c in briefing.citations}
    keys = []
    for point in briefing.points:
        cit = by_number[point.citations[0]]
        keys.append((order[cit.chunk_id], cit.highlights[0]))
    assert keys == sorted(keys)


def test_number_of_points_asked_for(bot: Assistant) -> None:
    for n in (1, 2, 4):
        briefing = bot.brief("water utilities", points=n, doc_id=_doc_id(bot, "water"))
        assert len(briefing.points) == n
        check_briefing(briefing, bot)
    assert len(bot.brief("water utilities", points=0).points) >= 1  # bounded to 1–12
    with pytest.raises(InvalidQuestionError):
        bot.brief("water", points="three")  # type: ignore[arg-type]
    with pytest.raises(InvalidQuestionError):
        bot.brief("water", doc_id="no-such-document")


def test_whole_document_follows_its_structure(bot: Assistant) -> None:
    doc = _doc_id(bot, "water")
    briefing = bot.brief(doc_id=doc)
    check_briefing(briefing, bot)
    assert not briefing.abstained and briefing.bottom_line is not None
    assert "first source of new water" in briefing.bottom_line.text  # the thesis
    sections = {c.locator.split(";")[0] for c in briefing.citations}
    assert len(sections) >= 4
    assert any(c.locator.startswith("Conclusion") for c in briefing.citations)
    assert all(c.doc_id == doc for c in briefing.citations)


def test_several_documents_each_point_names_its_document(bot: Assistant) -> None:
    briefing = bot.brief("drought and water demand")
    check_briefing(briefing, bot)
    assert {c.doc_id for c in briefing.citations} == set(bot.documents())
    authors = {"water.md": "Mara Lindqvist", "freight.md": "Tomas Ferreira"}
    seen: set[str] = set()
    for point in [briefing.bottom_line, *briefing.points]:
        assert point is not None
        # each point names its document: the first one from it by its title and author, the
        # others by the title's head (the words before a colon), not spending words on the rest
        if point.doc_id not in seen:
            label = f"*{point.source}* ({authors[point.doc_id]})"
        else:
            label = f"*{point.source.split(':')[0]}*"
        assert point.text.startswith(f"{label}: ")
        seen.add(point.doc_id)
    labels = [p.text.split(": ", 1)[0] for p in [briefing.bottom_line, *briefing.points] if p]
    assert "*Keeping the Taps Running*" in labels  # a later water point: the head alone
    whole = bot.brief()
    check_briefing(whole, bot)
    assert whole.title == "Briefing: 2 documents"
    # each document's thesis and, while there is room, its leads
    assert whole.bottom_line is not None
    assert {p.doc_id for p in whole.points} | {whole.bottom_line.doc_id} == set(authors)
    assert len(whole.points) >= 3


def test_a_topic_the_corpus_never_names_abstains(bot: Assistant) -> None:
    briefing = bot.brief("the Thames Tideway Tunnel")
    assert briefing.abstained and briefing.bottom_line is None
    assert "doesn't cover" in briefing.text and "Thames Tideway Tunnel" in briefing.text
    assert len(briefing.points) <= 2
    check_briefing(briefing, bot)
    unrelated = bot.brief("medieval poetry and sonnets")
    assert unrelated.abstained


def test_serialisations(bot: Assistant) -> None:
    briefing = bot.brief("green bonds", points=3)
    data = briefing.to_dict()
    assert set(data) >= {"title", "topic", "briefing", "bottom_line", "points", "abstained"}
    assert data["topic"] == "green bonds" and len(data["points"]) == 3
    assert all(p["citations"] for p in data["points"])
    assert data["citations"][0]["endnotes"] is not None
    md = briefing.to_markdown()
    assert md.startswith("# Briefing: Green bonds") and "## References" in md
    for cit in briefing.citations:
        assert f"{cit.number}. {cit.source} — {cit.locator}" in md
    answer = briefing.to_answer("brief me on green bonds")
    assert answer.text == briefing.text and answer.citations == briefing.citations


def test_endnotes_are_chained(bot: Assistant) -> None:
    briefing = bot.brief(doc_id=_doc_id(bot, "water"))
    notes = [e for c in briefing.citations for e in c.endnotes]
    assert any(e.number == 1 and e.date == "March 3, 2024" for e in notes)


def test_ask_routes_briefing_requests(bot: Assistant) -> None:
    answer = bot.ask("Give me a 2-point briefing on green bonds")
    assert answer.text.startswith("**Briefing: Green bonds**")
    assert answer.text.count("\n- ") == 2 and answer.citations
    plain = bot.ask("How do acoustic sensors help crews?")
    assert "Briefing" not in plain.text
    with pytest.raises(InvalidQuestionError):
        bot.ask("   ")


def test_fit_threshold() -> None:
    positives = [0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.44, 0.43, 0.42, 0.2] * 10
    assert fit_threshold(positives, max_false=0.1) == pytest.approx(0.31)
    assert fit_threshold([0.5]) == pytest.approx(0.49)
    with pytest.raises(ValueError):
        fit_threshold([])


def test_calibration_fits_on_dev_files_only(bot: Assistant, tmp_path: Path) -> None:
    qa = tmp_path / "dev.jsonl"
    rows = [
        {"question": "How do acoustic sensors locate leaks?", "kind": "factual"},
        {"question": "What do green bonds finance?", "kind": "factual"},
        {"question": "Who wrote it?", "kind": "who"},  # not about a topic: left out
        {"question": "And the second?", "kind": "followup"},
    ]
    qa.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    briefs = tmp_path / "briefs-dev.jsonl"
    briefs.write_text(
        json.dumps({"topic": "kerbside loading bays", "answerable": True})
        + "\n"
        + json.dumps({"topic": "medieval sonnets", "answerable": False}),
        encoding="utf-8",
    )
    result = calibrate(bot.briefer, [qa], [briefs])
    assert result["positives"] == 3 and result["negatives"] == 1
    assert 0 < result["min_coverage"] < 2 and not result["false_abstentions"]
    test_file = tmp_path / "briefs-test.jsonl"
    test_file.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="test split"):
        calibrate(bot.briefer, [], [test_file])


def test_timing_is_recorded(bot: Assistant, tmp_path: Path) -> None:
    briefing = bot.brief("cargo bikes")
    assert briefing.seconds > 0
    (tmp_path / "b.md").write_text(briefing.to_markdown(), encoding="utf-8")
