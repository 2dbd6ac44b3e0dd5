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


def _with_footnote(data: bytes) -> bytes:
    """python-docx writes no footnotes: add one, referenced where the text says FN1."""
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
        dst.writestr("word/footnotes.xml", FOOTNOTES)
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
