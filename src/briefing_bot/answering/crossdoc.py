"""Leave one document out: does a fit on some documents carry over to another?

For each dev document, the decision models (the sentence model, the question model under it,
and the ranker that orders what is quoted) are fitted on the *other* documents' questions
only, and this document's questions are then answered end to end with that fit. Scored per
document as the evaluation scores a held-out suite: false abstentions among its answerable
questions, its unanswerable questions refused, and the share of required facts in the answers
(a refusal earns none). A change to a feature or rule is worth keeping when it helps here on
most documents, not only in-sample.
Calibration only (scikit-learn); never imported to answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefing_bot.answering.decision import Calibration
from briefing_bot.answering.settings import AnswerSettings
from briefing_bot.text import facts_held


def facts_share(answer: str, facts: Sequence[Sequence[str]]) -> float:
    """Share of ``facts`` (each a list of spellings) named in ``answer``, case-insensitively."""
    if not facts:
        return 1.0
    return sum(facts_held(answer, facts)) / len(facts)


def answer_scores(work: Sequence[Any]) -> dict[str, dict[str, float | int]]:
    """Per document of ``work`` (:class:`~briefing_bot.answering.calibration.Asked` items),
    each question answered with the models its answerer holds now."""
    out: dict[str, dict[str, float | int]] = {}
    for doc in sorted({a.doc for a in work}):
        held = [a for a in work if a.doc == doc]
        out[doc] = _score(held)
    return out


def _score(held: Sequence[Any]) -> dict[str, float | int]:
    answerable = unanswerable = false_abstentions = refused = 0
    facts: list[float] = []
    for a in held:
        item = a.item
        answer = a.answerer.answer(item["question"], item.get("history") or [])
        if item.get("kind") == "unanswerable":
            unanswerable += 1
            refused += int(answer.abstained)
            continue
        answerable += 1
        false_abstentions += int(answer.abstained)
        facts.append(0.0 if answer.abstained else facts_share(answer.text, item["required_facts"]))
    return {
        "answerable": answerable,
        "false_abstentions": false_abstentions,
        "unanswerable": unanswerable,
        "refused": refused,
        "facts": round(sum(facts) / len(facts), 4) if facts else 0.0,
    }


def leave_one_document_out(
    work: Sequence[Any], sx: Any, sy: Any, sdoc: Any, knobs: AnswerSettings
) -> dict[str, dict[str, float | int]]:
    """For each document of ``work``: both models fitted without it (sentence rows ``sx``,
    ``sy`` of documents ``sdoc``), its questions answered with them and scored."""
    from briefing_bot.answering.calibration import _fit_question, fit_sentence, question_rows
    from briefing_bot.answering.listwise import fit_ranker, question_groups

    out: dict[str, dict[str, float | int]] = {}
    docs = sorted({a.doc for a in work})
    if len(docs) < 2:
        return out
    for doc in docs:
        others = [a for a in work if a.doc != doc]
        train = sdoc != doc
        if len(set(sy[train].tolist())) < 2:
            continue
        sentence = fit_sentence(sx[train], sy[train])
        ranker = fit_ranker(sx[train], sy[train], question_groups(others))
        qx, qy, real, qdocs = question_rows(others, sentence)
        if len(set(qy.tolist())) < 2:
            continue
        question = _fit_question(qx, qy, real, knobs, qdocs)
        held = [a for a in work if a.doc == doc]
        saved = {id(a.answerer): a.answerer.calibration for a in held}
        for a in held:
            a.answerer.calibration = Calibration(sentence, question, f"without {doc}", {}, ranker)
        try:
            out[doc] = {**_score(held), "threshold": round(question.threshold, 4)}
        finally:
            for a in held:
                a.answerer.calibration = saved[id(a.answerer)]
    return out
