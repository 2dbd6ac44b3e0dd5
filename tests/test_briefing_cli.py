"""``briefing-bot brief`` and ``brief-calibrate`` in process, on the synthetic corpus of
``test_briefing`` with the hash fake embedding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_bot.briefing.points import WEIGHTS_FILE, load_point_model
from briefing_bot.cli import main
from tests.fakes import HashEmbeddings
from tests.test_briefing import FREIGHT, WATER


@pytest.fixture
def dirs(tmp_path: Path, fake_embeddings: HashEmbeddings) -> list[str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "water.md").write_text(WATER, encoding="utf-8")
    (corpus / "freight.md").write_text(FREIGHT, encoding="utf-8")
    return ["--corpus", str(corpus), "--index", str(tmp_path / "index")]


def test_brief_json(dirs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", *dirs, "--json", "--points", "2", "green", "bonds"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topic"] == "green bonds" and len(data["points"]) == 2
    assert data["briefing"].startswith("**Briefing: Green bonds**") and not data["abstained"]
    numbers = {c["number"] for c in data["citations"]}
    assert all(set(p["citations"]) <= numbers and p["citations"] for p in data["points"])


def test_brief_markdown_and_out_file(
    dirs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "water-brief.md"
    assert main(["brief", *dirs, "--doc", "water.md", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    written = out.read_text(encoding="utf-8")
    assert written == printed.out.rstrip("\n") + "\n"
    assert written.startswith("# Briefing: Keeping the Taps Running")
    assert "*Bottom line:*" in written and "## References" in written
    assert "endnote 1: Regional Water Board" in written
    assert str(out) in printed.err


def test_brief_errors_are_one_line(dirs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", *dirs, "--doc", "no-such.md"]) == 2
    assert "\nerror: no document" in capsys.readouterr().err
    for bad in ("0", "13", "three"):
        with pytest.raises(SystemExit) as exit_info:
            main(["brief", *dirs, "--points", bad, "water"])
        assert exit_info.value.code == 2


def test_brief_abstains_on_an_unknown_topic(
    dirs: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["brief", *dirs, "--json", "the Thames Tideway Tunnel"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["abstained"] and "doesn't cover" in data["briefing"]


def test_calibrate_refuses_a_test_split(
    dirs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    split = tmp_path / "briefs-test.jsonl"
    split.write_text("", encoding="utf-8")
    assert main(["brief-calibrate", *dirs, "--briefs", str(split)]) == 2
    assert "test split" in capsys.readouterr().err
    dev = tmp_path / "dev.jsonl"
    dev.write_text(
        json.dumps({"question": "What do green bonds finance?", "kind": "factual"}),
        encoding="utf-8",
    )
    assert main(["brief-calibrate", *dirs, "--qa", str(dev)]) == 0
    assert json.loads(capsys.readouterr().out)["positives"] == 1


def test_calibrate_fits_across_document_folders_with_a_lodo_table(
    dirs: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BRIEFING_BOT_CACHE_DIR", str(tmp_path / "cache"))  # the eval's indexes
    root = tmp_path / "eval"
    docs = {
        "water": (WATER, "green bonds for pipes", "What do green bonds finance?", "yields"),
        "freight": (
            FREIGHT,
            "freight consolidation hubs",
            "How much freight goes by rail?",
            "cargo bike",
        ),
    }
    for name, (text, topic, question, fact) in docs.items():
        facts = [[fact]]
        folder = root / name
        (folder / "corpus").mkdir(parents=True)
        (folder / "corpus" / f"{name}.md").write_text(text, encoding="utf-8")
        (folder / "dev.jsonl").write_text(
            json.dumps({"question": question, "kind": "factual"}), encoding="utf-8"
        )
        (folder / "briefs-dev.jsonl").write_text(
            json.dumps({"id": name, "topic": topic, "answerable": True, "fact_groups": facts})
            + "\n"
            + json.dumps({"topic": "medieval sonnets and troubadours", "answerable": False}),
            encoding="utf-8",
        )
        # a test split beside them is never read (it would not parse)
        (folder / "briefs-test.jsonl").write_text("not json", encoding="utf-8")
    (root / "tests-only").mkdir()  # a folder without dev briefs is not a dev document
    (root / "tests-only" / "briefs-test.jsonl").write_text("not json", encoding="utf-8")

    shipped = WEIGHTS_FILE.read_bytes()
    out = tmp_path / "points.json"
    argv = ["brief-calibrate", *dirs, "--eval-dir", str(root), "--points-out", str(out)]
    assert main([*argv, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    points = result["points"]
    assert load_point_model(out) is not None
    assert json.loads(out.read_text(encoding="utf-8"))["fingerprint"] == points["fingerprint"]
    assert set(points["lodo"]) == {"water", "freight"}
    for row in points["lodo"].values():  # each fold briefs its document end to end
        assert row["facts"] == 1 and row["before"] in {0, 1} and row["after"] in {0, 1}
    assert set(result["lodo"]) == {"water", "freight"}
    assert result["positives"] == 4 and result["negatives"] == 2
    for row in result["lodo"].values():
        assert row["positives"] == 2 and row["negatives"] == 1
        assert row["accepted_negatives"] == []  # none of its subject words is used

    assert main(["brief-calibrate", *dirs, "--eval-dir", str(root)]) == 0
    assert WEIGHTS_FILE.read_bytes() == shipped  # another eval folder's fit is not shipped
    table = capsys.readouterr().out
    assert "left out" in table and "min_coverage" in table
    assert {line.split()[0] for line in table.splitlines()[3:5]} == {"water", "freight"}

    assert main(["brief-calibrate", *dirs, "--eval-dir", str(root / "tests-only")]) == 2
    assert "no document folder" in capsys.readouterr().err


def test_brief_rephrase_flag_reaches_the_assistant(
    dirs: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_BOT_LLM", "/no/x.gguf")
    assert main(["brief", *dirs, "--json", "--no-rephrase", "green", "bonds"]) == 0
    composed = json.loads(capsys.readouterr().out)
    assert "notice" not in composed or "rephrased" not in (composed["notice"] or "")
    # asked to reword with no chat model at hand: the composed points, and a notice saying why
    assert main(["brief", *dirs, "--json", "--rephrase", "green", "bonds"]) == 0
    asked = json.loads(capsys.readouterr().out)
    assert asked["points"] == composed["points"]
    assert "not rephrased" in asked["notice"] and "no GGUF model file" in asked["notice"]
