"""Word documents: headings, lists, tables and footnotes come through as structure."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from briefing_bot.corpus.readers import load_document
from briefing_bot.errors import DocumentError

FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Basin Authority, "Inflows Report," 2024, '
    "https://example.org/inflows.</w:t></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def _with_footnote(data: bytes, footnotes: str = FOOTNOTES) -> bytes:
    """python-docx writes no footnotes: add ``footnotes``, the first referenced where the
    text says FN1."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = body.replace(b"<w:t>FN1</w:t>", b'<w:footnoteReference w:id="1"/>')
            elif item.filename == "word/_rels/document.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            dst.writestr(item, body)
        dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def _make(path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Water for Farms"
    document.core_properties.author = "Jane Doe"
    document.add_paragraph("Water for Farms", style="Title")
    document.add_heading("The Basin Runs Dry", level=1)
    para = document.add_paragraph("The basin lost 20 percent of its inflows since 2000.")
    para.add_run("FN1")
    para.add_run(" Allocations were cut twice.")
    document.add_paragraph("# not a heading, just a hash", style="Normal")
    document.add_heading("Recommendations", level=1)
    document.add_paragraph("Fund the gauges.", style="List Number")
    document.add_paragraph("Publish the data.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Allocation"
    table.cell(1, 0).text, table.cell(1, 1).text = "2023", "40 percent"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_with_footnote(buffer.getvalue()))


def test_a_word_document_parses_with_its_structure(tmp_path: Path) -> None:
    _make(tmp_path / "doe-water.docx")
    doc = load_document(tmp_path / "doe-water.docx", tmp_path)
    assert doc.kind == "docx" and doc.title == "Water for Farms"
    assert doc.metadata["author"] == "Jane Doe"
    body = [p for p in doc.paragraphs if p.kind == "body"]
    first = body[0]
    assert first.section_path == ("The Basin Runs Dry",)
    assert first.text == (
        "The basin lost 20 percent of its inflows since 2000. Allocations were cut twice."
    )
    assert first.sentence_endnotes(*first.sentences[0]) == [1]
    assert doc.endnotes[1].url == "https://example.org/inflows"
    assert body[1].text == "# not a heading, just a hash"
    assert [p.text for p in body[2:4]] == ["1. Fund the gauges.", "2. Publish the data."]
    assert all(p.section_path == ("Recommendations",) for p in body[2:])
    assert any("Allocation: 40 percent" in p.text for p in body[4:])


def test_a_corrupt_word_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DocumentError, match="Word file"):
        load_document(tmp_path / "broken.docx", tmp_path)


def test_a_word_file_that_unpacks_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing_bot.corpus import docx as reader

    _make(tmp_path / "doe-water.docx")
    monkeypatch.setattr(reader, "MAX_UNPACKED", 1000)
    with pytest.raises(DocumentError, match="unpacks to"):
        load_document(tmp_path / "doe-water.docx", tmp_path)


def _make_briefing(path: Path, *, notes: bool = True) -> None:
    """A briefing whose note numbers are superscript runs, with a dated series line above the
    title and the notes typed as numbered paragraphs under a "Notes" heading."""
    document = docx.Document()
    document.add_paragraph("Basin Research Note No. 12 | 4 June 2025")
    document.add_paragraph("Dry Channels", style="Title")
    document.add_heading("Flows", level=1)
    para = document.add_paragraph("Inflows fell by a third after 2019.")
    para.add_run("1").font.superscript = True
    para.add_run(" The reservoir holds 40 km")
    para.add_run("2").font.superscript = True  # a unit's exponent, not a note
    para.add_run(" of water.")
    quoted = document.add_paragraph("The minister called it “a slow emergency.”")
    quoted.add_run("3").font.superscript = True
    document.add_paragraph("Fund the gauges.", style="List Number")
    if notes:
        document.add_heading("Notes", level=1)
        document.add_paragraph("1. Basin Authority, Inflow Statistics, 2024.")
        document.add_paragraph("3. Water Ministry, Who Pays for Drought?, Office of Water, 2025.")
    document.save(str(path))


def test_superscript_note_numbers_are_markers_when_the_notes_have_them(tmp_path: Path) -> None:
    _make_briefing(tmp_path / "b.docx")
    doc = load_document(tmp_path / "b.docx", tmp_path)
    body = [p for p in doc.paragraphs if p.kind == "body"]
    flows = body[0]
    assert flows.text == "Inflows fell by a third after 2019. The reservoir holds 40 km2 of water."
    assert [flows.sentence_endnotes(s, e) for s, e in flows.sentences] == [[1], []]
    assert body[1].text == "The minister called it “a slow emergency.”"
    assert body[1].sentence_endnotes(*body[1].sentences[0]) == [3]
    # a Word numbered list reads as a Markdown one: the item keeps its own number
    assert body[2].text == "1. Fund the gauges."
    # the cited title's "?" before a comma ends no sentence
    note = next(p for p in doc.paragraphs if p.kind == "endnote" and p.markers[0][1] == 3)
    assert len(note.sentences) == 1
    # the series line above the title is the publication, not a kicker or body text
    assert doc.metadata["publication"] == "Basin Research Note No. 12 | 4 June 2025"
    assert "kicker" not in doc.metadata


def test_superscript_numbers_without_a_notes_section_stay_text(tmp_path: Path) -> None:
    _make_briefing(tmp_path / "b.docx", notes=False)
    doc = load_document(tmp_path / "b.docx", tmp_path)
    flows = next(p for p in doc.paragraphs if p.kind == "body")
    assert flows.text.startswith("Inflows fell by a third after 2019.1 The reservoir")
    assert flows.markers == []


ITALIC_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Ann Smith, </w:t></w:r>'
    "<w:r><w:rPr><w:i/></w:rPr><w:t>Silt and Power</w:t></w:r>"
    '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> in Great Rivers </w:t></w:r>'
    '<w:r><w:t xml:space="preserve">(Riverside Press, 2021); a 5* rating.</w:t></w:r>'
    "</w:p></w:footnote>"
    "</w:footnotes>"
)


def test_italic_titles_in_word_notes_name_their_works(tmp_path: Path) -> None:
    """An unquoted title set in italics (a footnote's run, or a run of a numbered note under
    "Notes") is the cited work's title; the note's text reads without the marks."""
    document = docx.Document()
    document.add_paragraph("Rivers and Silt", style="Title")
    para = document.add_paragraph("Dams trap most of the silt.")
    para.add_run("FN1")
    para.add_run(" The delta sinks as a result.")
    para.add_run("2").font.superscript = True
    document.add_heading("Notes", level=1)
    note = document.add_paragraph("2. Bo Lee, ")
    note.add_run("The Sinking Delta").italic = True
    note.add_run(", Delta Books, March 2020.")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    (tmp_path / "lee.docx").write_bytes(_with_footnote(data, ITALIC_FOOTNOTES))
    doc = load_document(tmp_path / "lee.docx", tmp_path)
    notes = doc.endnotes
    assert sorted(notes) == [1, 2]
    assert [s.title for s in notes[1].sources] == ["Silt and Power in Great Rivers"]
    # the marks are gone from what is shown; an asterisk typed in the note stays
    assert notes[1].text == (
        "Ann Smith, Silt and Power in Great Rivers (Riverside Press, 2021); a 5* rating."
    )
    assert [(s.title, s.date) for s in notes[2].sources] == [("The Sinking Delta", "March 2020")]
    assert notes[2].text == "Bo Lee, The Sinking Delta, Delta Books, March 2020."
    body = next(p for p in doc.paragraphs if p.kind == "body")
    assert "*" not in body.text and [n for _, n in body.markers] == [1, 2]


def test_bold_question_paragraphs_are_interview_turns(tmp_path: Path) -> None:
    """A Word interview sets the interviewer's questions in bold: each is a question turn,
    while a bold heading-like line is a sub-heading and a bold "By …" line the byline."""
    document = docx.Document()
    document.core_properties.author = ""  # python-docx's own name otherwise
    document.add_paragraph("Salt and Silt", style="Title")
    document.add_paragraph().add_run("By Marta Quist").bold = True
    document.add_heading("The problem", level=1)
    document.add_paragraph().add_run("Background").bold = True
    document.add_paragraph("Henrik Berg has studied the delta for twenty years.")
    asked = document.add_paragraph()
    asked.add_run("How fast is the delta ").bold = True
    asked.add_run("sinking?").bold = True
    document.add_paragraph("Faster than the sea is rising. It lost 12 centimetres by 2020.")
    mixed = document.add_paragraph("Is the upper delta ")
    mixed.add_run("stable?").bold = True  # not all bold: text, not a turn
    document.add_paragraph().add_run("And the upper delta?").bold = True
    document.add_paragraph("It is stable, for now.")
    document.save(str(tmp_path / "quist.docx"))
    doc = load_document(tmp_path / "quist.docx", tmp_path)
    assert doc.metadata["author"] == "Marta Quist"
    kinds = [(p.kind, p.text) for p in doc.paragraphs]
    assert kinds == [
        ("about", kinds[0][1]),
        ("body", "Henrik Berg has studied the delta for twenty years."),
        ("question", "How fast is the delta sinking?"),
        ("body", "Faster than the sea is rising. It lost 12 centimetres by 2020."),
        ("body", "Is the upper delta stable?"),
        ("question", "And the upper delta?"),
        ("body", "It is stable, for now."),
    ]
    assert doc.paragraphs[1].section_path == ("The problem", "Background")


def test_a_report_front_matter_keeps_its_series_line_and_subtitle(tmp_path: Path) -> None:
    """A series line above the title (with the release date) and an italic standfirst right
    under it are front matter: both in the About passage, neither a body paragraph."""
    document = docx.Document()
    document.add_paragraph("Statistical Bulletin | Harbour Data Unit | Published: 3 March 2027")
    document.add_paragraph("Harbour Traffic 2026", style="Title")
    standfirst = document.add_paragraph().add_run("Ship calls, cargo and passengers at the ports.")
    standfirst.italic = True
    document.add_paragraph("Next edition: March 2028")
    document.add_heading("Summary", level=1)
    document.add_paragraph("Ship calls rose by 4 percent in 2026.", style="List Bullet")
    document.save(str(tmp_path / "harbour.docx"))
    doc = load_document(tmp_path / "harbour.docx", tmp_path)
    about = doc.paragraphs[0]
    assert about.kind == "about"
    assert "Published: 3 March 2027" in about.text
    assert "Ship calls, cargo and passengers at the ports." in about.text
    assert doc.metadata["subtitle"] == "Ship calls, cargo and passengers at the ports."
    body = [p.text for p in doc.paragraphs if p.kind == "body"]
    assert body == ["Next edition: March 2028", "Ship calls rose by 4 percent in 2026."]


def test_a_plain_paragraph_under_the_title_stays_text(tmp_path: Path) -> None:
    """Only a "Subtitle" paragraph or an italic one is a subtitle; plain text is text."""
    document = docx.Document()
    document.add_paragraph("Harbour Traffic 2026", style="Title")
    document.add_paragraph("Ship calls rose by 4 percent in 2026, the most since 2019.")
    document.add_heading("Ports", level=1)
    document.add_paragraph("The northern port handled most of the growth.")
    document.save(str(tmp_path / "plain.docx"))
    doc = load_document(tmp_path / "plain.docx", tmp_path)
    assert "subtitle" not in doc.metadata
    body = [p.text for p in doc.paragraphs if p.kind == "body"]
    assert body[0] == "Ship calls rose by 4 percent in 2026, the most since 2019."

    document = docx.Document()
    document.add_paragraph("Harbour Traffic 2026", style="Title")
    document.add_paragraph("Ports, ships and passengers", style="Subtitle")
    document.add_paragraph("Ship calls rose by 4 percent in 2026, the most since 2019.")
    document.save(str(tmp_path / "styled.docx"))
    doc = load_document(tmp_path / "styled.docx", tmp_path)
    assert doc.metadata["subtitle"] == "Ports, ships and passengers"
