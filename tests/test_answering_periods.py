"""Near misses on another year or without a sum (answering/periods.py, answering/amounts.py),
on invented text."""

from __future__ import annotations

import time

from briefing_bot.answering import amounts
from briefing_bot.answering.amounts import no_amount
from briefing_bot.answering.analysis import analyse
from briefing_bot.answering.compose import Citations, Picked
from briefing_bot.answering.lexicon import Lexicon
from briefing_bot.answering.mismatch import refusal
from briefing_bot.answering.periods import asked_years, stated_years, year_elsewhere
from briefing_bot.chunking import Chunk

TIDES = "The harbour board counted 310 flood tides in 2023, 402 in 2024 and 455 in 2025 (Table 2)."


def _chunk(text: str, cid: str = "c1", section: str = "Tides", first: str | None = None) -> Chunk:
    end = len(first) if first else len(text)
    spans = [(0, end)] + ([(end + 1, len(text))] if end < len(text) else [])
    return Chunk(
        id=cid,
        doc_id="d",
        title="Rising Water",
        section_path=(section,),
        paragraph=1,
        paragraph_end=1,
        text=text,
        sentences=spans,
        sentence_endnotes=[[] for _ in spans],
        kind="body",
    )


def _picked(chunk: Chunk, index: int = 0) -> Picked:
    return Picked(chunk, index, chunk.sentence_texts()[index], 0.9)


def _ask(question: str, *chunks: Chunk) -> object:
    lexicon = Lexicon(list(chunks))
    return year_elsewhere(analyse(question, [], lexicon), [_picked(c) for c in chunks])


def test_years_asked_and_said() -> None:
    assert asked_years("how many tides in '24?") == {2024}
    assert asked_years("how many tides since 2018, and by 2030?") == set()
    assert {2023, 2024, 2025} <= stated_years("from 2023-25")
    assert 2021 in stated_years("between 2019 and 2024") and 2027 in stated_years("the 2020s")
    # "since 2022" gives no figure for 2022 itself
    assert 2022 not in stated_years("counts have grown each year since 2022")


def test_a_figure_for_another_year_is_refused_naming_both() -> None:
    tides = _chunk(f"{TIDES} Counts have grown each year since 2022.", first=TIDES)
    found = _ask("how many flood tides did the board count in 2022?", tides)
    assert found is not None and (found.asked, found.other) == ("2022", "2023")
    text = refusal("“Rising Water”", found, Citations({}))
    assert text.startswith("“Rising Water” says nothing on this for 2022.")
    assert "is about 2023: “The harbour board" in text


def test_the_year_said_covered_or_left_to_work_out_keeps_the_answer() -> None:
    # said in the sentence, in its paragraph, covered by a span, or relative
    assert _ask("how many flood tides did the board count in '24?", _chunk(TIDES)) is None
    spanned = _chunk(f"{TIDES} Between 2019 and 2022 the board kept no count.", first=TIDES)
    assert _ask("how many flood tides in 2021?", spanned) is None
    heading = _chunk(TIDES, section="Tides in 2022")
    assert _ask("how many flood tides in 2022?", heading) is None
    relative = _chunk(f"{TIDES} Last year the count fell.", first=TIDES)
    assert _ask("how many flood tides in 2026?", relative) is None
    # a yes/no question, or one about a span: what the text says answers it
    assert _ask("were there more flood tides in 2022?", _chunk(TIDES)) is None
    assert _ask("how many flood tides since 2022?", _chunk(TIDES)) is None


def test_a_sum_asked_and_none_quoted_is_refused() -> None:
    seized = _chunk("The coast guard seized more than 300 illegal nets in 2025.")
    lexicon = Lexicon([seized])

    def ask(question: str, chunk: Chunk = seized) -> Picked | None:
        return no_amount(analyse(question, [], lexicon), [_picked(chunk)])

    nearest = ask("how much did the coast guard spend on the crackdown?")
    assert nearest is not None
    text = amounts.refusal("“Rising Water”", nearest, Citations({}))
    assert text.startswith("“Rising Water” gives no amount for this. The closest it says")
    assert text.endswith("[1]")
    # any sum, a share (a cost may be a percent), or a figure with a scale answers it
    for said in (
        "The crackdown cost SEK 38 million.",
        "Fees are 1.9 US cents per unit.",
        "The crackdown cost 4 percent of the budget.",
        "It cost about 2.5 billion over five years.",
        "Licences are free.",
    ):
        assert ask("how much did the crackdown cost?", _chunk(said)) is None, said
    # a question asking no sum, or what the money pays for
    assert ask("how many nets did the coast guard seize?") is None
    assert ask("what's the coast guard paying for?") is None
    assert ask("what did the coast guard cost?") is not None


def test_a_long_run_of_digits_is_read_in_linear_time() -> None:
    start = time.perf_counter()
    for text in ("1" * 200_000 + "x", "1," * 100_000 + "x", "1 " * 100_000 + "x"):
        assert not amounts._AMOUNT.search(text)
    assert time.perf_counter() - start < 2.0
    assert amounts._AMOUNT.search("1" * 20_000 + " yuan") and amounts._AMOUNT.search("x ,5 million")


def test_money_reading_is_linear_on_a_long_run_of_digits() -> None:
    # the old pattern let a digit run split between the figure and the word after it: a
    # 2,000-digit token in an untrusted sentence took 26 s
    import time

    from briefing_bot.answering.numbers import has_money

    start = time.perf_counter()
    assert not has_money("1" * 200_000 + "x")
    assert has_money("1" * 200_000 + " dollars")
    assert time.perf_counter() - start < 5
