"""The composer's generic mechanisms on a third domain (rural broadband), on the hash fake
embedding: section headings, one point per paragraph before a second, specifics over vague
lead-ins, a lead-in followed by the sentence that carries it, lean clauses, form topics
(quotations), names joined by "and", and one abstention threshold fitted on two documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_bot import Assistant, Settings
from briefing_bot.briefing import parse_request
from briefing_bot.briefing.calibrate import calibrate_documents
from briefing_bot.briefing.signals import form_of, is_vague, quotation, specificity, specifics
from briefing_bot.briefing.text import lean_sentence
from tests.fakes import HashEmbeddings
from tests.test_briefing import check_briefing

BROADBAND = (
    "---\n"
    'title: "Connecting the Last Farms: Rural Broadband After the Subsidy Rounds"\n'
    'author: "Ilse Marrow"\n'
    "---\n"
    "\n"
    "## Connecting the Last Farms\n"
    "\n"
    "By Ilse Marrow\n"
    "\n"
    "Fast internet reached most towns a decade ago, but the farms and hamlets beyond them "
    "are still waiting. This report argues that the Upland Connect programme must finish its "
    "last subsidy round by 2027 and must pay for masts in the valleys first.<sup>1</sup>\n"
    "\n"
    "## Why Rollout Has Stalled\n"
    "\n"
    "Rollout has slowed in every region since the first round closed. There are three "
    "reasons why the programme in particular has struggled.\n"
    "\n"
    "The first reason is cost. Each remote premises costs about 9,400 euros to connect by "
    "fibre, four times the cost in a market town.\n"
    "\n"
    "A second reason is permitting. Mast applications in protected landscapes wait an "
    "average of 14 months for a decision from the Heathland Planning Board.\n"
    "\n"
    "The third reason is labour. Only 310 certified splicers work in the region, and "
    "half of them will retire before 2030.\n"
    "\n"
    "## Risks If Funding Lapses\n"
    "\n"
    "Several dangers follow if the last round is not funded.\n"
    "\n"
    "The most immediate danger is financial. Operators would write off 62 million euros of "
    "backhaul already laid to villages that will never be connected.\n"
    "\n"
    "A second danger is social. Some 18,000 households would remain without a connection "
    "fit for remote schooling, most of them in the Harlow Vale district.\n"
    "\n"
    "A third danger is political. Councils in the valleys have threatened to withhold their "
    "match funding, which covers 20 percent of every project.\n"
    "\n"
    "## Voices from the Field\n"
    "\n"
    'Ines Calder, who runs a cooperative in Harlow Vale, said that "every mast we build '
    'pays for itself within eight years." Tomas Birk, an engineer at the regional operator, '
    'warned that "fibre without splicers is a cable in a ditch." Ravi Anand of the Heathland '
    "Planning Board has proposed a single permit for every mast in a valley.\n"
    "\n"
    "## Conclusion\n"
    "\n"
    "Finishing the last round would connect the farms that markets will never reach. The "
    "programme should fund the valleys first, train splicers and give masts one permit.\n"
    "\n"
    "## Endnotes\n"
    "\n"
    '- <sup>1</sup> Upland Connect, "Annual Rollout Report," May 2, 2025, '
    "<https://example.org/rollout-report>.\n"
)

LIBRARIES = (
    "---\n"
    'title: "Open Late: Public Libraries as Warm Spaces"\n'
    "---\n"
    "\n"
    "## Open Late\n"
    "\n"
    "Public libraries that open in the evening give residents a warm place to read, study and "
    "meet. Longer hours cost little when volunteers staff the desk.\n"
    "\n"
    "## Evening Hours\n"
    "\n"
    "Branches that stayed open until nine saw visits rise by a third in winter. Students used "
    "the reading rooms more than any other group.\n"
)


def _bot(root: Path, files: dict[str, str]) -> Assistant:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    return Assistant.load(settings=settings, embeddings=HashEmbeddings())


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _bot(tmp_path_factory.mktemp("broadband"), {"broadband.md": BROADBAND})


def _paragraphs(briefing: object, bot: Assistant) -> set[tuple[str, int]]:
    chunks = {c.id: c for c in bot.chunks()}
    out = set()
    for cit in briefing.citations:  # type: ignore[attr-defined]
        chunk = chunks[cit.chunk_id]
        for start, _ in cit.highlights:
            # the paragraph of each highlighted sentence: count the breaks before it
            out.add((chunk.id, chunk.paragraph + chunk.text[:start].count("\n\n")))
    return out


def test_specifics_and_vague_lead_ins() -> None:
    specific = "Only 310 certified splicers work in the region, and half retire before 2030."
    assert specifics(specific) >= 2 and specificity(specific) > 0.5
    assert specifics("Ravi Anand of the Heathland Planning Board has proposed it.") >= 1
    assert specifics("The agency (HPB) decides.") >= 1  # a defined short name
    assert is_vague("The first reason is cost.")
    assert not is_vague("The first reason is cost, at 9,400 euros a premises.")
    assert not is_vague(
        "Rollout has slowed in every region since the first round closed, and nobody knows why."
    )  # long enough to say something
    assert (
        quotation('He said "fibre without splicers is a cable."')
        == "fibre without splicers is a cable."
    )
    assert quotation('The so-called "valley first" rule.') is None  # a term, not a quotation


def test_form_topics() -> None:
    quoted = form_of("people quoted in the report")
    assert quoted is not None
    assert quoted('Ines Calder said that "every mast pays for itself within eight years."')
    assert quoted("Ravi Anand of the Board has proposed a single permit.")  # reported speech
    assert not quoted("The first reason is cost.")
    assert form_of("the key figures") is not None
    assert form_of("rollout in the valleys") is None


def test_lean_sentence_drops_only_what_carries_nothing() -> None:
    text = (
        "As previously noted, operators would write off 62 million euros of backhaul, "
        "which is a great deal, in villages that will never be connected."
    )

    def carries(clause: str) -> float:
        return float(specifics(clause)) + (1.0 if "villages" in clause else 0.0)

    lean = lean_sentence(text, carries)
    assert lean.startswith("…operators would write off 62 million euros")
    assert "great deal" not in lean and "villages that will never be connected" in lean
    for piece in (p.strip(" .") for p in lean.split("…")):
        assert not piece or piece in text
    plain = "Operators would write off the backhaul."
    assert lean_sentence(plain, lambda c: 0.0) == plain


def test_a_topic_matching_a_heading_covers_its_paragraphs(bot: Assistant) -> None:
    briefing = bot.brief("risks if funding lapses")
    check_briefing(briefing, bot)
    assert not briefing.abstained
    text = briefing.text
    # one point from each of the section's paragraphs, with the specifics, not the labels
    for fact in ("62 million euros", "18,000 households", "20 percent"):
        assert fact in text, fact
    sections = {c.locator.split(";")[0] for c in briefing.citations}
    assert "Risks If Funding Lapses" in sections
    assert len(_paragraphs(briefing, bot)) >= 3


def test_a_lead_in_point_is_followed_by_its_sentence(bot: Assistant) -> None:
    briefing = bot.brief("why rollout has stalled", points=3)
    check_briefing(briefing, bot)
    texts = [p.text for p in briefing.points]
    assert len(texts) == 3
    assert any(t.startswith("The first reason is cost. Each remote premises") for t in texts)
    assert any("14 months" in t for t in texts) and any(
        "310 certified splicers" in t for t in texts
    )
    # both sentences of a point are highlighted in its citation
    assert sum(len(c.highlights) for c in briefing.citations) >= 6


def test_a_topic_asking_for_quotations(bot: Assistant) -> None:
    briefing = bot.brief("people quoted in the report")
    check_briefing(briefing, bot)
    assert not briefing.abstained
    lines = [briefing.bottom_line.text, *(p.text for p in briefing.points)]  # type: ignore[union-attr]
    for name in ("Calder", "Birk", "Anand"):
        assert any(name in line for line in lines), name


def test_names_joined_by_and(bot: Assistant) -> None:
    assert bot.briefer.unknown_terms("Upland Connect and Heathland Planning Board") == []
    assert bot.briefer.unknown_terms("Upland Connect and Skyline Telecom") == [
        "Upland Connect and Skyline Telecom"
    ]
    assert not bot.brief("splicers and Harlow Vale").abstained


def test_one_threshold_fitted_on_two_documents(bot: Assistant, tmp_path: Path) -> None:
    other = _bot(tmp_path / "libraries", {"libraries.md": LIBRARIES})
    qa = tmp_path / "dev.jsonl"
    qa.write_text(
        "\n".join(
            json.dumps(r)
            for r in (
                {"question": "What does a remote premises cost to connect?", "kind": "numeric"},
                {"question": "What is the tallest mountain?", "kind": "unanswerable",
                 "tags": ["offtopic"]},
            )
        ),
        encoding="utf-8",
    )  # fmt: skip
    briefs = tmp_path / "briefs-dev.jsonl"
    briefs.write_text(json.dumps({"topic": "evening opening hours", "answerable": True}))
    result = calibrate_documents([(bot.briefer, [qa], []), (other.briefer, [], [briefs])])
    assert result["positives"] == 2 and result["negatives"] == 1
    assert 0 < result["min_coverage"] < 2 and not result["false_abstentions"]
    assert "briefings_refusing_positives" in result
    with pytest.raises(ValueError, match="test split"):
        calibrate_documents([(bot.briefer, [tmp_path / "test.jsonl"], [])])


def test_requests_after_a_question_and_who_is_quoted() -> None:
    req = parse_request("what does the rollout mean for Harlow Vale? brief me")
    assert req is not None and req.topic == "the rollout for Harlow Vale"  # no question frame
    req = parse_request("what are the risks of funding lapses? Summarize please")
    assert req is not None and req.topic == "risks of funding lapses" and req.facet == "risks"
    req = parse_request("Mast permits: 3 key points")
    assert req is not None and req.topic == "Mast permits" and req.points == 3
    req = parse_request("who are the key people quoted?")
    assert req is not None and req.topic == "people quoted" and req.facet == "quotes"
    for plain in ("Who wrote the report?", "Who cited the rollout report?", "How do I brief me"):
        assert parse_request(plain) is None, plain


def test_ask_routes_a_who_is_quoted_request(bot: Assistant) -> None:
    answer = bot.ask("Who are the main people quoted?")
    assert answer.mode == "briefing" and not answer.abstained
    assert all(name in answer.text for name in ("Calder", "Birk", "Anand"))


@pytest.mark.parametrize(
    ("text", "topic", "points"),
    [
        ("summarise this op-ed", None, None),
        ("summarise the speech", None, None),
        ("summarise both memos", None, None),
        ("give me 5 points on the author's recommendations", "the author's recommendations", 5),
        ("where do the two memos disagree? give me 4 points", "the two memos disagree", 4),
        ("what does tuna mean for the island states? brief me", "tuna for the island states", None),
        ("what are the water risks of brine mining?", "water risks of brine mining", None),
    ],
)
def test_request_phrasings_of_other_genres_and_orders(
    text: str, topic: str | None, points: int | None
) -> None:
    """A document's genre ("this op-ed", "the speech") names the whole corpus; "give me N
    points on X" and "X? give me N points" are requests; a question's frame is no topic."""
    got = parse_request(text)
    assert got is not None and (got.topic, got.points) == (topic, points)


@pytest.mark.parametrize(
    "text", ["what is the risk-free rate?", "give me the author's name", "what does it cost?"]
)
def test_plain_questions_stay_questions(text: str) -> None:
    assert parse_request(text) is None


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what's the author's core argument?", None),
        ("bottom line of the report?", None),
        ("what's the op-ed's main argument?", None),
        ("what's the gist", None),
        ("tl;dr", None),
        ("what are the authors' main arguments?", None),
        ("what is the thesis?", None),
        ("what's the editor's main argument?", None),  # an issue's introduction
        ("what does the guest editor argue?", None),
        ("what do the authors conclude?", None),
        ("what's the bottom line on the rollout?", "the rollout"),
        ("bottom line on the bus network?", "the bus network"),
    ],
)
def test_summary_frames_as_analysts_type_them(text: str, topic: str | None) -> None:
    """The gist asked for in an analyst's words briefs the whole corpus, or the subject
    named after it: by the request's frame, not by any document's words."""
    got = parse_request(text)
    assert got is not None and got.topic == topic


@pytest.mark.parametrize(
    "text",
    [
        "what is Harlow Vale's main argument?",  # a subject's argument: a question
        "what does vale argue?",  # a named person's argument: a question
        "what does the report argue about tolls?",
        "what is the argument for congestion charges?",
        "what is the point of the rollout?",
    ],
)
def test_summary_words_in_plain_questions(text: str) -> None:
    assert parse_request(text) is None


def test_framing_words_are_no_subject_words() -> None:
    from briefing_bot.briefing.absence import subject_words

    assert subject_words("the town's broadband push") == ["town", "broadband"]
    assert subject_words("risks facing the bus network") == ["bus", "network"]


def test_ask_answers_a_summary_question_with_the_whole_briefing(bot: Assistant) -> None:
    answer = bot.ask("what's the author's core argument?")
    whole = bot.brief(None)
    assert answer.mode == "briefing" and not answer.abstained
    assert whole.bottom_line is not None and whole.bottom_line.text in answer.text
    assert answer.text.count("\n- ") >= 3


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what does the report recommend?", "recommendations"),
        ("What does the paper recommend?", "recommendations"),
        ("what do the authors propose for the bus network?", "recommendations for the bus network"),
        ("what does the memo call for on affordability?", "recommendations on affordability"),
    ],
)
def test_what_the_document_recommends_is_a_briefing(text: str, topic: str) -> None:
    """Asked what the document (or its author) recommends, the recommendations are the
    briefing: a form topic, its prescriptive sentences."""
    got = parse_request(text)
    assert got is not None and got.topic == topic


@pytest.mark.parametrize(
    "text",
    [
        "What does Jane Calder recommend for the rollout?",  # a named person: a question
        "what discount does the memo call for?",
        "what does each memo propose on affordability?",
    ],
)
def test_a_recommendation_asked_of_someone_stays_a_question(text: str) -> None:
    assert parse_request(text) is None


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what should I know about harbour dredging?", "harbour dredging"),
        ("what do we need to know about the levy?", "the levy"),
        ("catch me up on the levy", "the levy"),
        ("fill me in on harbour dredging", "harbour dredging"),
        ("get me up to speed on the levy", "the levy"),
        ("talking points on harbour dredging", "harbour dredging"),
        ("give me a one-pager on this report", None),
        ("exec summary pls", "the executive summary"),  # the document's own, where it has one
        ("give me the executive summary of the levy", "the levy"),
        ("walk me through the main findings", None),
        ("highlights of the speech?", None),
        ("what's the big picture here?", None),
        ("pros and cons of the levy", "the levy"),
        ("arguments for and against harbour dredging", "harbour dredging"),
        ("what's the state of play on the levy?", "the levy"),
        ("where do things stand on harbour dredging?", "harbour dredging"),
        ("main risks?", "risks"),
    ],
)
def test_briefing_requests_in_an_analysts_words(text: str, topic: str | None) -> None:
    """Asked to be caught up, walked through, given talking points or a one-pager, the chat
    gives a briefing (of the subject named, or of the whole corpus)."""
    got = parse_request(text)
    assert got is not None and got.topic == topic


@pytest.mark.parametrize(
    "text",
    [
        "what do we know about the victims?",
        "tell me about the levy",
        "who should I know about?",
        "where does the minister stand on the levy?",
        "what are the pros of the levy?",
        "risks?",
    ],
)
def test_what_is_known_about_a_subject_stays_a_question(text: str) -> None:
    assert parse_request(text) is None
