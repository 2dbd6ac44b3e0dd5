"""Regenerate eval/footnote/corpus/holmqvist-jammed-spoofed-adrift-europe-gnss-timing.pdf.

An invented, dev-only think-tank report with page-foot footnotes. Needs reportlab in a throwaway
venv (not a project dependency):

    python3 -m venv /tmp/pdfvenv9 && /tmp/pdfvenv9/bin/pip install reportlab
    /tmp/pdfvenv9/bin/python eval/footnote/source/make_pdf.py

Footnotes are written inline in the paragraph text as ``[[note text]]``; they are numbered in
order of appearance, replaced by a superscript marker, and set at the foot of the page on which
the marker is drawn. Because the space a page's notes take changes where the page breaks, the
document is laid out repeatedly until every page's reserved note area fits its notes.
"""

import re
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

OUT = Path(__file__).resolve().parents[1] / "corpus" / (
    "holmqvist-jammed-spoofed-adrift-europe-gnss-timing.pdf"
)

TITLE = "Jammed, Spoofed, Adrift:<br/>Securing Europe’s Satellite Navigation and Timing"
PLAIN_TITLE = "Jammed, Spoofed, Adrift: Securing Europe’s Satellite Navigation and Timing"
SUBTITLE = ("Why interference with satellite signals has become a critical-infrastructure "
            "problem, and what the European Union and its member states should do about it")
AUTHOR = "Annika Holmqvist"
AUTHOR_NOTE = (
    "Dr Annika Holmqvist is a senior research fellow at the Institute for Resilient "
    "Infrastructure (IRI) in Tallinn. The author thanks the officials, engineers and pilots who "
    "agreed to be interviewed between January and July 2026. The views expressed are hers alone "
    "and do not represent those of any government."
)
SERIES = "Institute for Resilient Infrastructure · IRI Report No. 9 · Tallinn · October 2026"
HEADER_LEFT = "Institute for Resilient Infrastructure | IRI Report No. 9"
HEADER_RIGHT = "Jammed, Spoofed, Adrift"

EUSPA_REPORT = ("European Union Agency for the Space Programme, “GNSS User Technology Report "
                "2026” (Prague: EUSPA, March 2026)")
IRI_DB = ("Institute for Resilient Infrastructure, “IRI Interference Database,” version 3.0, "
          "August 2026, https://example.org/iri/interference-database")

# (kind, content): "h" section heading, "sh" sub-section heading, "p" body paragraph,
# "b" bullet, "n" numbered-list item, "table" the one table.
BODY: list[tuple[str, object]] = [
    ("h", "Executive summary"),
    ("p", "Europe runs on signals it cannot protect. Satellite navigation tells ships, aircraft "
          "and lorries where they are, and it tells telecommunications networks, power grids and "
          "stock exchanges what time it is. Since 2022, deliberate interference with those "
          "signals has grown from a nuisance into a daily fact of life across northern Europe, "
          "and the European Union still treats it mainly as a problem for pilots. This report "
          "argues that positioning, navigation and timing should be protected as critical "
          "infrastructure, and sets out what that would take."),
    ("p", "Key findings:"),
    ("b", "Reported interference events in seven northern European countries nearly doubled, "
          "from 6,440 in 2023 to 12,320 in 2025, and rose in every one of the seven."),
    ("b", "The larger exposure is on the ground, not in the air: about 80 percent of mobile "
          "base stations in the EU take their timing from satellite signals, most with no "
          "backup that lasts more than a few hours."),
    ("b", "National responses are uneven. Poland and Finland have committed €64 million and "
          "€38 million to backup timing and monitoring; Sweden and Latvia have committed "
          "nothing beyond studies."),
    ("b", "No single technology solves the problem; resilience comes from six layers, from "
          "hardened receivers to detection and attribution, and the EU has fully funded none "
          "of them."),
    ("b", "A five-year European programme would cost about €1.2 billion, less than the "
          "estimated €1.6 billion cost of a single day without satellite positioning and "
          "timing across the EU."),

    ("h", "1. Introduction: a dependency hidden in plain sight"),
    ("p", "Every time a ship in the Gulf of Finland plots its course, an airliner lines up on an "
          "approach to Vilnius, or a mobile network in Stockholm hands a call from one mast to "
          "the next, it relies on a faint radio signal from a satellite about 20,000 kilometres "
          "overhead. Global Navigation Satellite Systems (GNSS), namely the American GPS, "
          "Europe’s Galileo, Russia’s GLONASS and China’s BeiDou, broadcast signals so weak by "
          "the time they reach the ground that a transmitter costing less than €100 can drown "
          "them out over several kilometres.[[" + EUSPA_REPORT + ", 12, "
          "https://example.org/euspa/user-technology-2026.]]"),
    ("p", "For most of the past two decades, interference with these signals was treated as a "
          "nuisance: a lorry driver with a cheap jammer hiding from his employer’s tracker, or "
          "a military exercise that briefly disrupted a few airports. That has changed. Since "
          "early 2022, the eastern Baltic has become the most heavily jammed and spoofed civil "
          "airspace and sea area in Europe, and the interference now reaches from northern "
          "Norway to the Black Sea.[[Marta Kivisild and Jonas Rehn, “A Contested Spectrum: GNSS "
          "Interference in Northern Europe, 2022–2025,” Journal of Navigation Security 14, "
          "no. 1 (2026): 3–29, https://example.org/jns/contested-spectrum.]] Much of it "
          "originates, according to the governments concerned, from Russian territory, notably "
          "the Kaliningrad exclave and the area around St Petersburg."),
    ("p", "The attribution is no longer seriously disputed. In 2024 the foreign ministers of "
          "Estonia, Latvia, Lithuania, Finland and Poland jointly raised the issue with the "
          "International Telecommunication Union (ITU), and in 2025 the ITU’s Radio Regulations "
          "Board called on Russia to stop the interference. Russia has denied responsibility "
          "and has in turn accused NATO of jamming near its borders.[[International "
          "Telecommunication Union, “Summary of Decisions of the 98th Meeting of the Radio "
          "Regulations Board,” 21 March 2025, https://example.org/itu/rrb-98-decisions.]]"),
    ("p", "This report argues that the problem has been misdiagnosed. Europe has treated jamming "
          "and spoofing chiefly as an aviation-safety problem, to be managed by pilots and air "
          "traffic controllers. In fact, the more serious exposure lies in what the signals are "
          "used for on the ground: precise timing for telecommunications networks, electricity "
          "grids and financial markets. Positioning, navigation and timing (PNT) services have "
          "become critical infrastructure in all but name, yet no EU law treats them as such."),
    ("p", "The report proceeds in seven further sections. Section 2 explains how jamming and "
          "spoofing work. Section 3 reviews the record of interference since 2022, and Section 4 "
          "examines how far critical infrastructure depends on satellite timing. Section 5 "
          "assesses the policy response so far, Section 6 sets out six layers of resilience, "
          "Section 7 estimates what they would cost, and Section 8 makes recommendations. The "
          "analysis draws on the Institute’s interference database, on 31 interviews with "
          "officials, engineers, pilots and ship officers in eight countries, and on published "
          "national and EU sources."),

    ("h", "2. How jamming and spoofing work"),
    ("sh", "2.1 Jamming"),
    ("p", "Jamming is the simpler attack. A jammer broadcasts noise on the frequencies used by "
          "satellite navigation, raising the background level until the receiver can no longer "
          "pick out the satellite signals. The receiver then reports that it has lost its fix, "
          "which is at least honest: the user knows that something is wrong. Portable “personal "
          "privacy devices” sold online for €30 to €150 have a range of a few hundred metres; "
          "military systems, such as those Russia has deployed around Kaliningrad, can deny "
          "signals to aircraft at cruising altitude more than 300 kilometres away.[[Kivisild and "
          "Rehn, “A Contested Spectrum,” 11. The 300-kilometre figure applies to aircraft above "
          "10,000 metres; at sea level the range is limited by the horizon to a few tens of "
          "kilometres.]]"),
    ("p", "The legal position is unambiguous. Selling, owning or operating a jammer is illegal in "
          "every EU member state, and the ITU’s Radio Regulations oblige states to prevent "
          "harmful interference with radio navigation services. Enforcement against private "
          "users is patchy, with fines rarely above a few thousand euros, and enforcement "
          "against a state actor is, in practice, impossible."),
    ("sh", "2.2 Spoofing"),
    ("p", "Spoofing is more dangerous because it is deceptive. A spoofer transmits counterfeit "
          "signals that imitate real satellites, so that the receiver computes a false position "
          "or time while reporting that all is well. Early spoofing in the region moved ships’ "
          "reported positions onto inland airports; more recent incidents have placed aircraft "
          "in circles over Russian territory or shifted their clocks by hours or even "
          "years.[[OPSGROUP, “GPS Spoofing: Final Report of the Spoofing Working Group” "
          "(September 2025), https://example.org/opsgroup/spoofing-final-report. The report "
          "records clock shifts of up to 17 years in aircraft flight-management systems.]] A "
          "receiver that has been spoofed can remain confused long after the attack ends: some "
          "aircraft have needed a full reset of their navigation systems by engineers before "
          "they could fly again."),
    ("p", "Dr Piotr Zawadzki, a physicist at the Gdansk Institute of Time and Frequency, "
          "describes the difference in simple terms: “Jamming switches off the lights; spoofing "
          "moves the furniture while you sleep.”[[Author interview with Piotr Zawadzki, Gdansk, "
          "14 March 2026.]] Spoofing was once thought to need expensive equipment and skill. "
          "Software-defined radios costing under €500 can now generate convincing counterfeit "
          "signals, although spoofing a moving aircraft at altitude still requires "
          "state-level resources."),
    ("p", "A third technique, known as meaconing, records genuine satellite signals and "
          "rebroadcasts them with a delay. It needs no knowledge of the signal structure and is "
          "harder to detect than crude spoofing, because the rebroadcast signals are real ones, "
          "merely late. Investigators believe that several of the longer-lasting incidents over "
          "the Gulf of Finland in 2024 combined meaconing with jamming of the original "
          "signals."),
    ("sh", "2.3 Timing: the quiet dependency"),
    ("p", "Positioning is only one half of what satellite navigation provides. Each satellite "
          "carries atomic clocks, and a receiver that locks onto four satellites can derive time "
          "accurate to within about 20 nanoseconds of UTC. This free, globally available time "
          "signal has quietly replaced the dedicated timing links that telecommunications "
          "operators and utilities once maintained. It is cheaper, more accurate and requires "
          "no contract."),
    ("p", "The catch is that a spoofer can move time as well as position. A timing receiver "
          "that accepts a false signal will pass the error to every system that depends on it, "
          "and because the receiver does not raise an alarm, the fault may go undetected until "
          "networks begin to fail. Jamming is less insidious but still disruptive: once the "
          "signal is lost, each site’s local clock begins to drift, and the clock’s quality "
          "decides how long the site can keep working."),

    ("h", "3. The record: interference since 2022"),
    ("sh", "3.1 Aviation"),
    ("p", "The scale of interference affecting civil aviation has grown each year since 2022. "
          "The Institute’s interference database, which compiles reports from national aviation "
          "and maritime authorities, recorded 6,440 interference events in seven northern "
          "European countries in 2023, 10,202 in 2024 and 12,320 in 2025 (Table 1, in Section "
          "4).[[" + IRI_DB + ".]] Poland reported the most events in every year, reflecting the "
          "volume of traffic near Kaliningrad; Finland and Estonia followed."),
    ("p", "Poland’s experience shows how interference spills across borders. More than half of "
          "the 3,105 Polish reports in 2025 came from aircraft over the Baltic Sea north of "
          "Gdansk, within 150 kilometres of Kaliningrad, and in a single week of August 2025 "
          "Polish air traffic controllers handled 412 reports, the highest weekly total yet "
          "recorded in any of the seven countries. Lithuania, squeezed between Kaliningrad and "
          "Belarus, reported 1,520 events in 2025, while its airports at Vilnius and Kaunas "
          "kept ground-based approach aids that several smaller airports in the region had "
          "retired to save money."),
    ("p", "Reports are not the same as incidents: a single jamming episode may generate dozens "
          "of pilot reports, and reporting habits differ between countries.[[Finland and Poland "
          "made reporting mandatory for their national carriers in 2023; in Sweden and Norway "
          "reporting remained voluntary until 2025. Part of the rise in those two countries "
          "therefore reflects better reporting rather than more interference.]] The trend is "
          "nonetheless clear. In 2025, about 27 percent of flights through Estonian airspace "
          "reported degraded satellite signals, up from 9 percent in 2022, and the share in "
          "Finnish airspace reached 18 percent.[[Ibid. Shares are of flights that filed any "
          "report of degraded signals during the flight, not of flights that lost navigation "
          "entirely.]]"),
    ("p", "The most visible consequence came in spring 2024, when the Finnish regional carrier "
          "Nordaero suspended its service to Tartu in Estonia for 34 days because the airport’s "
          "approach procedures depended entirely on satellite navigation. “We were not prepared "
          "to ask our crews to fly an approach that might not be there,” said Captain Jari "
          "Lehtonen, Nordaero’s director of flight safety.[[Author interview with Jari "
          "Lehtonen, Helsinki, 22 January 2026.]] Tartu has since installed a ground-based "
          "instrument landing system at a cost of €3.4 million, paid for by the Estonian "
          "government.[[Ibid.; Estonian Ministry of Climate, “Tartu Airport Instrument Landing "
          "System Commissioned,” press release, 9 October 2024, "
          "https://example.org/ee/tartu-ils.]]"),
    ("p", "Regulators have responded with guidance rather than rules. EASA first issued a safety "
          "information bulletin on satellite-signal interference in 2022 and has revised it "
          "four times since; the latest version asks airlines to report every event and to "
          "train crews for spoofing as well as jamming.[[European Union Aviation Safety "
          "Agency, “Global Navigation Satellite System Outage and Alterations Leading to "
          "Navigation and Surveillance Degradation,” Safety Information Bulletin 2022-02R4, "
          "July 2025, https://example.org/easa/sib-2022-02r4.]] In 2025, the ICAO Council "
          "condemned interference originating in Russia and called on all states to comply "
          "with the Chicago Convention, but it has no means of enforcement."),
    ("p", "Pilots describe a steady erosion of margins rather than a single dramatic risk. "
          "Airliners carry inertial systems and can fall back on ground-based beacons, so a "
          "lost satellite signal rarely endangers a flight in itself. The danger lies in "
          "combination: a spoofed position at night, in poor weather, near a border, with a "
          "ground proximity warning system that trusts the false position and either stays "
          "silent or issues a false “pull up” alert. Several European airlines have recorded "
          "such false terrain warnings over the Baltic, and crews have been trained to "
          "disregard them when interference is known, a practice that safety investigators "
          "regard with unease.[[Kivisild and Rehn, “A Contested Spectrum,” 18–20.]]"),
    ("sh", "3.2 Shipping"),
    ("p", "At sea the effects are harder to see but no less serious. Ships report their positions "
          "to each other and to coastal authorities through the Automatic Identification System "
          "(AIS), which takes its positions from satellite navigation. When the signal is "
          "spoofed, AIS broadcasts false positions, so that vessels appear to be on land or in "
          "the wrong sea lane. Estonia’s Transport Administration logged 1,460 ships reporting "
          "anomalous positions in the Gulf of Finland in 2025, against 420 in 2023.[[Estonian "
          "Transport Administration, “Maritime Safety Review 2025” (Tallinn, April 2026), 27, "
          "https://example.org/ee/maritime-safety-2025.]]"),
    ("p", "In February 2025 the bulk carrier Nordic Vale ran aground off the Estonian island of "
          "Hiiumaa after its navigation system placed it 14 nautical miles from its true "
          "position; the crew had not cross-checked the position against radar on a calm "
          "night. No one was injured, but salvage and repairs cost its owners about "
          "€6.7 million, according to Claire Ashdown, head of hull claims at the London insurer "
          "Harwell Marine Mutual.[[Author interview with Claire Ashdown, London, 5 May 2026.]] "
          "Ashdown said the insurer now asks for evidence of interference training before "
          "renewing cover for ships trading in the Baltic."),
    ("p", "Margit Saar, head of maritime safety at the Estonian Transport Administration, "
          "argues that the maritime response should be simple: “Every officer of the watch "
          "must be able to navigate without a satellite. That was normal thirty years "
          "ago.”[[Author interview with Margit Saar, Tallinn, 11 February 2026.]] The "
          "difficulty is that modern bridge systems feed the satellite position into radar, "
          "electronic charts and AIS at once, so a single false input can corrupt every display "
          "on which the officer relies."),
    ("p", "Interference also complicates the policing of the Baltic’s so-called shadow fleet of "
          "ageing tankers carrying Russian oil. Coastal states rely on AIS to track such ships, "
          "and a vessel that appears in the wrong place, or disappears, may be the victim of "
          "spoofing or may be hiding its own movements. Distinguishing the two requires "
          "radar, satellite imagery and patrols, which only some coastal states can provide "
          "around the clock."),
    ("sh", "3.3 Beyond the Baltic"),
    ("p", "Interference is not confined to the Baltic. Norway’s Finnmark county, on the border "
          "with Russia, has recorded jamming since 2017, and the Norwegian Communications "
          "Authority (Nkom) counted 810 events in 2025. Ingrid Solberg, Nkom’s director of "
          "spectrum monitoring, says the pattern follows Russian military exercises on the Kola "
          "Peninsula.[[Author interview with Ingrid Solberg, Oslo, 2 April 2026.]] Further "
          "south, Romania and Bulgaria have reported interference over the Black Sea since "
          "2022, and airlines flying to Cyprus and Israel have met spoofing over the eastern "
          "Mediterranean that appears to be linked to the conflicts in the Middle "
          "East.[[Kivisild and Rehn, “A Contested Spectrum,” 22–25. The eastern Mediterranean "
          "is outside the IRI database, so these events are not counted in Table 1.]]"),
    ("p", "The geographic spread matters for policy. An approach built only around the Baltic "
          "frontier will miss the growing use of jamming by criminal groups elsewhere, notably "
          "to disable vehicle trackers in cargo theft, and the likelihood that any future "
          "conflict would bring interference much further west. Germany’s federal network "
          "agency seized more than 300 illegal jammers in 2025, most of them from lorry "
          "drivers, and several western European airports have reported disruption from "
          "jammers in vehicles parked nearby."),

    ("h", "4. Timing and critical infrastructure"),
    ("p", "If the aviation and maritime record is alarming, the dependence of ground "
          "infrastructure on satellite timing is the larger risk, because it is less visible "
          "and less prepared. Three sectors stand out: telecommunications, finance and "
          "electricity."),
    ("sh", "4.1 Telecommunications"),
    ("p", "Mobile networks need precise timing so that base stations can share frequencies "
          "without interfering with each other; 5G networks that use time-division duplexing "
          "need neighbouring base stations synchronised to within 1.5 microseconds. A 2025 "
          "survey by the European Union Agency for the Space Programme (EUSPA) found that about "
          "80 percent of mobile base stations in the EU derive their timing from satellite "
          "receivers, most with no alternative source beyond a local quartz "
          "oscillator.[[" + EUSPA_REPORT + ", 37–39.]]"),
    ("p", "Henrik Dahlberg, head of network synchronisation at the Swedish operator Norrsken "
          "Telecom, says his company found in 2024 that 62 percent of its sites would lose "
          "synchronisation within four hours of losing the satellite signal. “We discovered "
          "that our resilience plan assumed GPS would always be there,” he said.[[Author "
          "interview with Henrik Dahlberg, Stockholm, 19 February 2026.]] Norrsken has since "
          "spent SEK 210 million on timing delivered over fibre for its core network, but not "
          "for its 9,000 rural masts, which would still drift out of synchronisation within a "
          "few hours of a sustained outage."),
    ("p", "Emergency services are exposed in a less obvious way. Ambulance and police dispatch "
          "systems in most EU countries locate callers and vehicles with satellite positions, "
          "and digital radio networks for the emergency services use satellite time to keep "
          "their base stations aligned. Estonia’s emergency response centre tested a "
          "simulated twelve-hour outage in 2025 and found that dispatchers could still work, "
          "but that locating callers took on average three times as long."),
    ("sh", "4.2 Finance"),
    ("p", "Financial markets use time to order transactions. Under MiFID II, trading venues and "
          "high-frequency traders must keep their clocks within 100 microseconds of UTC, and "
          "most do so with satellite receivers on their data-centre roofs. A spoofed clock could "
          "misorder trades or break the audit trail on which regulators depend. The Bank of "
          "Lithuania’s 2025 operational-resilience review found that four of the country’s seven "
          "largest payment institutions had no timing source independent of satellite "
          "navigation.[[Bank of Lithuania, “Operational Resilience of the Lithuanian Financial "
          "Sector 2025” (Vilnius, December 2025), 44, "
          "https://example.org/lb/operational-resilience-2025.]]"),
    ("sh", "4.3 Electricity"),
    ("p", "Power grids use satellite time to synchronise phasor measurement units, which monitor "
          "the grid’s frequency and phase and help operators detect faults within milliseconds. "
          "The Baltic states’ synchronisation with the continental European grid in February "
          "2025 increased the value of such monitoring, and with it the exposure. Dr Tomas "
          "Berzins, a protection engineer at Latvia’s transmission system operator, warned that "
          "“a timing error of a few microseconds in the wrong place would make our protection "
          "systems trip lines that are perfectly healthy”.[[Author interview with Tomas "
          "Berzins, Riga, 8 April 2026. Berzins stressed that the operator’s main protection "
          "relays do not depend on satellite time; the exposure is in wide-area monitoring and "
          "in some newer substations.]]"),
    ("p", "Electricity is also where failures spread fastest. A grid operator that loses "
          "confidence in its measurements must run the system more cautiously, with larger "
          "reserves and lower transfers between countries, and that caution has a price. "
          "Operators in the three Baltic states told the Institute that they now test their "
          "monitoring systems against simulated loss of satellite time twice a year, but none "
          "has yet tested against a spoofed signal that drifts slowly rather than "
          "disappearing."),
    ("p", "The record of interference is summarised in Table 1. It shows a near-doubling of "
          "reported events between 2023 and 2025, and an increase in every one of the seven "
          "countries covered."),
    ("table", None),

    ("h", "5. The policy response so far"),
    ("p", "Europe’s response has been fragmented across three levels: the EU, individual member "
          "states and NATO. Each has done something useful; none has treated the problem as a "
          "whole."),
    ("sh", "5.1 The European Union"),
    ("p", "The EU’s main contribution is Galileo itself, which offers two features that GPS does "
          "not yet provide to civilian users. Open Service Navigation Message Authentication "
          "(OSNMA), which entered initial service in July 2025, lets receivers verify that "
          "navigation data come from a genuine Galileo satellite.[[European Commission, "
          "“Galileo OSNMA Enters Initial Service,” press release, 24 July 2025, "
          "https://example.org/ec/galileo-osnma.]] The Public Regulated Service (PRS), an "
          "encrypted signal for government-authorised users, is designed to resist both "
          "jamming and spoofing, but by mid-2026 only eleven member states had operational PRS "
          "receivers, and these are reserved mostly for defence and police.[[" + EUSPA_REPORT +
          ", 52. The eleven states are not named in the report.]]"),
    ("p", "Authentication is not the same as resilience. OSNMA can tell a receiver that it is "
          "being spoofed, but it cannot restore the signal, and it does nothing against "
          "jamming. Moreover, the EU has no legislation requiring critical-infrastructure "
          "operators to use authenticated signals. The Critical Entities Resilience Directive "
          "of 2022 obliges member states to identify critical entities and assess their risks, "
          "but does not mention satellite navigation.[[Directive (EU) 2022/2557 of the "
          "European Parliament and of the Council of 14 December 2022 on the resilience of "
          "critical entities, https://example.org/eu/cer-directive. The directive’s annex lists "
          "eleven sectors, including energy, transport, banking and digital "
          "infrastructure.]]"),
    ("p", "Luc Vandermeeren, a senior official in the European Commission’s Directorate-General "
          "for Defence Industry and Space (DG DEFIS), told the author that a European PNT "
          "resilience strategy was in preparation and could be published in 2027.[[Author "
          "interview with Luc Vandermeeren, Brussels, 27 May 2026.]] He acknowledged that "
          "“the space programme was designed to provide signals, not to protect the people "
          "who use them”."),
    ("p", "The Commission has also begun to fund detection. Under a pilot launched in 2025, "
          "EUSPA collects interference reports from aircraft and ships and publishes monthly "
          "maps of affected areas, and the Joint Research Centre tests receivers against "
          "simulated spoofing. The pilot’s budget of €6 million over three years is small "
          "beside the scale of the problem, and its maps appear weeks after the events they "
          "describe, too late to help a pilot or a ship’s officer in real time."),
    ("sh", "5.2 Member states"),
    ("p", "National responses vary widely. Finland has gone furthest: its 2024 national PNT "
          "strategy set aside €38 million over four years for backup timing and monitoring, "
          "including a national network of 40 interference detectors.[[Finnish Transport and "
          "Communications Agency, “National Strategy for Positioning, Navigation and Timing "
          "2024–2027” (Helsinki, June 2024), https://example.org/fi/pnt-strategy.]] Poland "
          "committed €64 million in 2025 to a timing backbone delivered over fibre from its "
          "national time laboratory. Estonia has allocated €12 million and Lithuania "
          "€9 million, mainly for detection equipment along their eastern borders. Sweden and "
          "Latvia have commissioned studies but allocated no money."),
    ("p", "Rasa Vaitkute, deputy director of Lithuania’s Transport Safety Administration, says "
          "the differences reflect budgets more than threat perceptions: “Every capital on the "
          "Baltic sees the same problem. Not every finance ministry sees the same "
          "bill.”[[Author interview with Rasa Vaitkute, Vilnius, 30 April 2026.]]"),
    ("p", "Coordination between neighbours is thinner than the shared threat would suggest. "
          "Finland and Estonia have exchanged interference data since 2024, and Lithuania and "
          "Poland agreed in 2025 to link their detector networks, but there is no common "
          "reporting format across the region, and a pilot who reports an event to one "
          "national authority cannot assume that the next country along the route will hear "
          "of it. Several officials interviewed for this report described the exchange of data "
          "as depending on personal contacts rather than on any formal arrangement."),
    ("sh", "5.3 NATO"),
    ("p", "NATO has treated interference as a feature of the Russian threat rather than as a "
          "civilian-infrastructure problem. Allied leaders at the 2024 Washington summit "
          "listed interference with satellite navigation among Russia’s hybrid actions against "
          "allies, and the alliance’s own forces rely on encrypted military GPS signals that "
          "are far harder to spoof.[[Kivisild and Rehn, “A Contested Spectrum,” 26. Military "
          "GPS receivers use the encrypted M-code signal, which civilian users cannot "
          "access.]] Civilian users do not benefit from that hardening, however, and NATO’s "
          "role in protecting civilian PNT remains undefined."),
    ("p", "There are signs of change. Since 2025 the alliance’s air policing missions over the "
          "Baltic states have shared interference data with national air navigation services, "
          "and NATO’s Maritime Command has warned merchant shipping of spoofing hot spots. But "
          "these arrangements rest on goodwill rather than agreement, and they stop at the "
          "edge of military operations."),

    ("h", "6. Six layers of resilience"),
    ("p", "There is no single fix for the vulnerability of satellite navigation. Resilience comes "
          "from layering measures so that the failure of one does not bring down the system. "
          "The report identifies six layers, set out below from the receiver outwards."),
    ("p", "The first layer is hardened receivers. Controlled reception pattern antennas (CRPAs) "
          "can null out jamming from a particular direction, and modern receivers that track "
          "several constellations can cross-check GPS against Galileo. A CRPA for an airliner "
          "currently costs around €80,000, against about €2,000 for a standard antenna, which "
          "explains why airlines have been slow to fit them.[[Aviation Navigation Review, “The "
          "Price of a Better Antenna” (Harbourline Publishing, 3 March 2026), "
          "https://example.org/anr/price-of-a-better-antenna.]]"),
    ("p", "The second layer is signal authentication. Receivers that use OSNMA, and in time PRS, "
          "can detect spoofed navigation data. The cost is low, often no more than a firmware "
          "update, but adoption has been slow: EUSPA estimated that fewer than 15 percent of "
          "timing receivers sold in the EU in 2025 supported OSNMA.[[EUSPA, “GNSS User "
          "Technology Report 2026,” 41.]]"),
    ("p", "The third layer is a terrestrial backup. Enhanced Long Range Navigation (eLoran), a "
          "modernised version of a Cold War radio-navigation system, uses powerful "
          "low-frequency transmitters on land whose signals are very hard to jam at a "
          "distance. A 2025 feasibility study commissioned by Poland and the three Baltic "
          "states found that a chain of three transmitters covering the eastern Baltic would "
          "cost about €145 million to build and €11 million a year to operate.[[Baltic PNT "
          "Consortium, “Feasibility Study for a Baltic eLoran Chain: Final Report” (Riga, "
          "November 2025), https://example.org/bpc/eloran-feasibility.]] The United Kingdom "
          "and South Korea have both announced eLoran programmes; the EU has none."),
    ("p", "The fourth layer is time delivered over fibre. National time laboratories can "
          "distribute time through fibre-optic networks with an accuracy better than 100 "
          "nanoseconds, independent of any satellite. Poland’s programme, and a Swedish pilot "
          "project linking Stockholm and Gothenburg, show that the approach works; its limits "
          "are cost and reach, since rural sites are often far from suitable fibre.[[Ibid., 31, "
          "which compares fibre timing with eLoran and recommends both.]]"),
    ("p", "The fifth layer is holdover. An atomic clock at a critical site can keep time when "
          "the satellite signal is lost. A rubidium oscillator holds time within 1.5 "
          "microseconds for about 24 hours, enough to ride out most jamming episodes, against "
          "roughly two hours for a good quartz oscillator.[[Zawadzki interview. Caesium clocks "
          "hold time for weeks but cost ten times as much and are used mainly by time "
          "laboratories.]] At €3,000 to €8,000 per site, rubidium holdover is the cheapest "
          "insurance available to telecoms and grid operators."),
    ("p", "The sixth layer is detection and attribution. Europe cannot deter interference that "
          "it cannot measure. A network of ground-based monitors, combined with reports from "
          "aircraft and ships, would let authorities locate transmitters, warn users in real "
          "time and build the evidence needed to hold states responsible. Finland’s "
          "40-detector network is a model; no comparable network exists at EU level."),
    ("p", "The layers are complementary rather than alternatives. Hardened and authenticated "
          "receivers reduce the effect of an attack; terrestrial, fibre and holdover sources "
          "keep critical systems running when satellite signals are lost; and detection "
          "supports both the immediate response and the longer work of deterrence. A country "
          "that invests in only one layer, as most have so far, remains exposed through the "
          "others."),

    ("h", "7. What resilience would cost"),
    ("p", "Resilience is not free, but the cost of doing nothing is higher. The Institute "
          "estimates that a one-day loss of satellite positioning and timing across the EU "
          "would cost about €1.6 billion, and a seven-day loss about €9.8 billion, with "
          "telecoms, road freight and shipping bearing the largest share.[[Institute for "
          "Resilient Infrastructure, “The Price of Losing the Signal: Economic Impact of a GNSS "
          "Outage in the EU,” IRI Working Paper No. 14, June 2026, "
          "https://example.org/iri/price-of-losing-the-signal.]] These estimates are "
          "conservative, because they exclude cascading failures in the power grid."),
    ("p", "National estimates point the same way. Norway’s Directorate for Civil Protection "
          "estimated in 2024 that a three-day outage would cost the Norwegian economy "
          "NOK 1.9 billion,[[Norwegian Directorate for Civil Protection, “Risk Analysis: "
          "Loss of Satellite-Based Positioning and Timing” (Tønsberg, 2024), "
          "https://example.org/no/dsb-gnss-risk.]] and the Swedish Civil Contingencies Agency "
          "put the cost of a week-long disruption to timing services in Sweden at SEK 4.5 "
          "billion.[[Swedish Civil Contingencies Agency, “Time Dependence in Swedish Critical "
          "Infrastructure” (Karlstad, March 2025), https://example.org/se/msb-time-dependence. "
          "The two estimates use different methods and should not be compared "
          "directly.]]"),
    ("p", "Against this, the Institute estimates that a European programme covering the six "
          "layers would cost about €1.2 billion over five years: €420 million for detection "
          "and attribution, €310 million for eLoran across the Baltic and North Sea, "
          "€260 million for fibre timing, and €210 million in co-funding for receiver upgrades "
          "and holdover clocks in critical entities.[[IRI Working Paper No. 14, 19–23.]]"),
    ("p", "Financing could come from three sources. The first is the EU space programme, whose "
          "budget for 2028–2034 is now being negotiated. The second is the European Defence "
          "Fund, justified by the military relevance of interference near NATO’s eastern "
          "border. The third is the Connecting Europe Facility, whose digital strand already "
          "funds backbone networks and could fund timing over fibre. Sofia Lindqvist, a "
          "budget analyst at the Stockholm-based Nordic Fiscal Observatory, argues that "
          "“the money is small enough to be found, and large enough to be fought over”.[[Sofia "
          "Lindqvist, “Who Pays for Time?,” Nordic Fiscal Observatory commentary, 12 June "
          "2026, https://example.org/nfo/who-pays-for-time.]]"),
    ("p", "For individual operators the sums are modest. Norrsken Telecom estimates that "
          "fitting rubidium holdover to all of its 9,000 rural masts would cost SEK 380 million, "
          "less than twice what it has already spent on its core network. Smaller operators "
          "and municipal utilities, however, cannot absorb such costs without help, which is "
          "why the Institute’s estimate includes €210 million in co-funding."),

    ("h", "8. Recommendations"),
    ("p", "The EU and its member states should act on six fronts:"),
    ("n", "1. Designate positioning, navigation and timing as critical infrastructure in EU law, "
          "by adding satellite-dependent timing to the sectors covered by the Critical Entities "
          "Resilience Directive when it is reviewed in 2027."),
    ("n", "2. Require authenticated signals in critical entities: from 2028, timing receivers in "
          "telecoms, energy and finance should support OSNMA, and national authorities should "
          "have access to PRS as a backup."),
    ("n", "3. Build a European interference-monitoring network of at least 300 ground stations "
          "by 2029, modelled on Finland’s, with a common reporting portal for aircraft and "
          "ships."),
    ("n", "4. Fund a Baltic eLoran chain of three transmitters by 2030 as the first stage of a "
          "European terrestrial backup, with the cost shared between the EU and the states "
          "that benefit most."),
    ("n", "5. Mandate holdover clocks able to keep time for at least 24 hours at every critical "
          "timing site, and co-fund them for smaller operators."),
    ("n", "6. Pursue attribution and accountability: bring documented interference to ICAO and "
          "the ITU, and coordinate sanctions on the military units and officials "
          "responsible.[[On the legal basis for such sanctions, see Kivisild and Rehn, “A "
          "Contested Spectrum,” 27–28.]]"),
    ("h", "Conclusion"),
    ("p", "None of these measures will stop a determined state from jamming the skies over the "
          "Baltic. What they can do is make interference less effective, less deniable and less "
          "costly. Europe built a satellite navigation system of its own because it did not "
          "want to depend on another country’s signals; it has yet to finish the job by making "
          "sure that its economy can survive when those signals fail. The choice is between "
          "paying for resilience now and paying for outages later."),
    ("p", "The window for acting cheaply is closing. Interference has risen every year since "
          "2022, receivers bought today will stay in service for a decade or more, and the "
          "EU’s next long-term budget will be settled within two years. Decisions taken in "
          "2027 will determine whether Europe meets the next crisis with authenticated "
          "receivers, backup clocks and a monitoring network, or with a safety bulletin and "
          "a hope that the signals stay on."),
    ("about", None),
]

ABOUT = (
    "Dr Annika Holmqvist is a senior research fellow at the Institute for Resilient "
    "Infrastructure in Tallinn, where she leads the programme on space and navigation security. "
    "Before joining IRI in 2021 she spent eleven years as a navigation systems engineer at the "
    "Swedish Maritime Administration. She holds a PhD in satellite geodesy from Chalmers "
    "University of Technology and has advised the Estonian government on maritime safety."
)

TABLE_CAPTION = "Table 1. Reported satellite-navigation interference events by country, 2023–2025"
TABLE_ROWS = [
    ["Country", "2023", "2024", "2025", "Change 2023–25"],
    ["Finland", "1,480", "2,140", "2,610", "+76%"],
    ["Estonia", "1,020", "1,860", "2,230", "+119%"],
    ["Latvia", "610", "1,090", "1,340", "+120%"],
    ["Lithuania", "740", "1,185", "1,520", "+105%"],
    ["Poland", "1,950", "2,732", "3,105", "+59%"],
    ["Sweden", "260", "540", "705", "+171%"],
    ["Norway", "380", "655", "810", "+113%"],
    ["Total", "6,440", "10,202", "12,320", "+91%"],
]
TABLE_SOURCE = ("Source: IRI Interference Database, version 3.0 (August 2026), compiled from "
                "national aviation and maritime authority reports. Figures count reports, not "
                "distinct episodes.")

# --- layout -------------------------------------------------------------------------------
SERIF = "Times-Roman"
W, H = A4
LM = RM = 2.4 * cm
TOP = 2.4 * cm
BOTTOM = 2.2 * cm          # bottom of the text block when a page has no footnotes
NOTE_BASE = 2.0 * cm       # footnotes are stacked upwards from here
FOOTER_Y = 1.1 * cm

body = ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                      spaceAfter=6)
h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceBefore=10,
                    spaceAfter=5, keepWithNext=1)
h2 = ParagraphStyle("h2", fontName="Helvetica-BoldOblique", fontSize=10.5, leading=14,
                    spaceBefore=5, spaceAfter=3, keepWithNext=1)
title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=21, leading=26,
                       spaceAfter=8, textColor=colors.HexColor("#1F3A5F"))
subtitle = ParagraphStyle("subtitle", fontName="Helvetica-Oblique", fontSize=11.5, leading=15,
                          spaceAfter=10)
byline = ParagraphStyle("byline", fontName="Times-Bold", fontSize=12, leading=15, spaceAfter=3)
series = ParagraphStyle("series", fontName="Helvetica", fontSize=9, leading=12, spaceAfter=14,
                        textColor=colors.HexColor("#1F3A5F"))
bullet = ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=4)
numbered = ParagraphStyle("numbered", parent=body, leftIndent=18, firstLineIndent=-14,
                          spaceAfter=5)
caption = ParagraphStyle("caption", fontName="Helvetica-Bold", fontSize=9.5, leading=12,
                         spaceBefore=6, spaceAfter=4)
cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
source = ParagraphStyle("source", fontName="Times-Italic", fontSize=8.5, leading=11,
                        spaceBefore=3, spaceAfter=8)
about_h = ParagraphStyle("about_h", parent=h1, spaceBefore=14)
about = ParagraphStyle("about", parent=body, fontName="Times-Italic")
fnstyle = ParagraphStyle("fn", fontName=SERIF, fontSize=8, leading=9.6, leftIndent=10,
                         firstLineIndent=-10, spaceAfter=1.5)

NOTE_RE = re.compile(r"\[\[(.+?)\]\]", re.S)


def number_notes() -> tuple[list[tuple[str, object]], list[str]]:
    """Replace each [[note]] by a marker and return the body and the notes in order."""
    notes: list[str] = []

    def mark(m: re.Match[str]) -> str:
        notes.append(m.group(1))
        n = len(notes)
        return f'<onDraw name="fnmark" label="{n}"/><super>{n}</super>'

    out = [(k, NOTE_RE.sub(mark, v) if isinstance(v, str) else v) for k, v in BODY]
    return out, notes


def note_paras(labels: list[str], notes: list[str]) -> list[Paragraph]:
    paras = []
    for lab in labels:
        text = AUTHOR_NOTE if lab == "*" else notes[int(lab) - 1]
        paras.append(Paragraph(f"<super>{lab}</super> {text}", fnstyle))
    return paras


def notes_height(labels: list[str], notes: list[str]) -> float:
    if not labels:
        return 0.0
    width = W - LM - RM
    h = sum(p.wrap(width, H)[1] + fnstyle.spaceAfter for p in note_paras(labels, notes))
    return h + 0.55 * cm  # separator rule and gap above it


class Doc(BaseDocTemplate):
    """A document whose page N keeps reserve[N] points free at the foot for its notes."""

    def __init__(self, filename: str, reserve: dict[int, float], notes: list[str]) -> None:
        super().__init__(filename, pagesize=A4, title=PLAIN_TITLE, author=AUTHOR,
                         subject=SERIES, leftMargin=LM, rightMargin=RM, topMargin=TOP,
                         bottomMargin=BOTTOM)
        self.reserve, self.notes = reserve, notes
        self.placed: dict[int, list[str]] = {}
        templates = []
        for page in range(1, 30):
            bottom = max(BOTTOM, NOTE_BASE + reserve.get(page, 0.0))
            frame = Frame(LM, bottom, W - LM - RM, H - TOP - bottom, id=f"f{page}",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates.append(PageTemplate(id=f"p{page}", frames=[frame], onPage=self.begin,
                                          onPageEnd=self.finish))
        self.addPageTemplates(templates)

    def afterPage(self) -> None:
        self.handle_nextPageTemplate(f"p{self.page + 1}")

    def begin(self, canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        self.placed.setdefault(doc.page, ["*"] if doc.page == 1 else [])
        canvas.setNamedCB("fnmark", lambda c, kind, label: self.placed[doc.page].append(label))
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#1F3A5F"))
        if doc.page > 1:
            canvas.drawString(LM, H - 1.5 * cm, HEADER_LEFT)
            canvas.drawRightString(W - RM, H - 1.5 * cm, HEADER_RIGHT)
            canvas.line(LM, H - 1.65 * cm, W - RM, H - 1.65 * cm)
        canvas.drawCentredString(W / 2, FOOTER_Y, str(doc.page))
        canvas.restoreState()

    def finish(self, canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
        labels = self.placed.get(doc.page, [])
        if not labels:
            return
        width = W - LM - RM
        paras = note_paras(labels, self.notes)
        heights = [p.wrap(width, H)[1] for p in paras]
        y = NOTE_BASE + sum(heights) + fnstyle.spaceAfter * len(paras)
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(LM, y + 0.2 * cm, LM + 5 * cm, y + 0.2 * cm)
        canvas.restoreState()
        for p, h in zip(paras, heights):
            y -= h
            p.drawOn(canvas, LM, y)
            y -= fnstyle.spaceAfter


def story(body_items: list[tuple[str, object]]) -> list:
    s: list = [Paragraph(TITLE, title), Paragraph(SUBTITLE, subtitle),
               Paragraph(f"{AUTHOR}<super>*</super>", byline), Paragraph(SERIES, series)]
    for kind, text in body_items:
        if kind == "h":
            s.append(Paragraph(str(text), h1))
        elif kind == "sh":
            s.append(Paragraph(str(text), h2))
        elif kind == "p":
            s.append(Paragraph(str(text), body))
        elif kind == "b":
            s.append(Paragraph(str(text), bullet, bulletText="•"))
        elif kind == "n":
            s.append(Paragraph(str(text), numbered))
        elif kind == "table":
            rows = [[Paragraph(c if i else f"<b>{c}</b>", cell) for c in r]
                    for i, r in enumerate(TABLE_ROWS)]
            rows[0] = [Paragraph(f"<b>{c}</b>", cell) for c in TABLE_ROWS[0]]
            rows[-1] = [Paragraph(f"<b>{c}</b>", cell) for c in TABLE_ROWS[-1]]
            t = Table(rows, colWidths=[3.6 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm, 3.4 * cm])
            t.setStyle(TableStyle([
                ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF5")),
            ]))
            s.append(KeepTogether([Paragraph(TABLE_CAPTION, caption), t,
                                   Paragraph(TABLE_SOURCE, source)]))
        elif kind == "about":
            s.append(KeepTogether([Paragraph("About the author", about_h),
                                   Paragraph(ABOUT, about)]))
    return s


def build() -> None:
    rl_config.invariant = 1  # no creation date or random ID: the same text gives the same bytes
    body_items, notes = number_notes()
    reserve: dict[int, float] = {}
    for attempt in range(12):
        doc = Doc(str(OUT), reserve, notes)
        doc.build(story(body_items))
        need = {p: notes_height(labs, notes) for p, labs in doc.placed.items()}
        if all(need[p] <= reserve.get(p, 0.0) + 0.01 for p in need):
            break
        # Exact fit first; later passes only grow the reserve so that the layout settles.
        reserve = need if attempt < 6 else {p: max(need.get(p, 0.0), reserve.get(p, 0.0))
                                            for p in set(need) | set(reserve)}
    else:
        raise SystemExit("footnote layout did not settle")
    print(f"{OUT} — {doc.page} pages, {len(notes)} footnotes, {attempt + 1} passes")


if __name__ == "__main__":
    build()
