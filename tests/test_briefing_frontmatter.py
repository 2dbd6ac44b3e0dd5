"""A whole-document briefing's bottom line is a sentence of the argument, never the front
matter before the first heading (a submission line, a dateline). On the hash fake embedding."""

from __future__ import annotations

from pathlib import Path

from briefing_bot import Assistant
from tests.test_briefing import check_briefing
from tests.test_briefing_generalise import _bot

SUBMISSION = (
    "Written evidence submitted to the Regional Assembly Transport Panel inquiry into "
    "rural bus services (reference RBS0112), 3 March 2026."
)

EVIDENCE = (
    "---\n"
    'title: "Keeping Rural Buses Running"\n'
    'author: "Ada Merrow"\n'
    "---\n"
    "\n"
    f"{SUBMISSION}\n"
    "\n"
    "## Summary\n"
    "\n"
    "Rural bus routes close when their subsidy lapses, and villages lose their only link to "
    "work and school. The panel should guarantee a minimum service on every rural route. "
    "Demand-responsive minibuses cost less per passenger than empty timetabled buses.\n"
    "\n"
    "## The problem\n"
    "\n"
    "Since 2015 the region has lost 140 rural routes, a third of the network. Each closure "
    "followed a subsidy review that counted passengers but not the trips they could no "
    "longer make. Older residents without cars were hit hardest, and school absences rose.\n"
    "\n"
    "## What works elsewhere\n"
    "\n"
    "Two neighbouring counties replaced their emptiest routes with minibuses booked by "
    "phone. Their cost per passenger fell by 40 percent within two years, and ridership "
    "rose. Drivers were retrained rather than let go.\n"
    "\n"
    "## Recommendations\n"
    "\n"
    "The panel should set a minimum service standard for every village of 300 people or "
    "more. It should fund minibus pilots on the twenty emptiest routes by 2027. It should "
    "count missed trips, not only passengers, in every subsidy review.\n"
)


def test_a_lone_line_before_the_first_heading_is_no_bottom_line(tmp_path: Path) -> None:
    bot: Assistant = _bot(tmp_path, {"evidence.md": EVIDENCE})
    briefing = bot.brief()
    check_briefing(briefing, bot)
    assert briefing.bottom_line is not None
    shown = [briefing.bottom_line.text, *(p.text for p in briefing.points)]
    assert not any("Written evidence" in t or "RBS0112" in t for t in shown)
    # an opening paragraph of more than one sentence is the document's: its thesis is there
    opened = EVIDENCE.replace(
        SUBMISSION,
        "This submission argues that rural buses need a guaranteed minimum service. "
        "Subsidy rules that count only passengers have closed a third of the network.",
    )
    other = _bot(tmp_path / "opened", {"evidence.md": opened})
    bottom = other.brief().bottom_line
    assert bottom is not None and bottom.text.startswith(("This submission", "Subsidy rules"))


FEATURE = (
    "---\n"
    'title: "Night Trains Return"\n'
    'author: "Jon Hale"\n'
    "---\n"
    "\n"
    "Since May 2024 sleeper trains with old carriages and separate timetables have carried "
    "passengers north three nights a week, and passengers book the trains a month ahead. "
    "Expanding it will take decades. The guard checks "
    "tickets by torchlight.\n"
    "\n"
    "The carriages are forty years old. Spare parts come from a depot that closes next "
    "year, and each breakdown strands two hundred passengers.\n"
    "\n"
    "Timetables are set by each operator alone. A missed connection at the border can cost "
    "a traveller a whole day.\n"
    "\n"
    "Passengers keep coming anyway. Bookings rose by a third last winter, and most trains "
    "sell out a month ahead.\n"
)


def test_the_opening_claim_is_the_bottom_line_not_its_scene_setting(tmp_path: Path) -> None:
    bot = _bot(tmp_path, {"feature.md": FEATURE})
    briefing = bot.brief()
    check_briefing(briefing, bot)
    assert briefing.bottom_line is not None
    assert briefing.bottom_line.text.startswith("Expanding it will take decades")
