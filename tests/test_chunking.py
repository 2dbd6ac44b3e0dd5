"""Chunks: whole sentences, within sections, within the model's window, stable ids."""

from __future__ import annotations

import re

import pytest

from briefing_bot.chunking import Chunk, chunk_document, count_tokens
from briefing_bot.corpus import load_document
from tests.conftest import PAPER


@pytest.fixture(scope="module")
def paper():
    return load_document(PAPER, PAPER.parent)


@pytest.fixture(scope="module")
def chunks(paper):
    return chunk_document(paper)


def test_every_sentence_lands_whole_in_a_chunk(paper, chunks) -> None:
    chunk_sentences = {c.text[s:e] for c in chunks for s, e in c.sentences}
    for p in paper.paragraphs:
        for s, e in p.sentences:
            assert p.text[s:e] in chunk_sentences


def test_every_word_of_the_paper_body_is_indexed(chunks) -> None:
    raw = PAPER.read_text(encoding="utf-8")
    body = raw.split("## Endnotes")[0].split("---", 3)[-1]
    words = set(re.findall(r"[A-Za-z]{4,}", re.sub(r"<sup>\d+</sup>", " ", body)))
    indexed = set(
        re.findall(
            r"[A-Za-z]{4,}", " ".join(c.text + " " + " ".join(c.section_path) for c in chunks)
        )
    )
    assert words - indexed == set()


def test_chunks_fit_the_model_and_stay_in_one_section(chunks) -> None:
    counts = count_tokens([c.embed_text() for c in chunks])
    assert max(counts) <= 254  # + [CLS] and [SEP] = 256, MiniLM's window
    for c in chunks:
        assert c.sentences and c.sentences[0][0] == 0 and c.sentences[-1][1] == len(c.text)


def test_chunk_metadata(chunks) -> None:
    dozen = next(c for c in chunks if "at least a dozen" in c.text)
    assert dozen.section == "Introduction" and dozen.paragraph == 4
    assert 4 in dozen.endnotes and "<sup>" not in dozen.text
    assert dozen.locator == "Introduction; ¶ 4"
    raw = PAPER.read_text(encoding="utf-8")
    assert raw[dozen.char_start : dozen.char_end].startswith(dozen.text[:40])
    restored = Chunk.from_record(dozen.id, dozen.text, dozen.to_metadata())
    assert restored == dozen


def test_ids_are_stable_and_unique(paper, chunks) -> None:
    again = chunk_document(load_document(PAPER, PAPER.parent))
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
    # ids don't depend on where the corpus lives
    assert all(re.fullmatch(r"[0-9a-f]{24}", c.id) for c in chunks)


def test_long_sentence_is_cut_at_word_boundaries(tmp_path) -> None:
    long = " ".join(["word"] * 600) + "."
    (tmp_path / "long.md").write_text(f"# T\n\n{long}\n")
    chunks = chunk_document(load_document(tmp_path / "long.md", tmp_path), max_tokens=100)
    assert len(chunks) >= 6
    assert all(n <= 100 for n in count_tokens([c.text for c in chunks]))
    assert "".join(c.text.replace(" ", "") for c in chunks) == long.replace(" ", "")


def _table_doc(tmp_path, rows: int, label: str) -> list[Chunk]:
    lead = "The ports handled more cargo than ever. " * 3
    header = "| Port | Ships in 2024 | Ships in 2025 | Change (%) | Cargo per ship (tonnes) |"
    lines = [header, "|---|---|---|---|---|"]
    lines += [f"| {label} {i} | {100 + i} | {110 + i} | +{i}.5 | {2000 + i} |" for i in range(rows)]
    after = "Most of the growth came in the second half of the year. " * 2
    text = f"# Ports\n\n## Traffic\n\n{lead}\n\n" + "\n".join(lines) + f"\n\n{after}\n"
    (tmp_path / "ports.md").write_text(text)
    return chunk_document(load_document(tmp_path / "ports.md", tmp_path))


def test_a_table_is_chunked_apart_from_its_text_in_whole_rows(tmp_path) -> None:
    """A table's rows never share a chunk with the paragraphs around it: a small table is
    one chunk; a long one runs of whole rows of about equal length, each within budget."""
    small = [c for c in _table_doc(tmp_path, 3, "Port") if c.kind == "body"]
    assert [c.text.count("Port: ") for c in small] == [0, 3, 0]

    (tmp_path / "ports.md").unlink()
    big = [c for c in _table_doc(tmp_path, 14, "Harbour of Example Town") if c.kind == "body"]
    rows = [c for c in big if "Port: " in c.text]
    assert "Port: " not in big[0].text and "Port: " not in big[-1].text
    counts = [c.text.count("Port: ") for c in rows]
    assert sum(counts) == 14 and len(counts) > 1 and max(counts) - min(counts) <= 1
    assert all(n <= 200 for n in count_tokens([c.text for c in rows]))
    assert all(len(c.sentences) == c.text.count("Port: ") for c in rows)  # whole rows
