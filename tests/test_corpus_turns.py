"""Q&A transcripts and bracketed note markers: the interviewer's bold turns are questions,
not headings; "[n]" markers cite the notes section; a dated "Interview by" byline."""

from __future__ import annotations

from pathlib import Path

from briefing_bot.chunking import Chunk, chunk_document
from briefing_bot.corpus import ParsedDocument, load_document, parse_markdown, split_sentences

INTERVIEW = """\
# Salt and Silt: A Conversation on River Deltas

Interview by Marta Quist, 3 May 2025

*Oskar Lindahl talks to Henrik Berg about sinking deltas and what dredging costs.*

## The problem

**Let's begin with the scale. How fast are the deltas sinking?**

Faster than the sea is rising, in most of them. The lower delta lost 12 centimetres in the
decade to 2020.[1] Pumping groundwater is most of the cause.[2, 3]

**And the upper delta?**

It is stable, for now. The survey found no change there [4].

**Your critics say dredging is the wrong tool.**

Some do. I think they underrate how much silt the dams hold back.

## Notes

1. Delta Survey Office, "Subsidence Atlas," 2021, <https://example.org/atlas>.
2. River Board, "Groundwater Use," 2019.
3. River Board, "Wells Register," 2020.
4. Delta Survey Office, "Upper Delta Levels," 2022.

---

Henrik Berg is a hydrologist at the Delta Institute. Marta Quist edits the Institute's journal.
"""


def _interview(tmp_path: Path) -> ParsedDocument:
    path = tmp_path / "quist-salt-and-silt.md"
    path.write_text(INTERVIEW, encoding="utf-8")
    return load_document(path, tmp_path)


def test_bracketed_markers_cite_the_notes_and_leave_the_text(tmp_path: Path) -> None:
    doc = _interview(tmp_path)
    answer = next(p for p in doc.paragraphs if p.text.startswith("Faster than"))
    assert "[" not in answer.text
    sentences = [answer.text[s:e] for s, e in answer.sentences]
    assert sentences[1] == "The lower delta lost 12 centimetres in the decade to 2020."
    assert [answer.sentence_endnotes(s, e) for s, e in answer.sentences] == [[], [1], [2, 3]]
    # the marker's characters are gone, the rest still maps onto the file
    start = answer.source_offset(answer.sentences[2][0])
    assert INTERVIEW[start:].startswith("Pumping groundwater")
    # "… there [4]." loses the space before the marker too
    stable = next(p for p in doc.paragraphs if p.text.startswith("It is stable"))
    assert stable.text.endswith("no change there.")
    assert stable.sentence_endnotes(*stable.sentences[-1]) == [4]


def test_bracketed_numbers_the_notes_lack_stay_text() -> None:
    raw = (
        "# T\n\nThe 1998 report [2020] said so [sic]. A range was cited.[2–3] And [7] too.\n\n"
        "## Notes\n\n1. One.\n2. Two.\n3. Three.\n"
    )
    para = parse_markdown(raw).paragraphs[0]
    assert para.text == "The 1998 report [2020] said so [sic]. A range was cited. And [7] too."
    assert para.markers == [
        (len("The 1998 report [2020] said so [sic]. A range was cited."), 2),
        (len("The 1998 report [2020] said so [sic]. A range was cited."), 3),
    ]
    # without a notes section a bracketed number is text
    assert parse_markdown("# T\n\nSee item [2].\n").paragraphs[0].text == "See item [2]."


def test_bold_questions_are_turns_not_headings(tmp_path: Path) -> None:
    doc = _interview(tmp_path)
    body = [p for p in doc.paragraphs if p.kind in ("body", "question")]
    kinds = [(p.kind, p.text[:20]) for p in body]
    assert kinds == [
        ("question", "Let's begin with the"),
        ("body", "Faster than the sea "),
        ("question", "And the upper delta?"),
        ("body", "It is stable, for no"),
        # a bold statement in a transcript of bold questions is the interviewer's too
        ("question", "Your critics say dre"),
        ("body", "Some do. I think the"),
    ]
    # a short question is no sub-heading: the answers after it stay in their section
    assert all(p.section_path[-1:] in ((), ("The problem",)) for p in body)


def test_a_bold_sentence_outside_a_transcript_stays_text() -> None:
    raw = "# T\n\n## Findings\n\n**The fund is underspent.**\n\nIt spent half its budget.\n"
    paras = parse_markdown(raw).paragraphs
    assert [(p.kind, p.text) for p in paras] == [
        ("body", "The fund is underspent."),
        ("body", "It spent half its budget."),
    ]


def test_a_dated_interview_byline_and_the_interviewee(tmp_path: Path) -> None:
    doc = _interview(tmp_path)
    assert doc.metadata["author"] == "Marta Quist"
    assert doc.metadata["date"] == "3 May 2025"
    assert doc.metadata["interviewee"] == "Henrik Berg"  # the standfirst says who is talked to
    about = doc.paragraphs[0]
    assert about.kind == "about" and "By Marta Quist, 3 May 2025" in about.text.split("\n")


def test_the_interviewee_from_the_notes_when_the_standfirst_does_not_say(
    tmp_path: Path,
) -> None:
    raw = INTERVIEW.replace(
        "*Oskar Lindahl talks to Henrik Berg about sinking deltas and what dredging costs.*",
        "*The conversation took place in Malmo and has been edited for length.*",
    )
    (tmp_path / "q.md").write_text(raw, encoding="utf-8")
    doc = load_document(tmp_path / "q.md", tmp_path)
    assert doc.metadata["interviewee"] == "Henrik Berg"


def test_no_sentence_ends_at_a_question_mark_before_a_comma_or_colon() -> None:
    note = "Jo Bell, Who Pays for a Flood?, Institute for Water Law, 2024."
    assert split_sentences(note) == [(0, len(note))]
    row = "Country: Chile; Binding?: Yes, by statute"
    assert split_sentences(row) == [(0, len(row))]
    two = "Who pays? Nobody does."
    assert len(split_sentences(two)) == 2


def test_a_question_turn_is_a_chunk_and_its_answer_is_embedded_under_it(
    tmp_path: Path,
) -> None:
    doc = _interview(tmp_path)
    chunks = chunk_document(doc)
    asked = next(c for c in chunks if c.text.startswith("And the upper delta?"))
    assert asked.kind == "question" and asked.text == "And the upper delta?"
    answer = next(c for c in chunks if c.text.startswith("It is stable"))
    # the short answer is not glued onto the previous answer or the next question
    assert (
        answer.kind == "body"
        and answer.text == "It is stable, for now. The survey found no change there."
    )
    assert answer.asked == "And the upper delta?"
    assert answer.embed_text().startswith("And the upper delta? It is stable")
    assert Chunk.from_record(answer.id, answer.text, answer.to_metadata()) == answer
    assert answer.sentence_endnotes == [[], [4]]


def test_a_superscript_range_cites_every_note_in_it() -> None:
    raw = "# T\n\nTides rose fast.<sup>3–5</sup> Then slowed.\n\n## Notes\n\n3. A.\n4. B.\n5. C.\n"
    para = parse_markdown(raw).paragraphs[0]
    # a range reads like a bracketed one: the middle note is cited too
    assert para.text == "Tides rose fast. Then slowed."
    assert para.sentence_endnotes(*para.sentences[0]) == [3, 4, 5]
