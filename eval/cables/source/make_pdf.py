"""Regenerate eval/cables/corpus/tuilagi-thin-lines-wide-ocean-pacific-undersea-cables.pdf.

An invented, dev-only policy brief. Needs reportlab in a throwaway venv (not a project dependency):

    python3 -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install reportlab
    /tmp/pdfvenv/bin/python eval/cables/source/make_pdf.py

Paragraph text uses reportlab's mini-markup: <super>N</super> is an endnote marker.
"""

from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).resolve().parents[1] / "corpus" / (
    "tuilagi-thin-lines-wide-ocean-pacific-undersea-cables.pdf"
)

TITLE = "Thin Lines Under a Wide Ocean: Securing the Pacific’s Undersea Data Cables"
SERIES = "Coral Sea Policy Institute · Policy Brief No. 17 · September 2026"
BYLINE = "By Mereani Tuilagi"
AUTHOR_NOTE = (
    "Mereani Tuilagi is a senior fellow at the Coral Sea Policy Institute (CSPI) in Brisbane, "
    "where she leads the institute’s Digital Pacific programme. She previously spent eight years "
    "at Fiji’s telecommunications regulator."
)

# (kind, text): kind is "h" (heading), "p" (body paragraph) or "box" (recommendations box).
BODY: list[tuple[str, object]] = [
    ("h", "Summary"),
    ("p", "Almost every email, bank transfer and video call that leaves a Pacific island state "
          "travels through a fibre-optic cable no thicker than a garden hose, lying on the seabed. "
          "Roughly 97 percent of the region’s international data moves this way; satellites carry "
          "the rest and cannot absorb the load when a cable fails.<super>1</super> Yet the cables "
          "that connect the Pacific are few, concentrated at a handful of landing sites, and "
          "dependent on a repair fleet that is ageing and based thousands of kilometres away."),
    ("p", "This brief argues that Australia, Japan and the United States should treat repair "
          "capacity, not new cable construction, as the binding constraint on Pacific digital "
          "security. They should fund a dedicated regional repair ship and a second landing "
          "station for every island state that has only one. Competition with China, it argues, "
          "is better met by faster, cheaper and more transparent financing than by vendor bans "
          "that island governments resent."),
    ("h", "A thin and ageing web"),
    ("p", "The Pacific islands region is served by 47 active cable systems, but they are unevenly "
          "spread. Of the 14 island states that are members of the Pacific Islands Forum (PIF), "
          "nine depend on a single cable landing station (CLS), and five of those nine are "
          "connected by a single cable in total.<super>2</super> For these five, one fault means "
          "the loss of all but a trickle of international connectivity."),
    ("p", "The consequences are no longer hypothetical. On 9 October 2024 a merchant vessel "
          "dragging its anchor severed the only international cable serving Vanuatu. For 29 days "
          "the country relied on satellite links that carried less than 5 percent of normal "
          "traffic; banks rationed card payments and the national airline went back to paper "
          "passenger manifests. The Vanuatu government later put the cost of the outage at "
          "3.1 billion vatu, or about US$26 million.<super>3</super>"),
    ("p", "Tonga lives with the same exposure. Sione Havili, chief executive of the state-owned "
          "operator Tonga Cable Connect, told the author that the company now budgets for “at "
          "least one serious outage every three years” and keeps a satellite contract it "
          "describes as “insurance we hope never to claim”.<super>4</super> Fiji, by contrast, is "
          "the region’s hub: it hosts landing stations for six systems and carries transit "
          "traffic for at least four of its neighbours, which makes an outage in Fiji a regional "
          "event rather than a national one."),
    ("p", "Distance compounds the problem. Kiribati’s islands are spread across more than "
          "3 million square kilometres of ocean, yet its single cable lands on one atoll and the "
          "outer islands depend entirely on satellite links. Tuvalu gained its first cable only in "
          "2025 and has no second landing site planned."),
    ("p", "Satellites are a partial answer at best. LEO constellations now reach every island "
          "state, but in 2025 they cost island operators roughly ten times as much per megabit "
          "as cable capacity, and a national backup plan built on them covers hospitals, banks "
          "and government, not households.<super>12</super>"),
    ("h", "Three vulnerabilities"),
    ("p", "The region’s exposure rests on three vulnerabilities, each of which makes the others "
          "worse."),
    ("p", "First, landing stations are concentrated and lightly protected. A 2025 CSPI survey of "
          "22 landing stations in 11 island states found that 15 had no perimeter intrusion "
          "detection and eight sat within 200 metres of a public road.<super>5</super> Several "
          "share a building with the local power utility, so a single fire or flood could take "
          "out both. Because a cable is only as secure as the point where it comes ashore, the "
          "landing station, not the deep-sea cable, is the most exposed part of the system."),
    ("p", "Second, the region lacks repair ships. Faults in Pacific island waters are handled "
          "under the Pacific Cable Maintenance Agreement (PCMA), a commercial arrangement in "
          "which cable owners pay an annual fee for access to a standby vessel. Only two ships "
          "are assigned to the PCMA zone, one based in Japan and one in Hawaii, and both are "
          "more than 25 years old.<super>6</super> In 2023 the average time to repair a fault in "
          "island waters was 23 days, against 9 days in the North Atlantic. Captain Hiroshi "
          "Nakamura, master of the repair ship Tsurugi Maru, said the transit alone to the South "
          "Pacific can take 12 days “before we have even found the break”."),
    ("p", "Most of those faults are accidents, not attacks. Of the 31 faults recorded in island "
          "waters between 2019 and 2024, 22 were caused by anchors and fishing gear, six by "
          "seabed movement, and three remain unexplained.<super>11</super> No deliberate cut has "
          "been confirmed in the region, but the three unexplained faults all occurred in an EEZ "
          "where foreign survey vessels had been reported in the preceding month."),
    ("p", "The shortage is of people as well as ships. The region has fewer than 40 certified "
          "cable jointers, most of them in Fiji and Papua New Guinea, and the PCMA ships carry "
          "their own splicing crews because there are too few local technicians to share the "
          "work. Training a jointer to certification takes about 18 months, and most of those "
          "trained since 2020 have left for better-paid jobs in Australia or New Zealand."),
    ("p", "Third, ownership and supply are increasingly contested. Four companies build almost "
          "all of the world’s submarine cable, and one of them is Chinese.<super>7</super> "
          "Chinese-backed bids were the lowest in three of the last seven cable tenders in the "
          "region, typically by 15 to 20 percent, and island governments under fiscal pressure "
          "find such offers hard to refuse. The United States and Australia have responded by "
          "pressing governments to exclude Chinese vendors, sometimes late in a tender; in 2024 "
          "Solomon Islands cancelled an award after months of such pressure, delaying its second "
          "cable by at least two years."),
    ("h", "Allies, rivals and island agency"),
    ("p", "Australia, Japan and the United States have made undersea cables a pillar of their "
          "Pacific policy. Under the Trilateral Pacific Connectivity Compact (TPCC), signed on "
          "14 May 2025, the three governments committed US$412 million over five years to cable "
          "construction and upgrades in island states.<super>8</super> Australia is the largest "
          "contributor, at US$190 million; Japan pledged US$130 million and the United States "
          "US$92 million."),
    ("p", "Japan’s contribution matters beyond money. It is one of the few partners with a "
          "domestic cable-laying industry, and its officials have floated building a third PCMA "
          "ship at a Japanese yard if Australia shares the cost. Kenji Morita, director of the "
          "economic security division at Japan’s foreign ministry, told a conference in "
          "Australia in February 2026 that his government was “ready to talk about ships, not "
          "only cables”."),
    ("p", "The United States’ main asset is geography rather than money. Guam is already a "
          "landing point for more than a dozen systems, and the US Navy keeps a small "
          "cable-maintenance detachment there that has twice helped with commercial repairs in "
          "Micronesia since 2022. American officials have so far been reluctant to commit that "
          "capacity to the wider region, citing military priorities."),
    ("p", "The compact’s weakness is its emphasis. Of the US$412 million, only US$38 million is "
          "earmarked for maintenance and repair; the rest pays for new cables and landing "
          "stations. New cables add redundancy, but every new system also joins the repair "
          "queue if there are no ships to fix it. “We are building motorways without a single "
          "tow truck,” says Ruth Okonkwo-Hale, an infrastructure economist at the Tasman "
          "Infrastructure Forum.<super>9</super>"),
    ("p", "China, for its part, offers a package the TPCC cannot easily match: cable, landing "
          "station, data centre and loan from a single state-backed supplier, often with five "
          "years’ grace before repayment begins. At a forum in Fiji in March 2026, Chinese "
          "officials proposed a “Pacific Digital Corridor” linking Fiji, Samoa and Kiribati to a "
          "new system landing in southern China. No island government has yet signed up, but "
          "several have used the offer to press the TPCC partners for better terms."),
    ("p", "Island governments are not passive in this contest. At their August 2025 meeting in "
          "Solomon Islands, PIF leaders endorsed a Regional Cable Resilience Framework that asks "
          "partners to fund “the boring parts”: maintenance, spare cable and trained "
          "technicians.<super>10</super> Teuila Matagi, Samoa’s minister for communications, put "
          "it bluntly: the region wants “cables that stay on, not flags that stay up”. The Quad "
          "has endorsed cable security in principle, but its statements have so far carried no "
          "money for repair."),
    ("h", "Key recommendations"),
    ("box", [
        "Australia, Japan and the United States, working with the PIF, should:",
        "1. Fund a dedicated Pacific repair ship, based in Fiji and operational by 2029. A new "
        "cable ship costs about US$180 million and takes four years to build; the partners "
        "should pay for it by redirecting a third of the TPCC construction budget and lease the "
        "ship’s spare time to commercial cable owners.",
        "2. Build a second landing station in every island state that has only one, starting "
        "with Tonga, Samoa and Kiribati, and site it at least 10 kilometres from the first.",
        "3. Pre-position spare cable and repair kits in Guam and New Caledonia, cutting the time "
        "to start a repair by at least a week.",
        "4. Create a shared incident register, run by the PIF secretariat, so that every cut, "
        "fault and suspicious vessel movement is reported within 72 hours.",
        "5. Replace blanket vendor exclusions with open-access and transparency conditions "
        "attached to TPCC financing, and match competing bids on price where a security concern "
        "is real.",
    ]),
    ("h", "Conclusion"),
    ("p", "The Pacific does not lack cables so much as the means to keep them working. A "
          "repair ship within reach, spare cable on the shelf and a second landing station in "
          "every country would do more for the region’s digital security than another "
          "ribbon-cutting ceremony for a new system. These measures are also the ones island "
          "governments have asked for, which matters in a contest where China competes on "
          "responsiveness as much as on price."),
    ("p", "The cost is modest by the standards of the TPCC: one ship, a few landing stations and "
          "a register would absorb well under half of the compact’s budget. If the partners act "
          "before the compact’s mid-term review in May 2027, they can close most of the gap "
          "before the next Vanuatu-style outage rather than after it."),
]

NOTES = [
    "Coral Sea Policy Institute, “State of Pacific Connectivity 2025” (Brisbane: CSPI, March "
    "2025), https://example.org/cspi/state-of-connectivity-2025.",
    "TeleGeo Analytics, “Submarine Cable Atlas: Oceania Edition” (TeleGeo Analytics, January "
    "2026), https://example.org/telegeo/oceania-atlas-2026.",
    "Government of Vanuatu, Office of the Prime Minister, “Post-Incident Review of the October "
    "2024 Cable Outage,” 12 February 2025, https://example.org/vanuatu/cable-outage-review.",
    "Author interview with Sione Havili, Tonga Cable Connect, 3 June 2026.",
    "Coral Sea Policy Institute, “Front Doors to the Internet: A Survey of Pacific Cable Landing "
    "Stations,” CSPI Report No. 41, November 2025, https://example.org/cspi/landing-station-survey.",
    "Marine Repair Review, “The Ageing Cable Fleet” (Harbourline Publishing, 18 April 2024), "
    "https://example.org/mrr/ageing-cable-fleet.",
    "Anton Keller, “Who Builds the Cables? Market Concentration in Submarine Systems,” Journal "
    "of Network Geopolitics 9, no. 2 (2025), https://example.org/jng/who-builds-the-cables.",
    "“Joint Statement on the Trilateral Pacific Connectivity Compact,” 14 May 2025, "
    "https://example.org/tpcc/joint-statement.",
    "Ruth Okonkwo-Hale, “Motorways Without Tow Trucks: Financing Cable Repair in the Pacific” "
    "(Tasman Infrastructure Forum, 2 September 2025), "
    "https://example.org/tif/motorways-without-tow-trucks.",
    "Pacific Islands Forum Secretariat, “Regional Cable Resilience Framework,” August 2025, "
    "https://example.org/pif/cable-resilience-framework.",
    "Coral Sea Policy Institute, “Pacific Cable Fault Database, 2019–2024,” version 2.1, July "
    "2025, https://example.org/cspi/fault-database.",
    "Orbital Broadband Monitor, “LEO Pricing in the Pacific,” 30 January 2026, "
    "https://example.org/obm/leo-pricing-pacific.",
]

SERIF = "Times-Roman"
body = ParagraphStyle("body", fontName=SERIF, fontSize=11, leading=15, alignment=TA_JUSTIFY,
                      spaceAfter=7)
heading = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=13, leading=17,
                         spaceBefore=10, spaceAfter=6)
title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=25,
                       spaceAfter=8)
series = ParagraphStyle("series", fontName="Helvetica", fontSize=9.5, leading=12,
                        textColor=colors.HexColor("#335577"), spaceAfter=10)
byline = ParagraphStyle("byline", fontName="Times-Bold", fontSize=12, leading=15, spaceAfter=4)
note = ParagraphStyle("note", fontName="Times-Italic", fontSize=10, leading=13, spaceAfter=12)
boxp = ParagraphStyle("boxp", fontName=SERIF, fontSize=10.5, leading=14, spaceAfter=4)
endnote = ParagraphStyle("endnote", fontName=SERIF, fontSize=9.5, leading=12, spaceAfter=3,
                         leftIndent=14, firstLineIndent=-14)


def running(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback signature
    """Running header, footer rule and page number on every page."""
    w, h = A4
    canvas.saveState()
    canvas.setFont("Helvetica", 8.5)
    canvas.setFillColor(colors.HexColor("#335577"))
    canvas.drawString(2.3 * cm, h - 1.4 * cm, "Coral Sea Policy Institute | Policy Brief No. 17")
    canvas.drawRightString(w - 2.3 * cm, h - 1.4 * cm, "Undersea Cables in the Pacific")
    canvas.line(2.3 * cm, h - 1.55 * cm, w - 2.3 * cm, h - 1.55 * cm)
    canvas.line(2.3 * cm, 1.6 * cm, w - 2.3 * cm, 1.6 * cm)
    canvas.drawString(2.3 * cm, 1.1 * cm, "www.example.org/cspi")
    canvas.drawRightString(w - 2.3 * cm, 1.1 * cm, f"Page {doc.page}")
    canvas.restoreState()


def build() -> None:
    rl_config.invariant = 1  # no creation date or random ID: the same text gives the same bytes
    story: list = [Paragraph(TITLE, title), Paragraph(SERIES, series), Paragraph(BYLINE, byline),
                   Paragraph(AUTHOR_NOTE, note)]
    for kind, text in BODY:
        if kind == "h":
            story.append(Paragraph(str(text), heading))
        elif kind == "p":
            story.append(Paragraph(str(text), body))
        else:
            cells = [[Paragraph(t, boxp)] for t in text]  # type: ignore[union-attr]
            box = Table(cells, colWidths=[A4[0] - 5.2 * cm])
            box.setStyle(TableStyle([
                ("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#335577")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#EEF3F8")),
                ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ]))
            story += [box, Spacer(1, 8)]
    story.append(Paragraph("Notes", heading))
    for i, n in enumerate(NOTES, 1):
        story.append(Paragraph(f"{i}. {n}", endnote))
    doc = SimpleDocTemplate(str(OUT), pagesize=A4, leftMargin=2.3 * cm, rightMargin=2.3 * cm,
                            topMargin=2.3 * cm, bottomMargin=2.3 * cm, title=TITLE,
                            author="Mereani Tuilagi", subject=SERIES)
    doc.build(story, onFirstPage=running, onLaterPages=running)


if __name__ == "__main__":
    build()
    print(OUT)
