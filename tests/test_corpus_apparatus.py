"""A working paper's apparatus (invented documents): an author line without "By", an author
note after the references, a run-in "Abstract." label, APA entries' parts and a corporate
author's abbreviation."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefing_bot.corpus import ParsedDocument, load_document
from briefing_bot.corpus.apparatus import author_line, lowercase_words
from briefing_bot.corpus.authordate import parse_reference, with_aliases, with_citations
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.types import Paragraph

BODY = """## 1. Introduction

Grain prices in the coastal markets rose by a third in 2025 (Example Grain Observatory [EGO], \
2025). The policy institute's review of market finance found the same pattern (Doe, 2024).

## 2. Findings

Storage losses fell where farmers used sealed bags (EGO, 2025). Prices fell again in the \
spring.

## References

Doe, J. (2024). Storage and prices in coastal markets. *Journal of Grain Studies, 12*(2), \
33–51. https://example.org/jgs/doe-2024

Example Grain Observatory. (2025). *Grain flows in 2025*. https://example.org/ego/flows
"""

NOTE = (
    "*Author note.* Jane Roe is a senior fellow at the Example Policy Institute, where she "
    "directs its programme on food markets; she previously spent eight years at a national "
    "statistics office, where she ran its price surveys and its household panel. The survey "
    "used here was funded by a private foundation. The views expressed are the author's own, "
    "not those of the institute or its funders. Correspondence: jroe@example.org."
)


def _cited(text: str, *entries: str) -> list[tuple[int, int]]:
    refs = {n: parse_reference(raw) for n, raw in enumerate(entries, start=1)}
    assert all(refs.values())
    para = Paragraph(1, ("Body",), text, split_sentences(text), [], (0, len(text)))
    return with_citations(para, with_aliases(refs, [text])).markers  # type: ignore[arg-type]


def _doc(tmp_path: Path, text: str, name: str = "paper.md") -> ParsedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_document(path, tmp_path)


def _paper(head: str, tail: str = "") -> str:
    return f"# Grain Storage and Prices on the Coast\n\n{head}\n\n{BODY}{tail}"


def test_an_author_line_without_by_is_the_byline(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path, _paper("Jane Roe, Example Policy Institute — Working Paper No. 3, May 2026")
    )
    assert doc.metadata["author"] == "Jane Roe, Example Policy Institute"
    assert doc.metadata["publication"] == "Working Paper No. 3, May 2026"
    about = doc.paragraphs[0]
    # the series line, and its date, stay searchable in the passage about the document
    assert about.kind == "about" and about.text.endswith(
        "\nBy Jane Roe, Example Policy Institute\nWorking Paper No. 3, May 2026"
    )
    # two authors, the affiliation and date after commas
    two = _doc(tmp_path, _paper("Jane Roe and Ann Poe, Example Policy Institute, May 2026"))
    assert two.metadata["author"] == "Jane Roe and Ann Poe, Example Policy Institute"
    assert two.metadata["publication"] == "May 2026"


def test_lower_case_words_leave_out_addresses_and_read_a_long_token_at_once() -> None:
    text = "Write to jroe@example.org or see https://example.org/roe for the policy review."
    assert lowercase_words([text]) == {"to", "or", "see", "for", "the", "policy", "review"}
    # a blob of 200,000 characters (an inline image, a key) in one token: read in one pass
    blob = "a" * 200_000
    started = time.perf_counter()
    words = lowercase_words([f"Write {blob} now", f"Mail {blob}@{blob} here"])
    assert time.perf_counter() - started < 2.0  # the quadratic pattern took minutes
    assert words == {blob, "now", "here"}


def test_a_journal_or_series_line_is_no_byline(tmp_path: Path) -> None:
    # its words are the document's own lower-case words ("review", "policy", "grain")
    journal = "Grain Policy Review, Vol. 9, No. 2 (2026)"
    doc = _doc(tmp_path, _paper(journal))
    assert "author" not in doc.metadata and doc.metadata["publication"] == journal
    words = lowercase_words([BODY])
    assert author_line("Policy Review, May 2026", words) is None
    assert author_line("Storage losses fell where farmers used sealed bags.", words) is None
    assert author_line("EGO Working Paper No. 3, May 2026", words) is None
    assert author_line("J. L. Ortiz, Example Policy Institute", words) == (
        "J. L. Ortiz, Example Policy Institute",
        None,
    )


def test_a_labelled_author_note_after_the_references_reaches_the_about_passage(
    tmp_path: Path,
) -> None:
    assert len(NOTE) > 400  # longer than an aside after a rule
    doc = _doc(
        tmp_path, _paper("Jane Roe, Example Policy Institute, May 2026", f"\n---\n\n{NOTE}\n")
    )
    note = doc.metadata["author_note"]
    assert note.startswith("Jane Roe is a senior fellow") and note.endswith("jroe@example.org.")
    assert "Jane Roe is a senior fellow" in doc.paragraphs[0].text
    elsewhere = [p for p in doc.paragraphs[1:] if "senior fellow" in p.text]
    assert elsewhere == [] and all("senior fellow" not in n.text for n in doc.endnotes.values())
    # the same note without a rule, and one under an "About the author" heading
    plain = _doc(tmp_path, _paper("Jane Roe, Example Policy Institute, May 2026", f"\n{NOTE}\n"))
    assert plain.metadata["author_note"] == note
    bio = NOTE.removeprefix("*Author note.* ")
    headed = _doc(tmp_path, _paper("By Jane Roe", f"\n## About the author\n\n{bio}\n"))
    assert headed.metadata["author_note"] == bio
    assert not any("senior fellow" in p.text for p in headed.paragraphs if p.kind != "about")


def test_a_long_note_about_a_person_after_a_rule_is_the_author_note(tmp_path: Path) -> None:
    bio = NOTE.removeprefix("*Author note.* ")
    doc = _doc(tmp_path, _paper("By Jane Roe", f"\n---\n\n{bio}\n"))
    assert doc.metadata["author_note"] == bio


@pytest.mark.parametrize("label", ["**Abstract.**", "*Abstract:*", "**Summary**.", "Abstract."])
def test_a_run_in_abstract_label_is_the_section(tmp_path: Path, label: str) -> None:
    abstract = f"{label} Grain prices rose by a third. This paper asks why."
    doc = _doc(tmp_path, _paper(f"By Jane Roe\n\n{abstract}"))
    first = next(p for p in doc.paragraphs if p.kind == "body")
    name = label.strip("*.:").strip("*")
    assert first.section_path == (name,)
    assert first.text == "Grain prices rose by a third. This paper asks why."
    start, end = first.sentences[0]
    assert first.text[start:end] == "Grain prices rose by a third."
    # the source offsets still point at the text
    raw = (tmp_path / "paper.md").read_text(encoding="utf-8")
    assert raw[first.source_span[0] :].startswith("Grain prices rose")
    later = next(p for p in doc.paragraphs if "coastal markets" in p.text)
    assert later.section_path == ("1. Introduction",)


def test_the_abstract_sits_beside_deeper_sections(tmp_path: Path) -> None:
    text = (
        "# Title Here\n\nBy Jane Roe\n\n**Abstract.** Prices rose.\n\n### Part one\n\nThey fell.\n"
    )
    doc = _doc(tmp_path, text)
    paths = [p.section_path for p in doc.paragraphs if p.kind == "body"]
    assert paths == [("Abstract",), ("Part one",)]


def test_apa_entries_parts() -> None:
    article = parse_reference(
        "Doe, J. (2024). Storage and prices. *Journal of Grain Studies, 12*(2), 33–51. "
        "https://example.org/x"
    )
    assert article is not None
    assert article.source.title == "Storage and prices"
    assert article.source.publisher == "Doe, J.; Journal of Grain Studies"
    report = parse_reference(
        "Ortiz, J. L. (2023). *The hidden cost: Margins in grain trade* (Working Paper No. 23-11)."
        " Centro de Estudios del Grano. https://example.org/y"
    )
    assert (
        report is not None
        and report.source.publisher == "Ortiz, J. L.; Centro de Estudios del Grano"
    )
    dated = parse_reference(
        "Poe, T. (2025, February 18). *Grain after the election* [Policy note]. Example Grain "
        "Observatory. https://example.org/z"
    )
    assert dated is not None and dated.year == "2025"
    assert dated.source.date == "February 18, 2025"
    assert dated.source.publisher == "Poe, T.; Example Grain Observatory"
    plain = parse_reference(
        "Ortiz, J. L. (2023). The hidden cost (Report No. 4). U.S. Department of Agriculture."
    )
    assert plain is not None and plain.source.title == "The hidden cost"
    assert plain.source.publisher == "Ortiz, J. L.; U.S. Department of Agriculture"
    chapter = parse_reference(
        "Roe, J. (2021). Storage. In A. Poe (Ed.), *Grain markets* (pp. 4–9). Harbour Press."
    )
    assert (
        chapter is not None and chapter.source.publisher == "Roe, J.; Grain markets, Harbour Press"
    )
    season = parse_reference("Roe, J. (2020, Spring). Storage. *Grain Review, 3*(1), 1–9.")
    assert season is not None and season.source.date == "Spring 2020"


def test_a_corporate_authors_abbreviation_cites_its_work(tmp_path: Path) -> None:
    doc = _doc(tmp_path, _paper("By Jane Roe"))
    intro, findings = (p for p in doc.paragraphs if p.kind == "body")
    assert [n for _, n in intro.markers] == [2, 1]
    # "(EGO, 2025)": the abbreviation "(Example Grain Observatory [EGO], 2025)" gave it
    assert [n for _, n in findings.markers] == [2]
    # the abbreviation as written: "who" is no "WHO"
    who = "World Health Organization [WHO]. (2020). *Heat and health*."
    text = "Workers who were surveyed (2020) agreed; the WHO (2020) did not."
    assert _cited(text, who) == [(text.index(" did"), 1)]
    # an abbreviation the reference list gives
    listed = parse_reference("Example Grain Observatory [EGO]. (2025). *Grain flows*.")
    assert listed is not None and listed.aliases == ("EGO",)
    assert listed.source.publisher == "Example Grain Observatory"
