"""A plain-text export of a printed report: cover, contents page, running heads, page-foot
notes (markers glued to words and figures), numbered chapters over numbered paragraphs."""

from __future__ import annotations

from pathlib import Path

from briefing_bot.corpus.layout import (
    furniture_lines,
    note_run_lines,
    numbered_headings,
    plain_markers,
)
from briefing_bot.corpus.markup import Block
from briefing_bot.corpus.pagefoot import (
    contents_levels,
    page_foot_notes,
    running_title,
    without_contents,
)
from briefing_bot.corpus.readers import load_document

HEAD = "Quiet Waters: Ferry Links to Small Islands"

REPORT = f"""Example Assembly
Standing Committee on Coastal
Affairs

Quiet Waters: Ferry
Links to Small Islands

Second Report of Session 2031–32

Published on 4 May 2032



{HEAD}     2

Contents

Summary ...................................................... 3
1 Background ................................................. 3
2 The state of the crossings ................................. 4
    Timetables ............................................... 4
Conclusions .................................................. 5



{HEAD}     3

Summary

Island ferries are the only public link for many small communities, and their timetables
have thinned.

1 Background

1. The committee took evidence from harbour boards and island councils over the winter.
Most told us that crossings have become less frequent since the last contract round.1

2. The Harbour Board said that its fleet is old, “older than most of the crews”.2 The
board has asked for a replacement programme that would run for a decade and cover

1    Island Councils Forum (written evidence)
2    Ibid.



{HEAD}     4

every route in the archipelago.3

2 The state of the crossings

3. The average age of a vessel in the fleet is 41.4 A new vessel costs around 60 million
to build.5

Timetables

4. Winter timetables now offer two return crossings a day on most routes.6

3    Ibid.
4    Harbour Board (written evidence)
5    Ibid.
6    Ibid.



{HEAD}     5

Conclusions

5. We conclude that the ferry fleet needs a funded replacement programme.

Evidence received

1   Harbour Board
2   Island Councils Forum
3   Ferry Users Association
"""


def test_a_report_export_with_page_foot_notes_parses_whole(tmp_path: Path) -> None:
    path = tmp_path / "quiet-waters.txt"
    path.write_text(REPORT, encoding="utf-8")
    doc = load_document(path, tmp_path)
    # the cover's first block is the publisher; the running head names the title
    assert doc.title == HEAD
    body = [p for p in doc.paragraphs if p.kind == "body"]
    texts = [p.text for p in body]
    # the cover's other lines are text still (nothing is lost), after the title
    assert texts[0] == "Example Assembly Standing Committee on Coastal Affairs"
    assert body[0].source_span[0] == 0
    # the contents page is gone, the chapters are headings (sentence case too)
    assert not any("....." in t for t in texts)
    assert [p.section_path for p in body if p.text.startswith(("1.", "3."))] == [
        ("1 Background",),
        ("2 The state of the crossings",),
    ]
    # the paragraph cut by the notes and the page break is whole, its marker read
    second = next(p for p in body if p.text.startswith("2. "))
    assert second.text.endswith("would run for a decade and cover every route in the archipelago.")
    assert [n for _, n in second.markers] == [2, 3]
    # "is 41.4" is age 41 and note 4 (the next note), "60 million" a figure
    third = next(p for p in body if p.text.startswith("3. "))
    assert "fleet is 41. A new vessel" in third.text
    assert [n for _, n in third.markers] == [4, 5]
    # the notes are the document's notes, not text, headings or furniture
    assert sorted(doc.endnotes) == [1, 2, 3, 4, 5, 6]
    assert doc.endnotes[4].text == "Harbour Board (written evidence)"
    assert not any("Ibid" in t or "written evidence)" in t for t in texts)
    # a numbered list at the last page's foot is cited by nothing: it stays text
    listed = next(p for p in body if "Harbour Board" in p.text and "Ferry Users" in p.text)
    assert listed.text.startswith("1 Harbour Board")
    assert not any(p.section_path and p.section_path[-1].startswith("3 ") for p in body)


def test_note_runs_are_not_running_heads() -> None:
    lines = ["7 Ibid.", "8 Ibid.", "", "3   Title", "", "9 Ibid.", "10 Ibid.", "", "11 Ibid."]
    assert note_run_lines(lines) == {0, 1, 5, 6}
    # "# ibid." repeats three times, but only "11 Ibid." (alone) could be furniture
    assert furniture_lines([*lines, "12", "13"]) == set()


def test_page_foot_notes_need_the_pages_markers() -> None:
    head = "A Running Head"
    blocks = [
        Block(0, ["Body text that cites a note.1"]),
        Block(40, ["1 A note"]),
        Block(50, [f"2   {head}"]),
        Block(70, ["Body text without markers."]),
        Block(100, ["1 A list item", "2 Another item"]),
        Block(130, [f"{head}   3"]),
    ]
    repeated = {f"# {head.casefold()}", f"{head.casefold()} #"}
    body, notes = page_foot_notes(blocks, repeated)
    assert [b.lines for b in notes] == [["1. A note"]]
    assert [b.start for b in body] == [0, 50, 70, 100, 130]
    assert running_title([f"2   {head}", "x", f"{head}   3"], repeated) == head


def test_contents_lines_go_and_give_the_headings_their_levels() -> None:
    contents = Block(
        0, ["Summary ........ 3", "1 Background ....... 4", "    Early ferries . . . . . 9"]
    )
    text = [
        Block(60, ["Summary"]),
        Block(70, ["1 Background"]),
        Block(90, ["Some text ..."]),
        Block(99, ["Early", "ferries"]),
        Block(120, ["Summary"]),
        Block(130, ["Annex"]),
    ]
    text[-1].level = 2  # a heading the contents does not list
    kept, entries = without_contents([contents, *text])
    assert kept == text
    assert entries == [(0, "Summary"), (0, "1 Background"), (1, "Early ferries")]
    contents_levels(kept, entries)
    assert [(b.lines, b.level) for b in kept] == [
        (["Summary"], 2),
        (["1 Background"], 2),
        (["Some text ..."], None),
        (["Early ferries"], 3),  # a sentence-case heading the contents lists
        (["Summary"], None),  # each entry heads one block, in order
        (["Annex"], 4),  # below the listed heading above it
    ]
    # dotted leaders in a list of things the text does not spell as headings: kept
    prices = Block(0, ["Tickets ........ 3", "Passes ....... 4", "Freight . . . . . 9"])
    assert without_contents([prices, *text]) == ([prices, *text], [])


def test_a_marker_glued_to_a_figure_must_be_the_next_note() -> None:
    text = "The fleet's age is 41.4 The cost is 2.5 million. A vessel costs 3.7"
    clean, _, markers = plain_markers(text, list(range(len(text))), {3, 4, 5, 7}, after=3)
    assert [n for _, n in markers] == [4]
    assert clean == "The fleet's age is 41. The cost is 2.5 million. A vessel costs 3.7"
    # without a marker before it, no figure's decimals are read as one
    assert plain_markers(text, list(range(len(text))), {4})[2] == []


def test_numbered_lines_in_a_row_are_a_list_not_headings() -> None:
    blocks = [
        Block(0, ["1 Introduction"]),
        Block(
            20,
            [
                "1. We took evidence over the winter from many island councils and harbour",
                "boards, and from the crews of the ferries that serve the smaller islands.",
            ],
        ),
        Block(200, ["1   Harbour Board", "2   Island Councils Forum", "3   Ferry Users Forum"]),
    ]
    out = numbered_headings(blocks)
    assert [(b.lines, b.level) for b in out] == [
        (["1 Introduction"], 2),  # a bare number over a numbered paragraph: a heading
        (blocks[1].lines, None),
        (blocks[2].lines, None),
    ]
