"""Briefings of long documents: numbered sections with sub-sections, a topic named by a
section's heading above its sub-sections, a place's adjective for the place the text names,
and the document's roadmap kept out of the points. On the hash fake embedding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from briefing_bot import Assistant
from briefing_bot.briefing.relevance import _enclosed
from briefing_bot.briefing.signals import is_apparatus
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

# six numbered sections; the first has many long sub-sections, the others one short one each
_FIRST = {
    f"1.{k} Depot {name}": [
        f"The {name} depot handled {k * 7} thousand parcels a week in the last year.",
        f"Its sorting line was rebuilt in {2010 + k} after a fire in the loading bay.",
        f"Drivers from the {name} depot cover {k * 12} villages on two daily rounds.",
        f"The depot's manager reports {k} late deliveries in every hundred parcels.",
        "Staff turnover there stayed below the regional average for most years.",
    ]
    for k, name in enumerate(["north", "south", "east", "west", "harbour", "airport"], 1)
}
_OTHERS = {
    "2. Rural delivery times": [
        "Rural parcels took 3.4 days to arrive in 2025, against 1.9 days in towns.",
        "The gap has widened every year since the village post offices closed.",
    ],
    "3. Costs per parcel": [
        "Each rural parcel costs the carrier 7.80 euros, three times a town parcel.",
        "Fuel is a third of that cost and wages most of the rest.",
    ],
    "4. The drone pilot": [
        "A drone pilot on four islands cut delivery times to a single day in 2024.",
        "Its licence runs out in 2027 and the regulator has not said whether it will renew it.",
    ],
    "5. Lockers in villages": [
        "Parcel lockers in 140 villages now take a fifth of rural deliveries.",
        "Villagers collect from them at any hour, and the rounds have become shorter.",
    ],
    "6. Conclusion": [
        "The carrier can close the rural gap by 2030 if it keeps the lockers and the drones.",
        "Without them rural customers will keep waiting almost twice as long as town ones.",
    ],
}


def _document() -> str:
    parts = ["---", 'title: "Parcels in the Countryside"', 'author: "Ada Lind"', "---", ""]
    parts += ["## 1. The depots", ""]
    for heading, sentences in _FIRST.items():
        parts += [f"### {heading}", "", " ".join(sentences), ""]
    for heading, sentences in _OTHERS.items():
        number, _, title = heading.partition(" ")
        parts += [f"## {number} {title}", "", " ".join(sentences), ""]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _bot(tmp_path_factory.mktemp("parcels"), {"parcels.md": _document()})


def test_a_whole_brief_leads_from_top_level_sections_not_sub_sections(bot: Assistant) -> None:
    briefing = bot.brief()
    check_briefing(briefing, bot)
    chunks = {c.id: c for c in bot.chunks()}
    tops = {chunks[c.chunk_id].section_path[0] for c in briefing.citations}
    # the first section's six long sub-sections outweighed the short sections when each
    # sub-section was a section of its own; now each top-level section leads once
    firsts = {p for p in tops if p.startswith("1.")}
    assert len(firsts) <= 1, tops
    assert len(tops) >= 4, tops


def test_a_sub_section_takes_its_enclosing_heading_score() -> None:
    # headings: 0 "5. Costs to the partners", 1 "5.1 Lost sales" (child of 0), 2 "6. Other"
    scores = np.array([0.9, 0.1, 0.3], dtype=np.float32)
    assert list(_enclosed(scores, [-1, 0, -1])) == pytest.approx([0.9, 0.9, 0.3])
    # a child scoring above its parent keeps its own
    scores = np.array([0.2, 0.7], dtype=np.float32)
    assert list(_enclosed(scores, [-1, 0])) == pytest.approx([0.2, 0.7])


def test_the_table_knows_each_sub_section_enclosing_heading(bot: Assistant) -> None:
    table = bot.briefer.tables.table(bot.briefer.tables.doc_ids[0])
    named = {p[-1]: i for i, p in enumerate(table.section_paths) if p}
    child = named["1.1 Depot north"]
    parent = table.heading_parent[child]
    assert parent >= 0
    # the enclosing heading has no sentence of its own but is embedded and scored
    assert table.heading_vecs[parent].any()
    assert table.heading_parent[named["3. Costs per parcel"]] == -1


def test_a_place_adjective_is_known_by_the_place(tmp_path: Path) -> None:
    text = (
        "Factories in Southeast Asia assemble a third of the world's chips. "
        "Licences for firms in Southeast Asia took 94 days in 2025."
    )
    bot = _bot(tmp_path, {"chips.md": "# Chips\n\n" + text + "\n"})
    assert bot.briefer.unknown_terms("challenges for Southeast Asian chip firms") == []
    # a name the corpus never has in any form stays unknown
    assert bot.briefer.unknown_terms("challenges for Southeast Andean chip firms") == [
        "Southeast Andean"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Section 2 traces how the Understanding came about and what it says.",
        "Section 5 estimates the costs to the partners.",
        "The argument proceeds in seven steps.",
    ],
)
def test_a_roadmap_sentence_is_apparatus(text: str) -> None:
    assert is_apparatus(text)


def test_estimates_in_a_sentence_are_no_roadmap() -> None:
    assert not is_apparatus("The estimates in section 5 vary from 3 to 9 percent.")


@pytest.mark.parametrize(
    ("text", "apparatus"),
    [
        # a reading list's entry, a participants list's line: no point of a briefing
        ("Ida Berg, “The Coupling Question”, Example Brief, 2024, https://example.org/b", True),
        ("Northern Freight Shippers' Council", True),
        ("University of Graz, Institute of Transport Economics", True),
        # a list item that says something, a statistic, a short sentence: points
        ("Joint procurement of common equipment", False),
        ("480,000 – freight wagons that would need automatic coupling", False),
        ("Borders matter most.", False),
    ],
)
def test_references_and_name_lines_are_apparatus(text: str, apparatus: bool) -> None:
    assert is_apparatus(text) is apparatus


def test_one_named_statement_is_a_subject_not_the_quotes_form() -> None:
    from briefing_bot.briefing.signals import form_of

    assert form_of("the Lagos-Accra joint statement") is None
    assert form_of("statements by the ministers") is not None
    assert form_of("people quoted in the report") is not None


_ABSTRACT = (
    "In 2024 the ferry company merged its three island routes into one timetable. "
    "This study looks at what the merger did to fares, crossings and islanders' trips. "
    "It draws on the company's records and on interviews with passengers on four islands."
)
_INTRO = [
    "The three routes were run by separate crews until the spring of 2024.",
    "Each route kept its own fares, its own boats and its own winter schedule.",
    "This study argues that the merger cut crossings to the smallest islands by a third "
    "and that the regulator should restore them before the 2027 tender.",
    "The sections below follow the routes one by one.",
]
_BODY = {
    "2. The north route": "The north route lost two of its five daily crossings in 2024. "
    "Its boat now calls at the outer island only on weekdays.",
    "3. The south route": "The south route kept its crossings but its fares rose by 18 percent. "
    "Season tickets were withdrawn in the autumn.",
    "4. Conclusion": "The merger saved the company money at the islanders' expense. "
    "The 2027 tender is the chance to set minimum crossings for every island.",
}


def test_the_thesis_stated_after_an_abstract_is_the_bottom_line(tmp_path: Path) -> None:
    parts = ["---", 'title: "One Timetable"', 'author: "Ola Berg"', "---", ""]
    parts += ["## Abstract", "", _ABSTRACT, "", "## 1. Introduction", ""]
    parts += [" ".join(_INTRO[:2]), "", " ".join(_INTRO[2:]), ""]
    for heading, text in _BODY.items():
        parts += [f"## {heading}", "", text, ""]
    bot = _bot(tmp_path, {"ferry.md": "\n".join(parts)})
    briefing = bot.brief()
    check_briefing(briefing, bot)
    assert briefing.bottom_line is not None
    assert briefing.bottom_line.text.startswith("This study argues"), briefing.text


def test_a_section_headed_by_the_facet_gains_for_a_facet_topic(bot: Assistant) -> None:
    composer = bot.briefer
    rows = composer.tables.table(composer.tables.doc_ids[0]).rows
    relevance = np.linspace(1.0, 0.5, len(rows)).astype(np.float32)
    # "costs of rural delivery": the section headed "3. Costs per parcel" holds the costs
    lifted = composer._facet_headed("costs of rural delivery", rows, relevance)
    gained = {
        composer._sent(r).chunk.section_path[-1]
        for r, new, old in zip(rows, lifted, relevance, strict=True)
        if new > old
    }
    assert gained == {"3. Costs per parcel"}
    step = composer.cfg.facet_heading * float(relevance.max())
    assert float((lifted - relevance).max()) == pytest.approx(step)
    # a facet no heading names changes nothing
    same = composer._facet_headed("risks of rural delivery", rows, relevance)
    assert np.array_equal(same, relevance)
