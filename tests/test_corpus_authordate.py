"""Author–date documents (APA, Harvard): the reference list becomes the document's notes and
each in-text citation ("(Gómez & Ruiz, 2019)", "Ferreyra (2021)") a marker on the works it
names, so answers chain to their sources as with endnotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_bot.assistant import Assistant
from briefing_bot.config import Settings
from briefing_bot.corpus import load_document
from briefing_bot.corpus.authordate import Reference, parse_reference, split_entries, with_citations
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.types import Paragraph, Source
from briefing_bot.sources import source_registry

APA = """# Water Pricing and Drought in the Andes

By Lucia Ferreyra

## Introduction

Water tariffs in Andean cities rose sharply after the 2016 drought (Gómez & Ruiz, 2019). \
Utilities in Lima raised block tariffs by 18 percent in 2017 (SUNASS, 2018), while La Paz \
froze them.

## Findings

Household consumption fell by about 9 percent where tariffs rose (Ferreyra, 2021, p. 14). \
Poorer households cut use the most, according to a survey by the Andean Water Observatory \
(2020). A 2019 survey found the same (Navarro, 2019).

## References

Ferreyra, L. (2021). *Tariffs and thirst: Urban water demand in the Andes*. Andean Policy Press.

Gómez, P., & Ruiz, M. (2019). Drought and the price of water in Lima. *Journal of Andean \
Studies*, 12(3), 45–67. https://doi.org/10.5555/jas.2019.12

SUNASS. (2018). *Informe anual de tarifas 2017*. Superintendencia Nacional de Servicios de \
Saneamiento. https://example.org/sunass-2018

Andean Water Observatory. (2020). *Household water survey 2020*. https://example.org/awo-2020
"""

HARVARD = """Heat and Work in Gujarat

By Ravi Mehta

Introduction

Outdoor workers lost about 6 percent of working hours to heat in 2022 (Kjellstrom et al. 2019; \
ILO 2023). Mehta and Shah (2021) found that shaded rest cut heat illness by a third.

Bibliography

ILO (2023) Working on a warmer planet. Geneva: International Labour Office.
Kjellstrom, T., Maître, N. and Saget, C. (2019). Working on a warmer planet: the effect of heat
    stress on productivity. Geneva: ILO. https://example.org/ilo-2019
Mehta, R. and Shah, K. (2021). Shade and rest in Gujarat's brick kilns. Journal of Occupational
    Heat, 4(2), 10-22.
"""


def _doc(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, tmp_path)


def test_apa_reference_list_becomes_notes_with_their_works(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "water.md", APA)
    works = {n: note.sources[0] for n, note in doc.endnotes.items()}
    assert [w.title for w in works.values()] == [
        "Tariffs and thirst: Urban water demand in the Andes",
        "Drought and the price of water in Lima",
        "Informe anual de tarifas 2017",
        "Household water survey 2020",
    ]
    assert works[1].publisher == "Ferreyra, L.; Andean Policy Press" and works[1].date == "2021"
    assert works[2].publisher == "Gómez, P., & Ruiz, M.; Journal of Andean Studies"
    assert works[2].url == "https://doi.org/10.5555/jas.2019.12"
    assert works[3].publisher.startswith("SUNASS; Superintendencia")  # type: ignore[union-attr]
    assert works[4].publisher == "Andean Water Observatory" and works[4].date == "2020"
    # the reference list is not body text
    assert not any("Andean Policy Press" in p.text for p in doc.paragraphs if p.kind == "body")


def test_in_text_citations_mark_the_works_they_name(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "water.md", APA)
    intro, findings = (p for p in doc.paragraphs if p.kind == "body")
    cited = {n for _, n in intro.markers}
    assert cited == {2, 3}
    # each marker sits right after its citation, inside the sentence that makes the claim
    first, second = intro.sentences[:2]
    assert intro.sentence_endnotes(*first) == [2] and intro.sentence_endnotes(*second) == [3]
    # "(Ferreyra, 2021, p. 14)" with a page; "the Andean Water Observatory (2020)" narrative;
    # "(Navarro, 2019)" names no listed work and marks nothing
    assert [n for _, n in findings.markers] == [1, 4]


def test_harvard_list_one_entry_per_line_and_narrative_citations(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "heat.txt", HARVARD)
    assert [n.sources[0].date for n in doc.endnotes.values()] == ["2023", "2019", "2021"]
    wrapped = doc.endnotes[2].sources[0]
    assert wrapped.title == "Working on a warmer planet: the effect of heat stress on productivity"
    assert wrapped.url == "https://example.org/ilo-2019"
    (body,) = (p for p in doc.paragraphs if p.kind == "body")
    # "(Kjellstrom et al. 2019; ILO 2023)": two works at one place; "Mehta and Shah (2021)"
    assert sorted(n for _, n in body.markers) == [1, 2, 3]


@pytest.mark.parametrize(
    "text",
    [
        "See the discussion above.",
        "Interview with a ministry official, Lima, 2022.",
        "Smith argued in 2019. The point was that tariffs fall.",
        "Officials interviewed (2022). notes taken in Lima.",
        "In 2019, the ministry reported a fall in use.",
        "Smith and Jones (2019) argued that tariffs fall.",
    ],
)
def test_notes_without_author_date_shape_are_no_references(text: str) -> None:
    assert parse_reference(text) is None
    assert split_entries(text) == [text]


def test_an_answer_cites_the_reference_of_its_claim(tmp_path: Path) -> None:
    """Real model, real embedded Chroma: a claim's citation carries the work it cites, and a
    question about a source finds the reference list."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "water.md").write_text(APA, encoding="utf-8")
    bot = Assistant.load(settings=Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    answer = bot.ask("By how much did Lima raise water tariffs in 2017?")
    assert not answer.abstained and "18 percent" in answer.text
    notes = [e for c in answer.citations for e in c.endnotes]
    assert any(e.number == 3 and "Informe anual" in (e.title or "") for e in notes)
    # the Sources registry lists each work with the passages that cite it
    registry = source_registry(bot)
    assert [e["number"] for e in registry] == [1, 2, 3, 4]
    cited_by = {e["number"]: [c["sentence"] for c in e["citing_passages"]] for e in registry}
    assert cited_by[4] == [
        "Poorer households cut use the most, according to a survey by the Andean Water "
        "Observatory (2020)."
    ]


def _cited(text: str, *refs: str) -> list[int]:
    notes = {n: parse_reference(raw) for n, raw in enumerate(refs, start=1)}
    assert all(isinstance(r, Reference) for r in notes.values())
    para = Paragraph(1, ("Body",), text, split_sentences(text), [], (0, len(text)))
    return [n for _, n in with_citations(para, notes).markers]  # type: ignore[arg-type]


def test_a_citation_names_its_work_by_whole_name_and_nearest_name() -> None:
    li = "Li, X. (2020). Pricing water. Andean Press."
    liu = "Liu, Y. (2020). Water and cities. Andean Press."
    assert _cited("Prices rose (Liu, 2020).", li, liu) == [2]
    un = "UN. (2020). World water report. United Nations."
    assert _cited("Demand fell under pressure (2020).", un) == []
    ferreyra = "Ferreyra, L. (2021). Tariffs. Andean Press."
    gomez = "Gómez, P. (2021). Drought. Andean Press."
    # each bare year belongs to the name right before it
    assert _cited("Ferreyra (2021) and Gómez (2021) agree.", ferreyra, gomez) == [1, 2]


def test_a_reference_url_in_angle_brackets_or_a_link_is_read_whole() -> None:
    ref = parse_reference("Li, X. (2020). Pricing water. Andean Press. <https://doi.org/10.1/x>")
    assert ref is not None and ref.source.url == "https://doi.org/10.1/x"
    linked = parse_reference("Li, X. (2020). Pricing water. [DOI](https://example.org/x).")
    assert linked is not None and linked.source == Source(
        title="Pricing water", publisher="Li, X.", date="2020", url="https://example.org/x"
    )
