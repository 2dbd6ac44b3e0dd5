"""Tables in every format: each data row one paragraph, each value under its own header; a
caption is the rows' section, never a paragraph of its own, nor a sentence of its label."""

from __future__ import annotations

from pathlib import Path

import docx

from briefing_bot.corpus.readers import load_document
from briefing_bot.corpus.sentences import split_sentences
from briefing_bot.corpus.structure import parse_markdown

_INTRO = " ".join(["Table 2 sets out what each port handled in 2025 and what it will cost."] * 2)
_AFTER = " ".join(["The northern port is the busiest of the three but not the dearest."] * 2)

HTML_PAGE = f"""<html><head><title>Ports</title></head><body><article><h1>Ports</h1>
<h2>Three ports</h2><p>{_INTRO}</p>
<table><caption>Table 2. Port traffic and charges, 2025 (estimates)</caption>
<thead><tr><th>Port</th><th>Cargo (million tonnes)</th><th>Ships</th><th>Charge (EUR million)</th>
</tr></thead><tbody>
<tr><td>North</td><td>41.0</td><td>1,200</td><td>96</td></tr>
<tr><td>South</td><td>12.5</td><td>380</td><td>40</td></tr>
<tr><td>Total</td><td></td><td>1,580</td><td>136</td></tr>
</tbody></table>
<p class="table-note">Sources: Port authorities; own calculations.</p>
<p>{_AFTER}</p></article></body></html>"""

CAPTION = "Table 2. Port traffic and charges, 2025 (estimates)"
ROWS = [
    "Port: North; Cargo (million tonnes): 41.0; Ships: 1,200; Charge (EUR million): 96",
    "Port: South; Cargo (million tonnes): 12.5; Ships: 380; Charge (EUR million): 40",
    # the empty cell of a totals row shifts nothing: each value keeps its header
    "Port: Total; Ships: 1,580; Charge (EUR million): 136",
]


def test_an_html_table_with_a_caption_and_a_totals_row(tmp_path: Path) -> None:
    """The extractor writes the caption as a first row over the header: it is the caption,
    the header labels every value and is no paragraph of its own."""
    (tmp_path / "ports.html").write_text(HTML_PAGE, encoding="utf-8")
    doc = load_document(tmp_path / "ports.html", tmp_path)
    body = [p for p in doc.paragraphs if p.kind == "body"]
    rows = [p for p in body if p.section_path == ("Three ports", CAPTION)]
    assert [p.text for p in rows] == ROWS
    assert all(p.sentences == [(0, len(p.text))] for p in rows)  # a row is one sentence
    # the text around the table stays in its section; no header-only or rule paragraph
    rest = [p.text for p in body if p.section_path == ("Three ports",)]
    assert rest == [_INTRO, "Sources: Port authorities; own calculations.", _AFTER]


def test_a_markdown_caption_line_over_a_table_is_its_caption() -> None:
    """A caption written as a line of text over the table (bold or not, with a blank line
    between or not) is the rows' section too, not the rest of the section's; a line that is
    no caption stays a paragraph."""
    table = "| Port | Ships | Charge |\n|---|---|---|\n| North | 1,200 | 96 |\n| Total |  | 136 |\n"
    for caption in ("Table 2: Port charges", "**Table 2: Port charges**"):
        for gap in ("\n\n", "\n"):
            raw = f"# Ports\n\n## Three ports\n\n{caption}{gap}{table}\nSource: port office.\n"
            assert [(p.section_path, p.text) for p in parse_markdown(raw).paragraphs] == [
                (("Three ports", "Table 2: Port charges"), "Port: North; Ships: 1,200; Charge: 96"),
                (("Three ports", "Table 2: Port charges"), "Port: Total; Charge: 136"),
                (("Three ports",), "Source: port office."),
            ]
    parsed = parse_markdown(f"# Ports\n\n## Three ports\n\nThe charges were:\n{table}")
    assert [p.text for p in parsed.paragraphs][:2] == [
        "The charges were:",
        "Port: North; Ships: 1,200; Charge: 96",
    ]
    assert {p.section_path for p in parsed.paragraphs} == {("Three ports",)}


def test_a_column_without_a_header_keeps_its_place() -> None:
    """Where no header names a column, an empty cell is a dash, so the values after it stay
    in their places."""
    raw = "# T\n\n| | | 2025 |\n|---|---|---|\n| North | 41.0 | 96 |\n| Total |  | 136 |\n"
    assert [p.text for p in parse_markdown(raw).paragraphs] == [
        "North; 41.0; 2025: 96",
        "Total; –; 2025: 136",
    ]


def test_a_word_table_with_a_title_row_and_a_totals_row(tmp_path: Path) -> None:
    """A Word table's title merged across its columns is its caption, not its header."""
    document = docx.Document()
    document.add_heading("Ports", level=1)
    document.add_heading("Three ports", level=2)
    document.add_paragraph(_INTRO)
    cells = [
        ["Port", "Cargo (million tonnes)", "Ships", "Charge (EUR million)"],
        ["North", "41.0", "1,200", "96"],
        ["South", "12.5", "380", "40"],
        ["Total", "", "1,580", "136"],
    ]
    table = document.add_table(rows=len(cells) + 1, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = CAPTION
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(_AFTER)
    # a caption in Word's Caption style over a table without a title row
    document.add_paragraph("Table 3. Ships by port", style="Caption")
    table = document.add_table(rows=2, cols=2)
    for c, (label, value) in enumerate([("Port", "North"), ("Ships", "1,200")]):
        table.cell(0, c).text, table.cell(1, c).text = label, value
    document.add_paragraph("Source: port office.")
    document.save(str(tmp_path / "ports.docx"))
    doc = load_document(tmp_path / "ports.docx", tmp_path)
    rows = [p for p in doc.paragraphs if p.section_path == ("Three ports", CAPTION)]
    assert [p.text for p in rows] == ROWS
    assert [(p.section_path, p.text) for p in doc.paragraphs[-2:]] == [
        (("Three ports", "Table 3. Ships by port"), "Port: North; Ships: 1,200"),
        (("Three ports",), "Source: port office."),
    ]


def test_a_caption_label_is_no_sentence_of_its_own() -> None:
    """ "Table 1." or "Figure 2.3." opens its caption; "… in Table 1." still ends a sentence."""
    for caption in ("Table 1. Exposure of five exporters, 2030", "Figure 2.3. Flows by month"):
        assert split_sentences(caption) == [(0, len(caption))]
    text = "The data are in Table 1. They show a rise."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The data are in Table 1.",
        "They show a rise.",
    ]


def _grid(document: docx.document.Document, cells: list[list[str]]) -> None:
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def test_a_caption_under_a_word_table_is_its_caption(tmp_path: Path) -> None:
    """A caption set right under a table (a statistics release's style) labels that table's
    rows, as one above it does; a caption between two tables is the second one's."""
    document = docx.Document()
    document.add_paragraph("Port statistics", style="Title")
    document.add_heading("Ports", level=1)
    document.add_paragraph(_INTRO)
    _grid(document, [["Port", "Ships"], ["North", "1,200"], ["South", "380"]])
    document.add_paragraph().add_run("Table 1: Ships by port, 2025").italic = True
    document.add_paragraph(_AFTER)
    _grid(document, [["Port", "Cargo"], ["North", "41.0"]])
    document.add_paragraph("Table 2: Cargo by port, 2025")
    _grid(document, [["Port", "Staff"], ["North", "900"]])
    document.save(str(tmp_path / "below.docx"))
    doc = load_document(tmp_path / "below.docx", tmp_path)
    got = [(p.section_path, p.text, p.table) for p in doc.paragraphs if p.kind == "body"]
    assert got == [
        (("Ports",), _INTRO, None),
        (("Ports", "Table 1: Ships by port, 2025"), "Port: North; Ships: 1,200", 1),
        (("Ports", "Table 1: Ships by port, 2025"), "Port: South; Ships: 380", 1),
        (("Ports",), _AFTER, None),
        (("Ports",), "Port: North; Cargo: 41.0", 2),
        (("Ports", "Table 2: Cargo by port, 2025"), "Port: North; Staff: 900", 3),
    ]
