"""A superlative asked of a table compares every row of it, across the chunks its rows were
split into (made-up table, no model, no index)."""

from __future__ import annotations

from dataclasses import dataclass

from briefing_bot.answering.extremes import asked, cells, number, table_extreme
from briefing_bot.chunking import Chunk

ROWS = [
    "Port: Arlen; Ships 2024: 410; Ships 2025: 388; Change (%): -5.4",
    "Port: Brisk; Ships 2024: 120; Ships 2025: 198; Change (%): +65.0",
    "Port: Corve; Ships 2024: 260; Ships 2025: 231; Change (%): -11.2",
    "Port: Dunmere; Ships 2024: 90; Ships 2025: 101; Change (%): +12.2",
    "Port: Total; Ships 2024: 880; Ships 2025: 918; Change (%): +4.3",
]
PROSE = "Brisk grew fastest of the four ports, by almost two thirds."


def _chunk(n: int, sentences: list[str], section: str = "Table 2. Ship calls") -> Chunk:
    text = " ".join(sentences)
    spans, at = [], 0
    for s in sentences:
        spans.append((at, at + len(s)))
        at += len(s) + 1
    return Chunk(
        id=f"c{n}",
        doc_id="ports.md",
        title="Ports",
        section_path=(section,),
        paragraph=n,
        paragraph_end=n,
        text=text,
        sentences=spans,
        sentence_endnotes=[[] for _ in sentences],
    )


@dataclass
class _Candidate:
    chunk: Chunk
    index: int
    text: str
    kind: str = "body"


# the table's rows in two chunks (runs of whole rows), and a prose chunk
CHUNKS = [_chunk(1, ROWS[:2]), _chunk(2, ROWS[2:]), _chunk(3, [PROSE], "Findings")]


def _ranked(*picks: tuple[int, int]) -> list[_Candidate]:
    return [_Candidate(CHUNKS[c], i, CHUNKS[c].sentence_texts()[i]) for c, i in picks]


def test_rows_cells_numbers_and_superlatives() -> None:
    assert cells(ROWS[0]) == [
        ("Port", "Arlen"),
        ("Ships 2024", "410"),
        ("Ships 2025", "388"),
        ("Change (%)", "-5.4"),
    ]
    assert cells(PROSE) is None and cells("Note: one label only") is None
    assert number("+65.0") == 65.0 and number("1,480") == 1480.0 and number("−12") == -12.0
    assert number("n/a") is None
    assert asked("which port had the biggest rise?") == ("max", " rise?")
    assert asked("the fewest ship calls in 2025?") is not None
    assert asked("what did the minister say?") is None


def test_the_extreme_row_is_found_in_a_chunk_not_retrieved() -> None:
    # only the first chunk's rows were retrieved: Brisk (+65%) is in it, Corve is not
    got = table_extreme("which port had the biggest % change?", _ranked((0, 0)), CHUNKS)
    assert got is not None
    assert [p.text for p in got.rows] == [ROWS[1]]
    assert "Brisk" in got.lead and "+65.0" in got.lead and "4 rows" in got.lead  # no Total
    # the biggest fall is the most negative change, in the chunk nobody retrieved
    got = table_extreme("which port saw the biggest fall in change?", _ranked((0, 1)), CHUNKS)
    assert got is not None and got.rows[0].text == ROWS[2]
    got = table_extreme("which port had the fewest ships in 2025?", _ranked((1, 0)), CHUNKS)
    assert got is not None and got.rows[0].text == ROWS[3]


def test_the_texts_own_words_follow_the_row() -> None:
    ranked = _ranked((0, 1), (2, 0))
    got = table_extreme("which port had the biggest % change?", ranked, CHUNKS)
    assert got is not None and [p.text for p in got.rows] == [ROWS[1], PROSE]


def test_no_claim_without_a_table_a_named_column_or_a_superlative() -> None:
    ranked = _ranked((2, 0), (0, 0))
    # no column named: "ships" is in two column labels alike
    assert table_extreme("which port had the most ships?", ranked, CHUNKS) is None
    # no table row among the best candidates
    assert table_extreme("which port had the biggest change?", _ranked((2, 0)), CHUNKS) is None
    assert table_extreme("how many ships called at Brisk?", ranked, CHUNKS) is None


def test_the_opposite_extreme_is_no_answer() -> None:
    from briefing_bot.answering.extremes import reversed_superlative

    said = "October was the deadliest month, with 17 deaths."
    assert reversed_superlative("which month had the fewest road deaths?", said) == (
        "fewest",
        "deadliest",
    )
    assert reversed_superlative("which port had the lowest fees?", "Arlen has the highest.")
    # the asked direction said, both said, or no superlative asked: nothing reversed
    assert reversed_superlative("which month had the most deaths?", said) is None
    both = "Arlen has the highest fees and Brisk the lowest."
    assert reversed_superlative("which port had the lowest fees?", both) is None
    assert reversed_superlative("how many died in October?", said) is None
