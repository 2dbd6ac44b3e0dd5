"""The answer layer's parts, without an index: numbers, aliases, places, question analysis,
the calibration file. Fast: no model, no store."""

from __future__ import annotations

import json

import pytest

from briefing_bot.answering.analysis import analyse, split_parts
from briefing_bot.answering.calibration import holds_evidence
from briefing_bot.answering.compose import answer_sentence, refusal, scope_name, trim
from briefing_bot.answering.decision import CALIBRATION_FILE, Calibration, CalibrationError
from briefing_bot.answering.evidence import SENTENCE_FEATURES
from briefing_bot.answering.lexicon import fold, mine_aliases, place_equivalents
from briefing_bot.answering.numbers import canonical_numbers
from briefing_bot.answering.question_features import QUESTION_FEATURES
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.answering.turns import depends_on_history
from briefing_bot.answering.wording import (
    answer_type,
    head_stems,
    head_words,
    names_in,
    normalise,
)
from briefing_bot.chunking import Chunk


@pytest.mark.parametrize(
    "text",
    ["$140bn", "USD 140 billion", "140 billion dollars", "US$140 billion", "140,000,000,000"],
)
def test_number_spellings_share_one_form(text: str) -> None:
    assert "num:1.4e+11" in canonical_numbers(text)


def test_percent_year_and_words() -> None:
    assert canonical_numbers("25% of it, 25 percent") == {"pct:25"}
    assert canonical_numbers("in 2023") == {"year:2023"}
    assert "num:12" in canonical_numbers("a dozen new mechanisms")
    assert "num:4" in canonical_numbers("four types")


@pytest.mark.parametrize(
    ("spelled", "digits"),
    [
        # a number spelled out is read whole, as a speech transcript writes it
        ("about four hundred million euros", "€400m"),
        ("around one hundred and forty million of that", "140 million"),
        ("seven thousand five hundred staff", "7,500 staff"),
        ("thirty-eight percent of them", "38% of them"),
        # a fraction of a scale: not three, nor a million
        ("three quarters of a million acres", "750,000 acres"),
        ("half a million people", "500,000 people"),
    ],
)
def test_a_spelled_number_is_the_figure_its_digits_are(spelled: str, digits: str) -> None:
    (figure,) = canonical_numbers(digits)
    assert figure in canonical_numbers(spelled)
    assert not {"num:3", "num:1e+06", "num:4", "num:1e+08"} & canonical_numbers(spelled)


def test_a_quoted_figure_is_found_where_the_text_states_it() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.numbers import quoted_figure

    texts = ["About 24 percent of it is made abroad.", "In 2024 the rest, 24 firms, came home."]
    chunks = [
        SimpleNamespace(section_path=["Body"], text=t, kind="body", sentence_texts=lambda: [])
        for t in texts
    ]
    lexicon = Lexicon(chunks)  # type: ignore[arg-type]
    (share,) = canonical_numbers("which study is the 24% share from?")
    assert lexicon.passages_stating(share) == [0]
    assert lexicon.passages_stating("pct:25") == []
    # a share or a larger amount identifies what is quoted; a year or a two-digit count not
    assert quoted_figure(share) and quoted_figure("num:2300") and quoted_figure("num:1.6e+09")
    assert not quoted_figure("year:2024") and not quoted_figure("num:24")


def test_abbreviations_are_mined_from_the_text() -> None:
    aliases = mine_aliases(
        [
            "the Indo-Pacific Economic Framework (IPEF) promotes trade, and research and "
            "development (R&D) of critical and emerging technologies (CETs) continues.",
            "A note (see above) and a year (2023) are not abbreviations.",
        ]
    )
    found = {a.short: a.long for a in aliases}
    assert found == {
        "IPEF": "Indo-Pacific Economic Framework",
        "R&D": "research and development",
        "CET": "critical and emerging technologies",
    }


def test_capitals_and_demonyms_point_at_the_country_the_text_names() -> None:
    places = place_equivalents(fold("talks between Germany and France on the grid"))
    assert places["berlin"] == ["germany"]
    assert "france" in places["paris"]
    assert "germany" in places["germans"]
    assert "tokyo" not in places  # Japan is not in the text


def test_question_types() -> None:
    assert answer_type("How much did the programme cost?") == "quantity"
    assert answer_type("When did the visit happen?") == "date"
    assert answer_type("In which month was it signed?") == "month"
    assert answer_type("Who wrote the memo?") == "authorship"
    assert answer_type("What does the author credit for the rise?") != "authorship"
    assert answer_type("Which source supports that claim?") == "source"
    assert answer_type("What are CETs?") == "definition"
    # "who is <a name>?" asks who the person is, not for a person's name
    assert answer_type("who is Kittipong Sriwattana?") == "general"
    assert answer_type("who is the minister?") == "person"
    # a share asked with a percent sign, of what came from somewhere: a figure, no source
    assert answer_type("what % of eu generics came from india in 2020?") == "quantity"
    assert answer_type("where does the 24% figure come from?") == "source"


def test_names_skip_question_words_and_months() -> None:
    assert names_in("What did the August 2023 Camp David summit agree?") == ["Camp David"]
    assert names_in("Roughly how much did Hyundai invest?") == ["Hyundai"]
    # a period is a date the figures read, not a name the corpus must mention
    assert names_in("ferry revenue FY24-25 vs FY20-21 at Northport?") == ["Northport"]
    assert names_in("what did the port earn in Q3 and H1?") == []
    assert names_in("What is IPEF's aim?") == ["IPEF"]


def test_shorthand_is_spelled_out() -> None:
    assert normalise("did they launch it in Dec '23?") == "did they launch it in December 2023?"


def test_head_noun_of_a_pointed_question() -> None:
    assert head_stems("How many nuclear-powered submarines will Australia buy?") >= {"submarin"}
    assert head_stems("When did President Yoon make his visit?") == {"presid", "yoon"}


@pytest.mark.parametrize(
    ("question", "head"),
    [
        # the main verb ends the noun phrase asked about
        ("when did the council sign off on the harbour plan?", "council"),
        ("what share of the island's grain comes from imports?", "island's grain"),
        ("what share of the island's exports go to the mainland?", "island's exports"),
        ("how many ferries sailed to the island in 2020?", "ferries"),
        ("how much is Ruritania putting into the fund?", "Ruritania"),
        ("how much would the Harbour Bridge cost?", "Harbour Bridge"),
        # a verb right after "who" or "which <noun>" is skipped for its object
        ("who owns the copper mines?", "copper mines"),
        ("which years count as the benchmark period?", "benchmark period"),
        ("where does she want the new depot built?", "new depot"),
        # ... but a noun that could be a verb stays a noun where no verb is due
        ("what was the vote count on the treaty?", "vote count"),
        ("how many ferry crossings were cancelled?", "ferry crossings"),
        ("how much of the stolen grain was returned?", "stolen grain"),
        ("how many acres went fallow in the valley?", "acres"),
        ("how often does the town's ferry operator expect a delay?", "town's ferry operator"),
        ("what must every invoice from the agency include?", "invoice"),
    ],
)
def test_the_head_noun_stops_at_the_verb(question: str, head: str) -> None:
    assert " ".join(head_words(question, noun_only=True)) == head


def test_the_noun_a_figure_must_sit_beside_keeps_its_verb() -> None:
    assert head_stems("how much did Ruritania invest in the port?") == {"ruritania", "invest"}
    q = analyse("how much did Ruritania invest in the port?", [])
    assert q.asked == "Ruritania" and q.head == {"ruritania", "invest"}
    assert head_stems("how often does the ferry operator cancel?") >= {"ferri", "oper"}
    # a hyphenated word counts by its parts, not once more joined
    assert head_stems("how many deep-sea cables were cut?") == {"deep", "sea", "cabl"}
    assert analyse("who owns the mines, the state or the towns?", []).asked == "mines"


def test_a_place_of_two_words_stands_for_its_country() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.lexicon import Lexicon

    chunk = SimpleNamespace(
        section_path=["Introduction"],
        text="India tested a missile in 2019. Argentina and India signed a deal.",
        kind="body",
        sentence_texts=lambda: [],
    )
    lexicon = Lexicon([chunk])  # type: ignore[list-item]
    assert lexicon.entity_status("New Delhi") == "known"
    q = analyse("when did New Delhi test its missile?", [], lexicon, places=False)
    terms = {t.stem: t for t in q.terms}
    assert frozenset({"india"}) in terms["delhi"].alternatives
    assert frozenset({"india"}) in terms["new"].alternatives
    # read as the text's name for it (analysis.read_places), it is that name
    read = analyse("when did New Delhi test its missile?", [], lexicon)
    assert "india" in {t.stem for t in read.terms} and "India" in read.text
    assert lexicon.entity_status("Buenos Aires") == "known"


def test_a_unit_symbol_matches_the_unit_the_text_spells_out() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.lexicon import Lexicon

    chunk = SimpleNamespace(
        section_path=["Introduction"],
        text="The new line carries 300 megawatts between the two islands.",
        kind="body",
        sentence_texts=lambda: [],
    )
    lexicon = Lexicon([chunk])  # type: ignore[list-item]
    assert lexicon.resolve("MW") == ["megawatt"]
    assert lexicon.entity_status("MW") == "known"
    assert lexicon.resolve("GW") == []  # the text never speaks of gigawatts
    assert lexicon.resolve("EU") == []  # pint's "exaenzyme unit" is no word of the text


@pytest.mark.parametrize(
    ("question", "depends"),
    [
        ("Who are its authors?", True),
        ("When was that report last updated?", True),
        ("And on quantum?", True),
        ("What about the third one?", True),
        ("Which institutional arrangements does it discuss?", True),
        ("What are the four types of cooperation between the allies?", False),
        ("Who wrote this paper?", False),
        ("How did Korean investment in the United States change the alliance?", False),
        ("Does the memo argue that subsidies work?", False),  # "that" as a conjunction
        ("What happened this year?", False),
        ("What is the goal of that programme?", True),
    ],
)
def test_history_only_when_the_question_leans_on_it(question: str, depends: bool) -> None:
    q = analyse(question, [{"role": "user", "content": "Tell me about cyber cooperation."}])
    assert q.followup is depends
    if not depends:
        assert q.query == question  # a self-contained question is searched as asked


def test_follow_up_terms_are_marked_as_context() -> None:
    q = analyse("And on quantum?", [{"role": "user", "content": "What about AI cooperation?"}])
    assert [t.stem for t in q.terms if not t.context] == ["quantum"]
    assert {"ai", "cooper"} <= {t.stem for t in q.terms if t.context}
    assert analyse("What about the third one?", [{"role": "user", "content": "x y"}]).ordinal == 3


def test_multi_part_questions_are_split() -> None:
    assert split_parts("Who wrote the cyber paper and what do they recommend?") == [
        "Who wrote the cyber paper?",
        "What do they recommend?",
    ]
    assert split_parts("What is IPEF? And what is the MSP?") == [
        "What is IPEF?",
        "What is the MSP?",
    ]
    assert split_parts("What are the risks and benefits of the plan?") == [
        "What are the risks and benefits of the plan?"
    ]


def test_depends_on_history_for_fragments() -> None:
    assert depends_on_history("quantum?", 1, 1)
    assert not depends_on_history("What does the memo say about quantum computing?", 3, 1)


def test_trim_keeps_the_clause_with_the_figure() -> None:
    text = (
        "The development of the relationship has included significant inward investment, which "
        "has reached upwards of USD 140 billion during the administration, mainly in chips, "
        "batteries, and clean technology, and which has supported a large number of new jobs "
        "across many states and regions of the country over several years."
    )
    cut, was_cut = trim(text, "quantity", {"invest"}, 20)
    assert was_cut and "140 billion" in cut and cut.startswith("…")
    assert trim("Short answer of 2023.", "date", set(), 20) == ("Short answer of 2023.", False)


def test_refusal_names_what_was_searched() -> None:
    one = {"d": {"title": "Power Lines"}}
    assert scope_name(one) == "“Power Lines”"
    assert scope_name({"a": {"title": "A"}, "b": {"title": "B"}}) == "the corpus"
    assert refusal("the corpus", missing=["Hyundai"]).startswith(
        "The corpus doesn't cover this: it never mentions “Hyundai”."
    )


def test_evidence_labels_for_calibration() -> None:
    sentence = "Soyoung Kwon of George Mason University evaluates the emergence of coordination."
    assert holds_evidence(sentence, ["Soyoung Kwon of George Mason University"])
    assert not holds_evidence(sentence, ["Jenny Jun and So Jeong Kim"])


def test_shipped_calibration_matches_the_features() -> None:
    calibration = Calibration.load()
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    assert list(calibration.sentence.features) == SENTENCE_FEATURES
    assert list(calibration.question.features) == QUESTION_FEATURES
    assert calibration.fingerprint == data["fingerprint"]
    # fitted on dev files only, never on a held-out test split
    # a dev file of a document whose name holds "test" ("testimony/dev.jsonl") is no test split
    names = [name.rsplit("/", 1)[-1] for name in data["dev_files"]]
    assert names and not any("test" in name for name in names)
    assert 0.0 < calibration.question.threshold < 1.0


def test_damaged_calibration_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "calibration.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CalibrationError, match="cannot read"):
        Calibration.load(path)
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    data["sentence"]["features"] = ["dense"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CalibrationError, match="differ"):
        Calibration.load(path)


def test_calibration_refuses_test_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from briefing_bot.answering.calibration import calibrate

    held_out = tmp_path / "test.jsonl"
    held_out.write_text("", encoding="utf-8")
    with pytest.raises(CalibrationError, match="held-out"):
        calibrate(None, [held_out], tmp_path / "out.json")


def test_settings_fingerprint_changes_with_a_knob() -> None:
    assert AnswerSettings().fingerprint() == AnswerSettings().fingerprint()
    assert AnswerSettings(max_sentences=4).fingerprint() != AnswerSettings().fingerprint()


def test_a_figure_is_a_canonical_term_and_searched_as_written_out() -> None:
    q = analyse("Did Korean firms put $140bn into America?", [])
    stems = {t.stem for t in q.terms}
    assert "num:1.4e+11" in stems and not any(ch.isdigit() for ch in stems - {"num:1.4e+11"})
    assert "140 billion" in q.query


def test_initials_of_the_corpus_names_are_recognised() -> None:
    from briefing_bot.answering.lexicon import initialisms

    found = initialisms(
        [
            "Soyoung Kwon of George Mason University wrote it.",
            "North Korea tested a missile; North Korea denied it.",
        ]
    )
    assert found["GMU"] == "George Mason University"
    assert found["NK"] == "North Korea"


def test_a_bibliographic_note_answers_only_source_questions() -> None:
    from briefing_bot.answering.evidence import citation_may_answer

    assert citation_may_answer(analyse("Which source supports the claim?", []))
    assert citation_may_answer(analyse("What did the White House put out on 21 May 2022?", []))
    assert not citation_may_answer(analyse("In what year was the commission founded?", []))


def test_fractions_in_words_are_shares_and_ordinals_are_not() -> None:
    assert canonical_numbers("more than half of its revenue") == {"pct:50"}
    assert "pct:33.3" in canonical_numbers("a third of the catch")
    assert "pct:20" in canonical_numbers("roughly one fifth of the world's tuna")
    assert canonical_numbers("the third reason") == set()
    assert canonical_numbers("cut by a third.") == {"pct:33.3"}
    # "a third ship" is one more ship, "a quarter century" a unit: no share of anything
    assert canonical_numbers("building a third repair ship") == set()
    assert canonical_numbers("a quarter century later") == set()
    assert "pct:66.7" in canonical_numbers("a two-thirds majority")


def test_a_lone_one_is_no_figure_but_one_fifth_is() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.evidence import sentence_facts

    lexicon = SimpleNamespace(persons=[], surnames=set(), aliases=[], places={})
    pronoun = sentence_facts("A one-way commitment, one of many.", lexicon, "body")  # type: ignore[arg-type]
    share = sentence_facts("It takes one fifth of the catch.", lexicon, "body")  # type: ignore[arg-type]
    assert "quantity" not in pronoun.type_positions
    assert "quantity" in share.type_positions


def test_the_questions_own_figure_is_not_its_answer() -> None:
    from briefing_bot.answering.evidence import _states

    text = "Investment reached USD 140 billion and created 40,000 jobs."
    own = {"num:1.4e+11"}
    assert _states(text, 3, own)  # "140" of "USD 140 billion"
    assert not _states(text, 7, own)  # "40,000"


def test_how_much_comes_from_asks_for_a_figure() -> None:
    assert answer_type("How much of the export revenue comes from tuna?") == "quantity"
    assert answer_type("Where does that figure come from?") == "source"
    # a figure's source asked as a place or a study ("where's the stat from?")
    assert answer_type("where's the 40% of riders stat from?") == "source"
    assert answer_type("which survey is the 12% figure from?") == "source"
    assert answer_type("where is the mayor from?") == "place"
    assert answer_type("which survey found the rise?") != "source"


def test_an_acronym_the_text_never_writes_is_found_by_its_initials() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.lexicon import Lexicon

    chunk = SimpleNamespace(
        section_path=["Introduction"],
        text="The national security advisors met in May. Then the national security "
        "advisors announced a plan, and no security alliance was formed.",
        kind="body",
        sentence_texts=lambda: [],
    )
    lexicon = Lexicon([chunk])  # type: ignore[list-item]
    assert lexicon.resolve("NSAs") == ["national security advisors"]
    assert lexicon.entity_status("NSAs") == "known"
    assert lexicon.resolve("QZX") == [] and lexicon.entity_status("QZX") == "unknown"


def test_an_acronym_spelled_out_as_a_listing_is_found_by_its_initials() -> None:
    """ "ESG" in a question, "environmental, social, and governance screens" in the text."""
    from briefing_bot.answering.lexicon import Lexicon
    from tests.fakes import sentence_chunk

    lexicon = Lexicon(
        [sentence_chunk(0, "Banks apply environmental, social, and governance screens to firms.")]
    )
    assert lexicon.resolve("ESG") == ["environmental social and governance"]
    assert lexicon.entity_status("ESG") == "known"
    assert lexicon.resolve("SAG") == []  # no listing's words, "and" among them, spell it


def test_leave_one_document_out_scores_each_document_with_the_others_fit() -> None:
    import numpy as np

    from briefing_bot.answering.calibration import _cross_document

    rng = np.random.default_rng(0)
    rows, labels, docs = [], [], []
    for doc in ("a", "b"):
        for label in (0, 1) * 30:
            row = rng.normal(0, 0.1, len(QUESTION_FEATURES))
            row[0] += 3.0 if label else -3.0  # top_prob separates the classes
            rows.append(row)
            labels.append(label)
            docs.append(doc)
    x, y = np.asarray(rows), np.asarray(labels)
    # no tolerance: on separable rows every cut between the classes costs nothing, and the
    # middle of those cuts is between them (a tolerance of a few questions would admit cuts
    # inside the answerable cluster, and which rows fall there depends on the feature count)
    knobs = AnswerSettings(cut_tolerance=0)
    result = _cross_document(x, y, np.ones(len(y), dtype=bool), np.asarray(docs), knobs)
    assert set(result) == {"a", "b"}
    for scores in result.values():
        assert scores["answerable"] == 30 and scores["unanswerable"] == 30
        assert scores["false_abstentions"] == 0 and scores["refused"] == 30


def test_answer_scores_sum_over_documents_facts_weighted_by_questions() -> None:
    """The calibrate command's totals: counts summed, facts the mean over every answerable
    question (a document of 30 weighs three times one of 10), the shipped calibration's
    per-document scores read the same way."""
    from briefing_bot.answering.calibration import score_totals

    docs = {
        "a": {
            "answerable": 30,
            "false_abstentions": 3,
            "unanswerable": 10,
            "refused": 9,
            "facts": 0.8,
            "threshold": 0.5,
        },
        "b": {
            "answerable": 10,
            "false_abstentions": 1,
            "unanswerable": 5,
            "refused": 4,
            "facts": 0.4,
        },
    }
    want = {
        "answerable": 40,
        "false_abstentions": 4,
        "unanswerable": 15,
        "refused": 13,
        "facts": 0.7,
    }
    assert score_totals(docs) == want
    assert score_totals({"fingerprint": "f", "documents": docs}) == want


def test_calibrate_command_refuses_test_files(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from briefing_bot.cli import main

    held_out = tmp_path / "test.jsonl"
    held_out.write_text("{}\n", encoding="utf-8")
    assert main(["calibrate", "--qa", str(held_out)]) == 2
    assert "held-out" in capsys.readouterr().err


def test_what_years_asks_for_a_date() -> None:
    assert answer_type("phase-in - over what years?") == "date"
    assert answer_type("In which year was it signed?") == "date"


def test_a_year_no_best_candidate_states_refuses() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.decision import hard_refusal
    from briefing_bot.answering.evidence import sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.question_features import question_features

    texts = ["The skipjack catch fell to 400,000 tonnes in 2023.", "Catches rose last year."]
    chunks = [
        SimpleNamespace(section_path=[heading], text=t, kind="body", sentence_texts=lambda: [])
        for heading, t in zip(("Stocks", "Outlook to 2024"), texts, strict=True)
    ]
    lexicon = Lexicon(chunks)  # type: ignore[arg-type]
    feats = {"dense": 0.6, "type_head": 0.0, "entity_coverage": 1.0, "rare_missing": 0.0}

    def candidate(chunk: SimpleNamespace) -> SimpleNamespace:
        facts = sentence_facts(chunk.text, lexicon, "body")
        return SimpleNamespace(
            kind="body", prob=0.9, features=feats, facts=facts, chunk=chunk, text=chunk.text
        )

    def gap(question: str, ranked: list[SimpleNamespace]) -> bool:
        q = analyse(question, [], lexicon)
        f = question_features(q, ranked, lexicon, partial_entity=False)  # type: ignore[arg-type]
        return hard_refusal(SimpleNamespace(q=q, features=f))  # type: ignore[arg-type]

    assert gap("What was the skipjack catch in 2024?", [candidate(chunks[0])])
    assert not gap("What was the skipjack catch in 2023?", [candidate(chunks[0])])
    # the year in a candidate's section heading counts
    assert not gap("What was the skipjack catch in 2024?", [candidate(chunks[1])])
    assert not gap("What was the skipjack catch?", [candidate(chunks[0])])


def test_a_question_met_on_a_place_name_alone() -> None:
    from types import SimpleNamespace

    from briefing_bot.answering.evidence import sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from briefing_bot.answering.question_features import question_features

    texts = [
        "Ottawa and Oslo can close much of the gap at modest cost.",
        "A laboratory in Oslo had to satisfy three reviews before its first tranche.",
    ]
    chunks = [
        SimpleNamespace(section_path=["Gaps"], text=t, kind="body", sentence_texts=lambda: [])
        for t in texts
    ]
    lexicon = Lexicon(chunks)  # type: ignore[arg-type]
    feats = {"dense": 0.4, "type_head": 0.0, "entity_coverage": 1.0, "rare_missing": 0.0}

    def candidate(chunk: SimpleNamespace) -> SimpleNamespace:
        facts = sentence_facts(chunk.text, lexicon, "body")
        return SimpleNamespace(
            kind="body", prob=0.5, features=feats, facts=facts, chunk=chunk, text=chunk.text
        )

    def places_only(question: str, chunk: SimpleNamespace) -> float:
        q = analyse(question, [], lexicon)
        ranked = [candidate(chunk)]
        f = question_features(q, ranked, lexicon, partial_entity=False)  # type: ignore[arg-type]
        return f["places_only"]

    assert places_only("what's the weather in Oslo this weekend?", chunks[0]) == 1.0
    # a word of the question the sentence has: it meets the question on more than the place
    assert places_only("how big is Oslo's gap this weekend?", chunks[0]) == 0.0
    # a shortened word ("lab") met by the longer one the sentence writes ("laboratory")
    assert places_only("what happened with the Oslo lab grant?", chunks[1]) == 0.0
    assert places_only("what happened with the Oslo ferry grant?", chunks[1]) == 1.0


def test_a_dated_byline_is_said_as_the_publication_date() -> None:
    def about(text: str) -> Chunk:
        return Chunk(
            id="a",
            doc_id="d",
            title="Tides",
            section_path=("About this document",),
            paragraph=0,
            paragraph_end=0,
            text=text,
            sentences=[(0, len(text))],
            sentence_endnotes=[[]],
            kind="about",
        )

    dated = about("By Ana Ruiz, Coastal Institute, 8 October 2026")
    assert answer_sentence(dated.text, dated) == (
        "Tides is by Ana Ruiz, Coastal Institute, published 8 October 2026."
    )
    plain = about("By Ana Ruiz, Coastal Institute")
    assert answer_sentence(plain.text, plain) == "Tides is by Ana Ruiz, Coastal Institute."


def test_a_speaker_named_in_lower_case_that_the_corpus_never_mentions() -> None:
    """ "what does jane roe say about X?": a name the corpus never mentions, as it would be
    written with capitals; a speaker the corpus knows, or a common noun, is none."""
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.lexicon import Lexicon
    from tests.fakes import sentence_chunk

    lexicon = Lexicon(
        [sentence_chunk(0, "Mayor Ann Lee says the ferry levy will fund the harbour.")]
    )
    asked = analyse("what does jane roe say about the ferry levy?", [], lexicon)
    assert asked.entities == ["jane roe"]
    # a person the corpus names is one it mentions (named as the corpus writes them)
    asked = analyse("what does ann lee say about the ferry levy?", [], lexicon)
    assert asked.entities == ["Ann Lee"]
    asked = analyse("what does ann lee say about the ferry levy?", [], lexicon, lower_names=False)
    assert asked.entities == ["Lee"]
    for known in (
        "what does the mayor say about the ferry levy?",
        "what does it say about the levy?",
    ):
        assert analyse(known, [], lexicon).entities == [], known


def test_a_province_typed_in_lower_case_that_the_corpus_never_mentions() -> None:
    """ "how much went to texas?": a state or province (countryinfo's) the corpus never
    mentions is a name it never mentions, as "Texas" would be; one it names, or a country's
    capital standing for the country it names, is none; a name opening with a figure is one
    word ("3GPP", not "GPP"), a figure with its unit ("6GW") none."""
    from briefing_bot.answering.analysis import analyse
    from briefing_bot.answering.lexicon import Lexicon
    from tests.fakes import sentence_chunk

    lexicon = Lexicon(
        [
            sentence_chunk(
                0, "Firms from Japan put USD 4 billion into Ontario plants in 2024, and 5G too."
            )
        ]
    )
    assert analyse("how much went to texas?", [], lexicon).entities == ["Texas"]
    assert analyse("is there anything on 3GPP?", [], lexicon).entities == ["3GPP"]
    # a figure with its unit symbol is no name, nor its letter one
    assert analyse("is the 6GW goal for 2030?", [], lexicon).entities == []
    # one the corpus names is a name it mentions, as the corpus writes it
    assert analyse("how much went to ontario?", [], lexicon).entities == ["Ontario"]
    for known in (
        "how much did tokyo's firms invest?",
        "what did the firms read in the central plant?",
    ):
        assert analyse(known, [], lexicon).entities == [], known


def test_a_measure_named_without_a_question_word_is_not_what_it_is_about() -> None:
    """ "share of X …?" asks what "what share of X …?" asks: the figure is about X."""
    assert head_stems("share of ferry riders (by trips) from the north now vs 2015?") == {
        "ferri",
        "rider",
    }
    assert head_stems("what share of ferry riders come from the north?") >= {"ferri", "rider"}
    # a measure noun that is the thing asked about stays
    assert "share" in head_stems("how much is the share price?")


def test_an_organisation_asked_with_a_word_describing_it() -> None:
    """ "which local firm built the pier?" asks for an organisation, as "which firm" does."""
    assert answer_type("which local firm built the pier?") == "org"
    assert answer_type("what ferry company runs the night boat?") == "org"
    assert answer_type("what is the company planning?") != "org"


def test_a_question_words_contraction_typed_without_its_apostrophe_is_read_as_one() -> None:
    assert normalise("whats the core argument") == "what's the core argument"
    assert normalise("Whos the author, hows it funded?") == "Who's the author, how's it funded?"
    assert "whats" not in head_words(normalise("whats the core argument"))
    assert normalise("the whatsoever clause") == "the whatsoever clause"


def test_shorthand_and_adverbs_in_figure_questions() -> None:
    """ "what % of X" asks a percentage; a manner adverb is no part of the noun asked about;
    the figure's own subject citing something ("firms cite finance") asks no source."""
    from briefing_bot.answering.wording import answer_type, normalise

    assert normalise("what % of kit budgets went to joint buys?").startswith("what percentage")
    assert head_stems("what percentage of kit budgets actually went to joint buys?") == {
        "kit",
        "budget",
        "went",
    }
    assert answer_type(normalise("what % of firms cite finance as the main barrier?")) == (
        "quantity"
    )
    assert answer_type("which report does she cite for that?") == "source"


def test_a_clipped_year_of_the_last_century_is_its_own() -> None:
    from briefing_bot.answering.wording import normalise

    assert normalise("acres fallowed '97-'09 vs '24?") == "acres fallowed 1997-2009 vs 2024?"


def test_a_figure_comma_or_slash_between_capitalised_words_ends_a_name() -> None:
    assert names_in("how many pieces did Beijing's 2007 ASAT shot create?") == ["Beijing", "ASAT"]
    assert names_in("prices in Bamako/Ouaga vs Accra?") == ["Bamako", "Ouaga", "Accra"]
    assert names_in("what did Lisbon, Madrid and Rome agree?") == ["Lisbon", "Madrid", "Rome"]
    assert names_in("the Bank for International Settlements") == [
        "Bank for International Settlements"
    ]


def test_a_name_the_corpus_writes_only_as_its_acronym_is_known() -> None:
    """ "Japan Bank for International Cooperation" asked, "JBIC" in the text."""
    from briefing_bot.answering.evidence import matches
    from briefing_bot.answering.lexicon import Lexicon
    from tests.fakes import sentence_chunk

    lexicon = Lexicon([sentence_chunk(0, "JBIC will lend USD 1.2 billion for the cable.")])
    name = "Japan Bank for International Cooperation"
    assert lexicon.acronym_of(name) == "jbic"
    assert lexicon.entity_status(name) == "known"
    assert lexicon.acronym_of("Japan Bank") is None  # "JB" is not written
    q = analyse(f"how much will the {name} lend?", [], lexicon)
    tokens = frozenset({"jbic", "lend"})
    assert all(matches(t, tokens) for t in q.terms if t.stem in {"japan", "bank"})
    # a word the corpus writes in lower case is no acronym ("cat" for "Central Asia Trade")
    cat = Lexicon([sentence_chunk(0, "The cat sat on the mat.")])
    assert cat.acronym_of("Central Asia Trade") is None


def test_a_clipped_word_is_known_but_an_english_word_or_number_is_not() -> None:
    """ "sats" for the text's "satellites" is a word the corpus has; "big" (an English word
    that starts "biggest") and "four" (of "fourteen") are not clipped."""
    from briefing_bot.answering.evidence import unknown_share
    from briefing_bot.answering.lexicon import Lexicon
    from tests.fakes import sentence_chunk

    lexicon = Lexicon(
        [
            sentence_chunk(0, "China launched 262 satellites, the biggest fourteen of them."),
            sentence_chunk(1, "Supplies ran through Ouagadougou."),
        ]
    )
    q = analyse("how many sats did China launch?", [], lexicon)
    assert [t.stem for t in q.terms if t.clipped] == ["sat"]
    assert unknown_share(q, lexicon) == 0.0
    q = analyse("how big were the four launches?", [], lexicon)
    assert not any(t.clipped for t in q.terms)
    assert lexicon.entity_status("Ouaga") == "known"  # a clipped name
    assert lexicon.entity_status("Ouzo") == "unknown"


def test_vs_frames_a_comparison_and_is_no_term() -> None:
    q = analyse("lithium output in Chile vs Bolivia?", [])
    assert not any(t.stem in {"vs", "versus"} for t in q.terms)


def test_a_contraction_leaves_no_term() -> None:
    """ "can't", "who'd", "they're": an auxiliary or a clitic, not a word the corpus lacks."""
    stems = [t.stem for t in analyse("why can't Seoul go all in on chip coordination?", []).terms]
    assert stems == ["seoul", "go", "chip", "coordin"]
    stems = [t.stem for t in analyse("how big would the TTAF be and who'd chip in?", []).terms]
    assert "d" not in stems and "who'd" not in stems and "chip" in stems
    assert [t.stem for t in analyse("they're saying we'll see, don't they?", []).terms] == [
        "say",
        "see",
    ]


def test_an_acronym_spelled_like_a_question_word_is_no_question_word() -> None:
    from briefing_bot.answering.wording import answer_type

    assert answer_type("what does the WHO say about road deaths?") == "general"
    assert answer_type("when did the WHO publish it?") == "date"
    # the question's own word, in any case, still asks
    assert answer_type("who wrote this?") == "authorship"
    assert answer_type("WHO WROTE THIS?") == "authorship"
    assert answer_type("Who chairs the committee?") == "person"


def test_a_gerund_taking_an_object_leaves_the_object_as_what_is_asked_about() -> None:
    assert head_stems("how much does getting a PCV licence cost?") >= {"pcv", "licenc"}
    assert "get" not in head_stems("how much does getting a PCV licence cost?")
    # a gerund with no object of its own is itself what is asked about
    assert "fund" in head_stems("how much does funding cost?")


def test_a_share_written_per_cent_is_a_percentage() -> None:
    from briefing_bot.answering.evidence import expected_type, sentence_facts
    from briefing_bot.answering.lexicon import Lexicon
    from tests.fakes import sentence_chunk

    text = "Only 12 per cent of rural routes ran a bus after 7pm."
    chunk = sentence_chunk(0, text)
    facts = sentence_facts(text, Lexicon([chunk]), "body")
    assert facts.type_positions.get("percent") == [2]
    assert expected_type(analyse("what per cent of routes run late?", [])) == "percent"


def _bare_lexicon(*texts: str):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from briefing_bot.answering.lexicon import Lexicon

    chunks = [
        SimpleNamespace(section_path=["Body"], text=t, kind="body", sentence_texts=lambda: [])
        for t in texts
    ]
    return Lexicon(chunks)  # type: ignore[arg-type]


def test_an_acronym_may_spell_a_hyphenated_phrase() -> None:
    lexicon = _bare_lexicon("Rules say high-frequency traders must keep clocks within 100 µs.")
    assert lexicon.resolve("HFT") == ["high-frequency traders"]
    assert lexicon.entity_status("HFT") == "known"


def test_a_unit_symbol_after_its_figure_is_no_name() -> None:
    assert names_in("luang sai capacity - is it about 1.5 GW?") == []
    assert names_in("500 MW from Laos") == ["Laos"]
    assert names_in("Acme's 2019 Plan") == ["Acme", "Plan"]


def test_a_state_code_stands_for_the_state_the_corpus_names() -> None:
    lexicon = _bare_lexicon("In California about 395,000 acres were fallowed in 2021.")
    assert lexicon.resolve("CA") == ["California"]
    assert lexicon.entity_status("CA") == "known"
    # a code the corpus's places do not explain stays unknown
    assert lexicon.resolve("TX") == [] and lexicon.entity_status("TX") == "unknown"


def test_a_place_the_corpus_never_writes_is_searched_as_its_country() -> None:
    lexicon = _bare_lexicon(
        "South Korea and Japan held talks.", "The United States and South Korea agreed."
    )
    q = analyse("what did Seoul and Washington agree?", [], lexicon, places=False)
    # the search reads the countries the text names; the question itself is unchanged
    assert "south korea" in q.query and "united states" in q.query
    assert "Seoul" not in q.query and q.text == "what did Seoul and Washington agree?"
    # read as the text's names (the default), the question is asked with them throughout
    read = analyse("what did Seoul and Washington agree?", [], lexicon)
    assert read.text == read.query == "what did South Korea and United States agree?"
    # a place the corpus writes itself is searched as written
    written = _bare_lexicon("Officials in Seoul and in South Korea's regions agreed.")
    assert "Seoul" in analyse("what did Seoul agree?", [], written).query
