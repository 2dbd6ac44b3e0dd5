"""Regenerate eval/orbit/corpus/kettleby-crowded-skies-space-debris-satellite-traffic.docx.

An invented, dev-only parliamentary research briefing written as a Word document:

    .venv/bin/python eval/orbit/source/make_docx.py

Paragraph text uses one piece of mini-markup: [n] becomes a superscript note number.
"""

import re
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.shared import Pt

OUT = Path(__file__).resolve().parents[1] / "corpus" / (
    "kettleby-crowded-skies-space-debris-satellite-traffic.docx"
)

TITLE = "Crowded Skies: Space Debris, Satellite Traffic and the Case for Orbital Rules"
SERIES = "POSE Research Briefing No. 318 | 14 October 2026"
BYLINE = "By Dr Rowan Kettleby"
AUTHOR_NOTE = (
    "Dr Rowan Kettleby is a senior fellow at the Parliamentary Office for Science and Evidence "
    "(POSE), seconded from the Northfield Institute for Space Policy. This briefing is written "
    "for Members of both Houses and their staff; it is not a statement of Government policy."
)

KEY_POINTS = [
    "The number of active satellites has risen from about 2,300 in 2019 to 11,400 at the end of "
    "2025, and 87 percent of them operate in low Earth orbit.",
    "Some 36,800 objects larger than 10 cm are now tracked, alongside an estimated 1.2 million "
    "smaller fragments that are too small to follow but large enough to disable a satellite.",
    "UK-licensed satellites performed 4,150 collision-avoidance manoeuvres in 2025, almost seven "
    "times as many as in 2021.",
    "No binding international rules govern satellite traffic: the main debris guidelines are "
    "voluntary, and liability law predates the age of large constellations.",
    "The Government has proposed a five-year deorbit rule for new UK licences from April 2027; "
    "Parliament could go further on insurance, data sharing and debris removal.",
]

# (kind, text): "h1"/"h2" headings, "p" body paragraph, "table", "num" numbered list item.
BODY: list[tuple[str, object]] = [
    ("h1", "A crowded orbit"),
    ("h2", "How much is up there?"),
    ("p", "Low Earth orbit (LEO), the region up to about 2,000 km above the Earth’s surface, has "
          "changed more in the past seven years than in the previous six decades. At the end of "
          "2025 there were 11,400 active satellites in orbit, against roughly 2,300 in 2019, and "
          "87 percent of them were in LEO.[1] Most of the growth comes from a small number of "
          "commercial “mega-constellations” providing broadband internet."),
    ("p", "Satellites share this space with debris: spent rocket stages, dead satellites and the "
          "fragments of explosions and collisions. Some 36,800 objects larger than 10 cm were "
          "being tracked in June 2026.[2] An estimated 1.2 million fragments between 1 cm and "
          "10 cm are too small to track reliably but travel fast enough, at around 7.5 km per "
          "second, to disable a working satellite on impact. Researchers have long warned of the "
          "Kessler syndrome, a cascade in which each collision creates debris that causes further "
          "collisions."),
    ("p", "The stakes for the UK economy are high. Satellite navigation, timing and earth "
          "observation now underpin activity worth an estimated £364 billion a year, about a "
          "seventh of gross domestic product, from card payments and mobile networks to weather "
          "forecasting and farming. A single collision in a busy orbital shell would not switch "
          "these services off, but a sustained rise in debris would make them dearer and less "
          "reliable."),
    ("h2", "Who is launching?"),
    ("p", "The United States accounts for about 71 percent of active satellites, most of them "
          "operated by a single company. China has announced plans for two constellations "
          "totalling more than 25,000 satellites, and launched 262 satellites in 2025 alone.[3] "
          "The United Kingdom is a significant operator for its size: UK-licensed operators were "
          "responsible for 820 active satellites at the start of 2026, including the "
          "288-satellite constellation run by the London-based firm Halcyon Orbital at an "
          "altitude of 540 km."),
    ("p", "Deliberate tests have added disproportionately to the problem. China’s 2007 "
          "anti-satellite test created about 3,400 trackable fragments, and Russia’s November "
          "2021 test created around 1,700, forcing the crew of the International Space Station "
          "to shelter in their docked spacecraft.[4] Many of the Chinese fragments will remain in "
          "orbit for decades. India conducted its own test in March 2019 at a lower altitude, "
          "where the fragments re-entered the atmosphere more quickly."),
    ("h1", "Why debris is hard to manage"),
    ("p", "Witnesses to the Science, Innovation and Technology Committee’s 2026 inquiry on space "
          "sustainability gave three reasons why the problem has proved so difficult to manage."),
    ("p", "First, there are no binding international traffic rules. The 1967 Outer Space Treaty "
          "and the 1972 Liability Convention set out broad principles, but the detailed guidance "
          "on limiting debris, issued through the UN Committee on the Peaceful Uses of Outer "
          "Space (COPUOS), is voluntary.[5] Each state applies it through its own licensing, and "
          "standards vary widely."),
    ("p", "Second, tracking data is fragmented. Space situational awareness (SSA), the knowledge "
          "of where objects are and where they are going, depends on radar and telescope "
          "networks owned mainly by the US military, with commercial providers filling the gaps. "
          "Operators receive collision warnings from different sources that sometimes disagree. "
          "Dr Priya Venkataraman, head of orbital analytics at the UK Space Agency, told the "
          "Committee on 3 March 2026 that “we are now managing traffic, not just tracking "
          "objects, and we are doing it with a patchwork of maps.”[6]"),
    ("p", "Third, liability is hard to establish. Under the Liability Convention, a launching "
          "state is liable for damage in space only if it is at fault, and proving fault for a "
          "collision with an untracked fragment is close to impossible. Only one claim has ever "
          "been settled under the Convention, and it concerned damage on the ground.[7]"),
    ("p", "The pressure on operators is already visible. UK-licensed satellites performed 4,150 "
          "collision-avoidance manoeuvres in 2025, up from 610 in 2021.[8] Each manoeuvre uses "
          "fuel and shortens a satellite’s working life; Marcus Oyelaran, chief executive of "
          "Halcyon Orbital, told the Committee that avoidance now costs his company about "
          "£3.2 million a year."),
    ("h1", "The UK’s regulatory framework"),
    ("p", "Satellites launched or operated from the UK are licensed under the Outer Space Act "
          "1986 or, for launches from UK spaceports, the Space Industry Act 2018. The Civil "
          "Aviation Authority (CAA) has been the licensing regulator since July 2021, while "
          "Ofcom assigns radio spectrum and files satellite networks with the ITU. Licences "
          "currently require operators to hold third-party liability insurance of €60 million "
          "per mission, although the Government can reduce this for lower-risk missions."),
    ("p", "In a consultation published on 19 May 2026, the Government proposed that new licences "
          "issued from April 2027 should require post-mission disposal (PMD) within five years "
          "of the end of a mission, replacing the current 25-year guideline.[9] The UK space "
          "sector, which generated income of £18.9 billion in 2024/25 and employs about 52,000 "
          "people, broadly supports the change, but smaller operators warn that propulsion "
          "systems for deorbiting add up to 15 percent to the cost of a small satellite."),
    ("p", "The regulator’s capacity is a further concern. The CAA’s space regulation team had "
          "64 staff in mid-2026, and an orbital licence took an average of nine months to "
          "process in 2025, against a target of six. Operators told the Committee that "
          "applications moved to Luxembourg or the United States when UK decisions stalled."),
    ("p", "Table 1 compares post-mission disposal rules in selected jurisdictions."),
    ("table", [
        ["Jurisdiction", "Deorbit deadline after end of mission", "Rule adopted", "Binding?"],
        ["United Kingdom (proposed)", "5 years", "2027", "Yes, licence condition"],
        ["United States", "5 years", "2022", "Yes, for FCC-licensed satellites"],
        ["France", "25 years", "2008", "Yes, under the Space Operations Act"],
        ["Japan", "25 years", "2019", "No, guidelines only"],
        ["New Zealand", "Case by case", "2017", "Yes, licence condition"],
    ]),
    ("p", "Table 1: Post-mission disposal rules in selected jurisdictions. Source: POSE analysis "
          "of national licensing rules, September 2026."),
    ("h1", "International approaches"),
    ("p", "Other space powers are moving at different speeds. The European Space Agency’s Zero "
          "Debris Charter, launched in 2023 and signed by 19 countries by mid-2026, commits "
          "signatories to a goal of producing no new debris by 2030.[10] France, Germany and "
          "Italy have signed; the United States and China have not."),
    ("p", "The United States has taken a different route. Its communications regulator, the "
          "FCC, shortened the deorbit deadline for the satellites it licenses to five years in "
          "2022, and Washington is moving civil traffic coordination from the military to the "
          "Department of Commerce, which aims to offer free basic collision warnings to every "
          "operator by 2027. China and Russia publish little about their own debris rules, and "
          "neither shares detailed tracking data with Western operators."),
    ("p", "Japan has concentrated on removal technology. Its space agency, JAXA, is supporting a "
          "commercial demonstration to capture and deorbit a spent rocket upper stage, scheduled "
          "for 2027. Keiko Tanabe, who leads the programme, described it to a London conference "
          "in February 2026 as “the first tow truck for orbit”. The UK has committed £14 million "
          "to its own removal mission, ClearSky-1, due to launch in 2028.[11]"),
    ("p", "Agreement at the global level remains distant. Professor Ingrid Solberg, chair of the "
          "Orbital Sustainability Forum, an independent network of researchers, argued in July "
          "2026 that “the treaty route is closed for a decade; the practical route is a "
          "coalition of licensing states that agree common standards and share data.”[12] New "
          "Zealand, Luxembourg and the UK have discussed such a coalition informally since 2024."),
    ("h1", "Policy options for Parliament"),
    ("p", "The Committee’s inquiry and the Government’s consultation point to four options that "
          "Parliament could consider. They are not mutually exclusive."),
    ("num", "Legislate the five-year disposal rule and extend it to satellites that are already "
            "licensed when their licences are next renewed, rather than applying it only to new "
            "licences."),
    ("num", "Link the insurance requirement to orbital risk, so that operators in the most "
            "crowded altitudes, or satellites without propulsion, must hold more cover than the "
            "€60 million baseline."),
    ("num", "Fund a national SSA data service that gives UK operators a single, free "
            "collision-warning feed, building on the UK Space Agency’s existing monitoring work."),
    ("num", "Use the UK’s licensing weight to build a coalition of like-minded states with common "
            "deorbit, data-sharing and removal standards, as a step towards a future "
            "international agreement."),
    ("p", "Baroness Whitcombe of Hale, a member of the Lords Science and Technology Committee, has "
          "warned that “a rule that covers only new satellites will take fifteen years to bite”. "
          "The cost of a national data service has been estimated at £9 million a year.[13]"),
    ("p", "Whichever options are chosen, timing matters. Satellites licensed in 2026 will still "
          "be flying in the 2030s, and fragments created today at 800 km may stay in orbit for a "
          "century. Rules adopted now will shape the orbital environment that the next "
          "generation of operators inherits."),
]

NOTES = [
    "Meridian Space Analytics, Active Satellites in Orbit: Annual Census 2025, 15 January 2026, "
    "https://example.org/meridian/orbital-census-2025",
    "European Debris Observatory, Space Environment Status Report: June 2026, 30 June 2026, "
    "https://example.org/edo/status-june-2026",
    "Tobias Hollis, “China’s Constellation Ambitions”, Asia Space Monitor, 12 February 2026, "
    "https://example.org/asm/china-constellations",
    "Lucia Ferrante and Chidi Obi, Fragments That Linger: Anti-Satellite Tests and Orbital Debris, "
    "Lindqvist Centre for Space Security, 2 September 2025, https://example.org/lcss/asat-fragments",
    "Amélie Moreau, “Soft Law in Hard Vacuum: The COPUOS Debris Guidelines at Twenty”, Geneva "
    "Space Law Review, vol. 9, November 2024, https://example.org/gslr/copuos-guidelines",
    "Science, Innovation and Technology Committee, Oral evidence: Space sustainability, "
    "3 March 2026, https://example.org/committees/space-sustainability-oral-3-march-2026",
    "Jonathan Harrow, Who Pays for a Collision in Orbit?, Institute for Air and Space Law Studies, "
    "21 April 2025, https://example.org/iasls/collision-liability",
    "Orbital Safety Data Consortium, Conjunction Assessment Statistics 2025, 27 February 2026, "
    "https://example.org/osdc/conjunction-stats-2025",
    "HM Government, Orbital Sustainability: Consultation on Licence Conditions, 19 May 2026, "
    "https://example.org/gov/orbital-sustainability-consultation",
    "Marc Castellane, The Zero Debris Charter: Signatories and Commitments, Institut Orbital de "
    "Toulouse, 8 July 2026, https://example.org/iot/zero-debris-charter",
    "Sarah Pemberton, “Towing the Junk: Active Debris Removal Missions 2026–2030”, Kestrel Space "
    "Review, 16 March 2026, https://example.org/ksr/towing-the-junk",
    "Ingrid Solberg, A Coalition of Licensors, Orbital Sustainability Forum, 22 July 2026, "
    "https://example.org/osf/coalition-of-licensors",
    "Abernethy Economics, Costing a National Space Situational Awareness Service, 5 August 2026, "
    "https://example.org/abernethy/ssa-service-costing",
]

MARK = re.compile(r"\[(\d+)\]")


def add_text(paragraph, text: str) -> None:
    """Add text to a paragraph, turning [n] into superscript note numbers."""
    pos = 0
    for m in MARK.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos:m.start()])
        paragraph.add_run(m.group(1)).font.superscript = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def main() -> None:
    doc = Document()
    doc.core_properties.title = TITLE
    doc.core_properties.author = "Rowan Kettleby"
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)

    doc.add_paragraph(SERIES)
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph().add_run(BYLINE).bold = True
    doc.add_paragraph().add_run(AUTHOR_NOTE).italic = True

    doc.add_heading("Key points", level=1)
    for item in KEY_POINTS:
        add_text(doc.add_paragraph(style="List Bullet"), item)

    for kind, content in BODY:
        if kind == "h1":
            doc.add_heading(content, level=1)
        elif kind == "h2":
            doc.add_heading(content, level=2)
        elif kind == "p":
            add_text(doc.add_paragraph(), content)
        elif kind == "num":
            add_text(doc.add_paragraph(style="List Number"), content)
        elif kind == "table":
            rows = content
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            header = table.rows[0]._tr.get_or_add_trPr()
            header.append(OxmlElement("w:tblHeader"))  # repeat as header row
            for r, row in enumerate(rows):
                for c, cell_text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = cell_text
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True

    doc.add_heading("Notes", level=1)
    for n, note in enumerate(NOTES, start=1):
        doc.add_paragraph(f"{n}. {note}")

    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)


if __name__ == "__main__":
    main()
