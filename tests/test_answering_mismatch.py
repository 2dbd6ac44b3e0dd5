"""Near misses refused by what would be quoted (answering/mismatch.py), on invented text."""

from __future__ import annotations

from typing import Any

from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.compose import Citations, Picked
from briefing_bot.answering.evidence import sentence_facts
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.mismatch import (
    about_elsewhere,
    place_elsewhere,
    places_never_named,
    refusal,
)
from briefing_bot.chunking import Chunk

PAYMENTS = (
    "Ana Ruiz, director of payment systems at the Bank of Guatemala, says its wallets will "
    "join the instant payment system by 2027."
)
BORDER = "Honduras and Guatemala share a long border."
NOTE = "Jane Roe is a senior fellow at the Example Institute in Lima, Peru."


def _chunk(text: str, kind: str = "body", cid: str = "c1", first: str | None = None) -> Chunk:
    """A one-paragraph chunk whose first sentence is ``first`` (the whole text by default)."""
    end = len(first) if first else len(text)
    spans = [(0, end)] + ([(end + 1, len(text))] if end < len(text) else [])
    return Chunk(
        id=cid,
        doc_id="d",
        title="Wallets and Wires",
        section_path=("Wallets",) if kind == "body" else ("About",),
        paragraph=1,
        paragraph_end=1,
        text=text,
        sentences=spans,
        sentence_endnotes=[[] for _ in spans],
        kind=kind,
    )


def _lexicon(*chunks: Chunk) -> Lexicon:
    return Lexicon(list(chunks))


def _facts(lexicon: Lexicon) -> Any:
    return lambda chunk, index: sentence_facts(chunk.sentence_texts()[index], lexicon, chunk.kind)


def _picked(chunk: Chunk) -> Picked:
    return Picked(chunk, 0, chunk.sentence_texts()[0], 0.9)


def test_places_are_read_in_any_case_the_longest_first() -> None:
    lexicon = _lexicon(_chunk(BORDER), _chunk("Papua New Guinea and Guinea sign.", cid="c2"))
    assert lexicon.places_in("weather in tegucigalpa this weekend?") == ["tegucigalpa"]
    assert lexicon.places_in("fees in papua new guinea") == ["papua new guinea"]
    assert lexicon.places_in("what do us banks charge?") == []


def test_an_answer_about_another_place_is_refused_with_what_the_text_says() -> None:
    payments = _chunk(PAYMENTS)
    lexicon = _lexicon(payments, _chunk(BORDER, cid="c2"))
    facts = _facts(lexicon)
    chosen = [_picked(payments)]
    # a lower-case capital stands for its country; the sentence is Guatemala's
    found = place_elsewhere(
        "who runs payment systems at the central bank in tegucigalpa?", chosen, lexicon, facts
    )
    assert found is not None and (found.asked, found.other) == ("Tegucigalpa", "Guatemala")
    citations = Citations({})
    text = refusal("“Wallets and Wires”", found, citations)
    assert text.startswith("“Wallets and Wires” says nothing on this for Tegucigalpa.")
    assert "is about Guatemala: “Ana Ruiz" in text and text.endswith("[1]")
    # the place the sentence is about, in another spelling, or a yes/no question: answered
    asked = "who runs payment systems at the central bank in guatemala city?"
    assert place_elsewhere(asked, chosen, lexicon, facts) is None
    asked = "is tegucigalpa's central bank connecting wallets to instant payments?"
    assert place_elsewhere(asked, chosen, lexicon, facts) is None


def test_a_paragraph_naming_the_place_asked_keeps_the_answer() -> None:
    paragraph = _chunk(f"{PAYMENTS} Honduras is expected to follow.", first=PAYMENTS)
    lexicon = _lexicon(paragraph, _chunk(BORDER, cid="c2"))
    asked = "who runs payment systems at the central bank in tegucigalpa?"
    assert place_elsewhere(asked, [_picked(paragraph)], lexicon, _facts(lexicon)) is None


def test_the_author_note_answers_only_questions_about_the_document_or_what_it_says() -> None:
    note = _chunk(NOTE, kind="about", cid="a")
    body = _chunk("Peru's water rights are traded in an open market.", cid="c2")
    lexicon = _lexicon(body, note)
    chosen = [_picked(note)]

    def ask(question: str) -> Any:
        return about_elsewhere(analyse(question, [], lexicon), chosen, lexicon)

    # the note was found for the country it names: the election is nowhere in the text
    found = ask("who won peru's last presidential election?")
    assert found is not None and found.asked == "Peru" and not found.other
    text = refusal("“Wallets and Wires”", found, Citations({}))
    assert "names Peru only in its note on the author" in text
    # a question about the author, the document, or something the note itself says
    assert ask("where is the Example Institute based?") is None
    assert ask("what does the author say about peru's elections?") is None
    assert ask("who's interviewed here, and from which peruvian city?") is None
    assert ask("where's she based?") is None
    # every word known to the corpus: the fitted model's to weigh
    assert ask("who trades water rights in peru?") is None


def test_a_country_the_corpus_never_names_in_any_spelling_is_missing() -> None:
    lexicon = _lexicon(_chunk(BORDER), _chunk("Remittances to Guatemala cost 5 percent.", cid="c2"))

    def never(question: str) -> list[str]:
        return places_never_named(analyse(question, [], lexicon), lexicon)

    # in lower case too, and by its people's name
    assert never("what do remittances to the philippines cost?") == ["Philippines"]
    assert never("how much do nicaraguans pay to send $200?") == ["Nicaraguans"]
    # a capital may stand for an institution seated there, not for its country
    assert never("what does brussels charge for a transfer?") == []
    # a country the corpus names, in any of its spellings
    assert never("what do remittances to guatemalans cost?") == []
    assert never("and in tegucigalpa?") == []


def test_a_lead_naming_no_place_is_followed_by_the_sentence_that_names_one() -> None:
    """ "How many wallets did Honduras open?" answered by a lead naming no place and then
    Guatemala's figure: the figure quoted is Guatemala's, not the one asked."""
    lead = _chunk("The survey shows that wallets spread fast across the region.", cid="c3")
    counts = _chunk("Guatemala opened 2 million wallets in 2024.", cid="c4")
    lexicon = _lexicon(lead, counts, _chunk(BORDER, cid="c2"))
    facts = _facts(lexicon)
    asked = "how many wallets did honduras open in 2024?"
    found = place_elsewhere(asked, [_picked(lead), _picked(counts)], lexicon, facts)
    assert found is not None and (found.asked, found.other) == ("Honduras", "Guatemala")
    assert found.nearest.chunk.id == "c4"
    # the first place named is the one asked: answered
    asked = "how many wallets did guatemala open in 2024?"
    assert place_elsewhere(asked, [_picked(lead), _picked(counts)], lexicon, facts) is None
