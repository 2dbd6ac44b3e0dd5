"""Regenerate eval/horn/corpus/kebede-ports-of-leverage-horn-of-africa.pdf.

An invented, held-out (test-only) policy-journal article with endnotes. Needs reportlab in a
throwaway venv (not a project dependency):

    python3 -m venv /tmp/rlvenv10 && /tmp/rlvenv10/bin/pip install reportlab
    /tmp/rlvenv10/bin/python eval/horn/source/make_pdf.py

Endnotes are written inline in the paragraph text as ``[[note text]]``; they are numbered in
order of appearance, replaced by a superscript marker, and listed in a "Notes" section at the
end. Every page carries a running header (journal name, issue, page number); page 1 carries the
author note at its foot. The output is deterministic (``rl_config.invariant``).
"""

import re
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

OUT = Path(__file__).resolve().parents[1] / "corpus" / "kebede-ports-of-leverage-horn-of-africa.pdf"

JOURNAL = "Horn &amp; Gulf Policy Review"
ISSUE = "Vol. 9, No. 2 (Winter 2026)"
TITLE = "Ports of Leverage: Ethiopia’s Search for the Sea and the Horn of Africa’s Port Race"
PLAIN_TITLE = "Ports of Leverage: Ethiopia's Search for the Sea and the Horn of Africa's Port Race"
AUTHOR = "Selamawit Kebede"
AFFILIATION = "Institute for Red Sea and Corridor Studies, Nairobi"
AUTHOR_NOTE = (
    "* Selamawit Kebede is a senior fellow at the Institute for Red Sea and Corridor Studies "
    "(IRCS) in Nairobi, where she leads the programme on trade corridors. She thanks the port "
    "officials, hauliers and diplomats interviewed for this article between February and August "
    "2026. The views expressed are her own."
)
ABSTRACT = (
    "Ethiopia, a country of more than 120 million people, moves almost all of its seaborne trade "
    "through a single foreign port. This article examines the scramble among ports on the Horn of "
    "Africa’s coast to become Ethiopia’s second gateway, the Gulf and Chinese money behind them, "
    "and the security risks the competition creates. It argues that diversification is both "
    "necessary and achievable, but only if it is pursued through commercial agreements and a "
    "regional compact rather than through claims to territory or sovereignty over the coast."
)

NOTES_SRC = "Institute for Red Sea and Corridor Studies"

# (kind, text): "h" section heading, "sh" sub-heading, "p" paragraph, "n" numbered item.
BODY: list[tuple[str, str]] = [
    ("h", "Introduction"),
    ("p", "On a clear morning at the Doraleh container terminal, the queue of lorries waiting to "
          "carry Ethiopian imports inland can stretch for eleven kilometres. Fertiliser, fuel, "
          "wheat, medicines and machinery for a country of more than 120 million people pass "
          "through this one set of quays, on the Gulf of Tadjoura, before making the 910-kilometre "
          "journey by road to Addis Ababa. No other country of Ethiopia’s size depends so "
          "completely on a single foreign port, and few depend on a neighbour whose interests "
          "differ so sharply from their own.[[World Bank, “Ethiopia Logistics Performance and "
          "Corridor Assessment” (Washington, DC: World Bank, June 2025), 4, "
          "https://example.org/wb/ethiopia-corridor-assessment.]]"),
    ("p", "Ethiopia lost its coastline when Eritrea became independent in 1993, and lost its "
          "access to the Eritrean port of Assab when the two countries went to war in 1998. "
          "Since then, Djibouti has been its window on the world. That arrangement has served "
          "both countries tolerably well: Djibouti earns a large share of its national income "
          "from Ethiopian transit, and Ethiopia has had a reliable, if expensive, gateway. But "
          "since 2018 the arrangement has been challenged from three directions at once. New "
          "ports have been built or expanded along the coast, from Berbera in Somaliland to Lamu "
          "in Kenya; Gulf and Chinese investors have poured money into them; and the Ethiopian "
          "government has declared access to the sea an existential national interest."),
    ("p", "This article argues that Ethiopia’s search for a second gateway is legitimate and "
          "overdue, but that the way it is being pursued risks turning a commercial problem into "
          "a territorial one. The central claim is that diversification can be achieved through "
          "port-access agreements, corridor investment and a regional compact, and that every "
          "attempt to secure it through claims to sovereignty over a stretch of coast makes the "
          "Horn less stable and the ports less bankable. The sections that follow examine "
          "Ethiopia’s dependence on Djibouti, the challengers, the money behind them, the "
          "security risks of the port race and the regional institutions that might manage it, "
          "before setting out six recommendations."),

    ("h", "A landlocked giant and a single gateway"),
    ("p", "The scale of the dependence is striking. In 2018 about 95 percent of Ethiopia’s "
          "seaborne imports and exports passed through Djibouti. By 2025 that share had fallen "
          "only to about 89 percent, despite seven years of official efforts to diversify. The "
          "remainder went mostly through Berbera, with small volumes through Port Sudan before "
          "the outbreak of war in Sudan in April 2023 and a trickle through Mombasa.[[Ethiopian "
          "Maritime Affairs Authority, “Annual Report on Import and Export Cargo Flows 2025” "
          "(Addis Ababa: EMAA, February 2026), 17, https://example.org/emaa/cargo-flows-2025.]]"),
    ("p", "The port of Djibouti itself has grown on the back of this trade. Its terminals handled "
          "about 0.98 million twenty-foot equivalent units (TEU) of containers in 2019, 1.12 "
          "million TEU in 2023 and 1.21 million TEU in 2025. Roughly 70 percent of that volume "
          "is transhipment, containers moved from one ship to another, but Ethiopian cargo "
          "remains the most profitable part of the business, because it pays transit, storage "
          "and handling charges on top of port dues.[[Port Authority of Djibouti, “Statistical "
          "Yearbook 2025” (Djibouti: PAD, January 2026), https://example.org/pad/yearbook-2025.]]"),
    ("p", "Ethiopia pays heavily for the privilege. The Ethiopian Maritime Affairs Authority "
          "estimates that port, transit and related logistics charges paid in Djibouti came to "
          "about $1.6 billion in 2025, up from about $1.1 billion in 2018. Dawit Mengesha, the "
          "authority’s director-general, told the author that “every tenth dollar we earn from "
          "exports leaves the country again at the port gate.” The figure is contested in "
          "Djibouti, where officials argue that much of the cost arises from delays on the "
          "Ethiopian side of the border rather than at the quays.[[Author interview with Dawit "
          "Mengesha, Addis Ababa, 9 February 2026.]]"),
    ("p", "The dependence matters for three reasons. The first is cost. Moving a container from "
          "Djibouti to Addis Ababa costs on average about $2,300, compared with about $1,100 for "
          "a similar distance on the corridor from Mombasa to Kampala, and Ethiopian importers "
          "wait on average 38 days from a ship’s arrival to the release of their cargo inland. "
          "The Addis Ababa–Djibouti railway, a 752-kilometre electrified line built by Chinese "
          "contractors at a cost of about $4.5 billion and opened to commercial traffic in "
          "January 2018, was meant to cut both figures. It was designed to carry 8 million "
          "tonnes of freight a year, but carried 1.4 million tonnes in 2021 and 2.3 million "
          "tonnes in 2025, because of power cuts, a shortage of wagons and the slow completion "
          "of the dry port at Modjo.[[Ethiopian Railways Corporation, “Performance Report, "
          "Fiscal Year 2024/25” (Addis Ababa: ERC, October 2025), "
          "https://example.org/erc/performance-2025.]]"),
    ("p", "The second reason is vulnerability. A single corridor is a single point of failure. "
          "In 2021, when fighting in northern Ethiopia closed parts of the road network, and "
          "again in 2024, when attacks on shipping in the southern Red Sea diverted vessels "
          "around the Cape of Good Hope, Ethiopian importers had no alternative route. Freight "
          "rates for a container shipped from Shanghai to Djibouti roughly tripled in the first "
          "half of 2024, and fuel shortages followed in several Ethiopian cities.[[Helen "
          "Tsegaye, “Red Sea Disruption and Ethiopian Importers: Evidence from Freight "
          "Forwarders,” Ethiopian Freight Forwarders’ Association Briefing 7, May 2024, "
          "https://example.org/effa/briefing-7.]] Helen Tsegaye, who chairs the Ethiopian "
          "Freight Forwarders’ Association, describes the corridor as “a hosepipe with one tap, "
          "and the tap is in someone else’s garden.”"),
    ("p", "The third reason is political. Dependence on one neighbour gives that neighbour "
          "leverage, and it gives Ethiopian leaders a grievance that can be mobilised at home. "
          "Since 2023 the Ethiopian government has described access to the Red Sea as a matter "
          "of national survival, and senior officials have spoken publicly of a historical right "
          "to the coast. Those statements have alarmed Eritrea and Somalia, and they have "
          "unsettled Djibouti, which fears that its largest customer is preparing to leave."
          "[[On the evolution of official Ethiopian rhetoric since 2023, see Yared Alemu, "
          "“From Corridor to Coastline: Ethiopia’s Maritime Discourse,” Horn &amp; Gulf Policy "
          "Review 8, no. 4 (2025): 41–63, https://example.org/hgpr/corridor-to-coastline.]]"),
    ("p", "The stakes are just as high on the other side of the border. Port, rail and "
          "logistics services linked to Ethiopian trade account for roughly a fifth of "
          "Djibouti’s national income and for a larger share of its government revenue, and "
          "the port authority employs about 6,000 people in a country of just over one million. "
          "For Djibouti, a large shift of Ethiopian cargo to another port would not be a "
          "commercial setback but a fiscal crisis. That asymmetry explains much of the "
          "nervousness in Djibouti about every new announcement from Addis Ababa, and it gives "
          "Ethiopia more bargaining power over tariffs than it has so far chosen to use."),
    ("p", "Djibouti, for its part, has tried to lock in its position. In 2024 it offered "
          "Ethiopia management rights at the small port of Tadjourah, 100 kilometres north of "
          "the capital, built in 2017 for potash exports that never materialised. Fatouma Daher "
          "Robleh, chair of the Port Authority of Djibouti, presented the offer as “a second "
          "gateway inside the first.” Addis Ababa has not taken it up.[[Author interview with "
          "an official of the Port Authority of Djibouti, Djibouti, 14 March 2026. The official "
          "asked not to be named.]]"),

    ("h", "The challengers"),
    ("p", "Four ports are commonly named as alternatives to Djibouti: Berbera, Lamu, Port Sudan "
          "and Assab. Their prospects differ greatly, and the differences owe as much to politics "
          "as to geography."),
    ("sh", "Berbera and the Somaliland question"),
    ("p", "Berbera, on the Gulf of Aden in the self-declared republic of Somaliland, is the most "
          "advanced challenger. Gulf Harbour Holdings, an operator based in the United Arab "
          "Emirates, won a 30-year concession in 2016 and has since invested about $442 million "
          "in a new container quay, cranes and an adjoining economic zone. Container throughput "
          "rose from about 48,000 TEU in 2019 to 152,000 TEU in 2023 and 236,000 TEU in 2025, "
          "against a capacity of 500,000 TEU after the first phase.[[Gulf Harbour Holdings, "
          "“Berbera Terminal Operating Review 2025” (Dubai: GHH, March 2026), 9, "
          "https://example.org/ghh/berbera-review-2025.]]"),
    ("p", "The road from Berbera to the Ethiopian border at Togochale was rebuilt with UAE "
          "financing and opened in 2022; from there to Addis Ababa the corridor runs about 850 "
          "kilometres in all. Yet traffic remains modest: about 120 lorries a day cross at "
          "Togochale, compared with about 1,800 a day on the Djibouti corridor. Khalid Al "
          "Suwaidi, chief executive of Gulf Harbour Holdings, argues that the gap reflects "
          "habit rather than cost, and that Berbera can already match Djibouti’s handling "
          "charges. Ethiopian hauliers reply that insurance, security escorts and the lack of "
          "return cargo make the route dearer in practice."),
    ("p", "The larger obstacle is sovereignty. No state recognises Somaliland, and Somalia "
          "regards it as part of its territory. Ethiopia took a 17 percent stake in the Berbera "
          "port venture in 2018 but let it lapse in 2022 after failing to make the required "
          "investment. In January 2024 it signed a memorandum of understanding with Somaliland "
          "under which it would lease a 20-kilometre strip of coast for a naval base and "
          "commercial port, reportedly in exchange for considering recognition. Somalia "
          "recalled its ambassador, and the memorandum has not been implemented.[[The text of "
          "the memorandum has never been published. This account relies on statements by both "
          "parties and on Abdirahman Yusuf Hirsi, Somaliland’s minister of ports and marine "
          "transport, interview with the author, Hargeisa, 2 April 2026.]] In December 2024 the "
          "two governments agreed, under Turkish mediation, to negotiate Ethiopian access to "
          "the sea “through Somalia”; by mid-2026 those talks had produced no agreement."),
    ("p", "Abdirahman Yusuf Hirsi, Somaliland’s minister of ports and marine transport, insists "
          "that Berbera is open to Ethiopian cargo with or without a political deal. The "
          "difficulty is that lenders are not. Two development banks that had considered "
          "financing a dry port at Wajaale have deferred decisions until the status of the "
          "coast is settled, according to Pieter van Dam, an economist at the African Corridors "
          "Fund."),
    ("sh", "Lamu and the LAPSSET corridor"),
    ("p", "Kenya’s answer is Lamu, the anchor of the Lamu Port–South Sudan–Ethiopia Transport "
          "(LAPSSET) corridor. The port was designed with 32 berths; three were completed in "
          "2021 by a Chinese contractor at a cost of about $367 million. Lamu handled about "
          "11,000 TEU in 2023 and 26,000 TEU in 2025, a fraction of the 1.9 million TEU that "
          "passed through Mombasa in 2025.[[Kenya Ports Authority, “Annual Review and Bulletin "
          "of Statistics 2025” (Mombasa: KPA, 2026), https://example.org/kpa/annual-review-2025.]]"),
    ("p", "The weakness of Lamu is not the port but the land behind it. The road north to the "
          "Ethiopian border at Moyale is only partly paved, the planned railway has not been "
          "started, and Addis Ababa lies about 1,600 kilometres away. Grace Wanjiru Kamau, head "
          "of corridor planning at the Kenya Ports Authority, told the author that Lamu would "
          "become competitive for Ethiopian cargo “when the road is finished and not one day "
          "before.” Kenya’s fiscal position makes an early finish unlikely.[[Author interview "
          "with Grace Wanjiru Kamau, Mombasa, 22 April 2026.]]"),
    ("p", "South Sudan, the corridor’s third intended user, has its own reasons for interest. "
          "It exports almost all of its oil through a pipeline to Port Sudan, and the war in "
          "Sudan ruptured that pipeline twice in 2024, cutting the government’s revenue by more "
          "than half for several months. A 2,000-kilometre pipeline from the South Sudanese "
          "oilfields to Lamu, first proposed in 2012, has been revived in talks between Nairobi "
          "and Juba, with an estimated cost of about $3.2 billion. No financier has yet "
          "committed to it, and without it the northern arm of the corridor has little traffic "
          "to justify the road.[[Republic of South Sudan, Ministry of Petroleum, “Crude Export "
          "Routes: Options Paper” (Juba: Ministry of Petroleum, September 2025), "
          "https://example.org/ssd/crude-export-routes.]]"),
    ("sh", "Assab, Port Sudan and the ports that are not options"),
    ("p", "Assab is the closest port to the Ethiopian highlands, about 70 kilometres from the "
          "border, and before 1998 it handled most of Ethiopia’s trade. The 2018 peace agreement "
          "between Ethiopia and Eritrea briefly raised hopes that it would reopen to Ethiopian "
          "cargo, but no trade has flowed and relations have deteriorated sharply since 2023. "
          "Port Sudan, which handled a small share of Ethiopian trade through Metema, has been "
          "cut off by the war in Sudan; its throughput fell by about 40 percent in 2023 and the "
          "western corridor to it is closed.[[United Nations Conference on Trade and "
          "Development, “Review of Maritime Transport 2025” (Geneva: UNCTAD, October 2025), 88, "
          "https://example.org/unctad/rmt-2025.]]"),
    ("p", "Neither port is a realistic alternative in the next five years. Their significance "
          "lies elsewhere: they remind Ethiopian planners that geography alone does not make a "
          "gateway, and that a port is only as reliable as the relationship with the state "
          "that holds it."),

    ("h", "Who pays: Gulf capital and Chinese loans"),
    ("p", "The port race on the Horn has been financed largely from outside Africa. Two groups "
          "of investors dominate, and they bring different kinds of money with different "
          "conditions attached."),
    ("p", "Gulf investors, above all from the United Arab Emirates, have taken the equity "
          "route. They build and operate terminals under long concessions, bring shipping "
          "lines with them and expect a commercial return. Besides Berbera, Emirati and Saudi "
          "firms hold or have sought stakes in ports at Bosaso, Assab (where the UAE operated a "
          "military base until 2021) and Port Sudan. Gulf Harbour Holdings alone has "
          "committed about $1.1 billion to Horn of Africa ports since 2016.[[Institute for Red "
          "Sea and Corridor Studies, “IRCS Port Investment Tracker,” version 2.1, July 2026, "
          "https://example.org/ircs/port-investment-tracker.]]"),
    ("p", "Chinese finance has taken the debt route. Chinese state banks lent about 70 percent "
          "of the cost of the Addis Ababa–Djibouti railway and financed much of the Doraleh "
          "Multipurpose Port, which opened in 2017, and a Chinese state company holds a 23.5 "
          "percent stake in the Port Authority of Djibouti’s holding company. Liu Wenbo, "
          "vice-president of China Coastal Port Investment Group, describes Djibouti as “the "
          "first link in a chain that reaches Addis Ababa,” and Chinese investors have so far "
          "shown little interest in financing the alternatives to it.[[Ibid.]]"),
    ("p", "The debt route has left both countries exposed. Djibouti’s public debt reached "
          "about 70 percent of GDP in 2025, much of it owed to Chinese lenders, and Ethiopia "
          "has been restructuring its external debt since defaulting on a Eurobond payment in "
          "December 2023. Railway loan repayments were rescheduled in 2019 and again in 2024, "
          "and the line’s revenue of about $110 million in 2025 does not cover its debt "
          "service.[[International Monetary Fund, “Djibouti: 2025 Article IV Consultation,” "
          "IMF Country Report No. 25/212 (Washington, DC: IMF, July 2025), "
          "https://example.org/imf/djibouti-2025.]]"),
    ("p", "Pieter van Dam, of the African Corridors Fund, argues that the mix of money shapes "
          "the outcome: “Equity investors want volume, so they compete for Ethiopian cargo. "
          "Lenders want repayment, so they defend the existing route.” Western and multilateral "
          "financiers have played a smaller role. The World Bank has financed road upgrades on "
          "the Djibouti and Berbera corridors, and the African Development Bank has committed "
          "$260 million to the Modjo dry port and border posts, but neither has taken a stake "
          "in a port.[[Author interview with Pieter van Dam, Nairobi, 20 May 2026.]]"),

    ("h", "Security, sovereignty and the Red Sea"),
    ("p", "Ports on the Horn of Africa are not only commercial assets. Djibouti hosts military "
          "bases of the United States, France, Japan, Italy and China, and the southern Red Sea "
          "has become one of the most militarised waterways in the world. The port race "
          "therefore carries two distinct security risks."),
    ("p", "The first is the risk of a territorial dispute. Any arrangement that gives Ethiopia "
          "sovereign or quasi-sovereign control of a stretch of coast, whether in Somaliland or "
          "Eritrea, would be resisted by the state that claims it. The January 2024 memorandum "
          "with Somaliland showed how quickly such a dispute can draw in others: Egypt and "
          "Eritrea moved closer to Somalia within weeks, and Egypt offered troops for the "
          "African Union mission there. The second is the risk of militarisation. Ethiopia "
          "re-established a navy in 2019, based for now on Lake Tana and at facilities lent by "
          "Djibouti, and has spoken of a naval base on the coast. A navy without a coast is a "
          "statement of intent, and it is read as one in Asmara, Mogadishu and Cairo.[[Samuel "
          "Ochieng Otieno, “Naval Ambitions and Regional Order in the Horn of Africa,” IGAD "
          "Security Sector Programme Working Paper 12, November 2025, "
          "https://example.org/igad/ssp-wp12.]]"),
    ("p", "Eritrea is the state most directly threatened by talk of a historical right to the "
          "coast, since Assab was Ethiopian territory until 1993. The Eritrean government has "
          "mobilised reservists on several occasions since 2023 and has deepened its ties with "
          "Egypt, which is itself in a long dispute with Ethiopia over the Grand Ethiopian "
          "Renaissance Dam on the Blue Nile. Analysts in the region worry less about a "
          "deliberate war over a port than about a miscalculation along the border, where "
          "troops have faced each other with few channels of communication since the end of "
          "the war in Tigray in November 2022."),
    ("p", "The Red Sea crisis of 2024 added a third, external layer of risk. Attacks on merchant "
          "ships by forces in Yemen cut traffic through the Bab el-Mandeb strait and the Suez "
          "Canal by about half for most of that year. Djibouti’s transhipment business fell by "
          "about 25 percent in 2024 before recovering in 2025, and Berbera, further east on the "
          "Gulf of Aden, gained cargo from lines avoiding the strait.[[UNCTAD, “Review of "
          "Maritime Transport 2025,” 91.]] Captain Idris Bogoreh, harbour master at Doraleh, "
          "noted that ships avoiding the strait “still need somewhere to unload for Ethiopia, "
          "and that somewhere can be on either side of the Horn.”"),
    ("p", "Security risk also raises the cost of diversification. Insurance premiums for cargo "
          "moving through Somaliland rose by about 0.4 percentage points after the January 2024 "
          "memorandum, and shipping lines serving Berbera now add a war-risk surcharge of about "
          "$150 per container.[[Commentary: war-risk surcharges are set by individual carriers "
          "and change frequently; the figure is an average of quotes collected by the author "
          "from three lines in June 2026.]] Every statement about sovereignty therefore has a "
          "price that Ethiopian importers pay."),

    ("h", "Regional institutions and the Ports Compact"),
    ("p", "The Horn of Africa has institutions that could manage the port race, but none has yet "
          "tried. The Intergovernmental Authority on Development (IGAD), which includes "
          "Ethiopia, Djibouti, Somalia, Kenya, Sudan, South Sudan and Uganda, has a transport "
          "master plan but no mechanism for allocating corridor investment or settling disputes "
          "over port access. Eritrea has not taken part in IGAD meetings for most of the past "
          "two decades. The AfCFTA, which all the Horn states except Eritrea have signed, "
          "promises lower tariffs but says little about transit rights.[[Intergovernmental "
          "Authority on Development, “IGAD Regional Infrastructure Master Plan, 2020–2040” "
          "(Djibouti: IGAD, 2020), https://example.org/igad/infrastructure-master-plan.]]"),
    ("p", "There is a precedent close at hand. On the Northern Corridor, which links Mombasa "
          "to Uganda, Rwanda and the eastern Democratic Republic of the Congo, a transit "
          "charter agreed by the member states in 2007 introduced shared performance targets, "
          "single customs bonds and monthly published data. Average cargo dwell time at "
          "Mombasa fell from about 7 days in 2012 to about 3.5 days in 2024, and the cost of "
          "moving a container from Mombasa to Kampala fell by roughly a third over the same "
          "period. The lesson is that landlocked states gain most when the rules of transit "
          "are written down, monitored and shared, rather than negotiated afresh in every "
          "crisis.[[Northern Corridor Transit Monitoring Unit, “Northern Corridor Performance "
          "Dashboard, 2012–2024” (Mombasa, 2025), https://example.org/nctm/dashboard-2024.]]"),
    ("p", "The most promising idea is a Horn of Africa Ports Compact (HAPC), first proposed by "
          "the African Corridors Fund in 2025 and discussed at an IGAD ministerial meeting in "
          "Nairobi in March 2026. The HAPC would commit its members to four principles: "
          "non-discriminatory access for landlocked states at published tariffs; guaranteed "
          "transit for cargo in times of conflict; joint planning of corridor investment; and "
          "arbitration of disputes by a panel drawn from outside the region.[[African "
          "Corridors Fund, “A Horn of Africa Ports Compact: Draft Principles,” ACF Discussion "
          "Paper 4, October 2025, https://example.org/acf/ports-compact-draft.]] Samuel Ochieng "
          "Otieno, transport adviser at IGAD, has called the HAPC “the cheapest insurance policy "
          "the region will ever be offered.”"),
    ("p", "The compact faces obvious obstacles. Djibouti sees little gain in a regime that would "
          "make it easier for its largest customer to leave; Somalia will not sign anything "
          "that treats Somaliland as a party; and Eritrea is unlikely to join at all. Yet the "
          "HAPC does not require unanimity to be useful. A compact signed by Ethiopia, Djibouti "
          "and Kenya alone would cover the routes that carry more than 95 percent of Ethiopian "
          "trade today, and it would give Berbera a framework to join later through a "
          "commercial rather than a political agreement."),
    ("p", "Outside powers could help. The European Union and the Gulf states both have an "
          "interest in a stable southern Red Sea, and both fund IGAD. A pooled corridor fund of "
          "about $2 billion over ten years, the figure suggested in the African Corridors Fund’s "
          "draft, would be small beside the sums already spent on individual ports.[[Commentary: "
          "the $2 billion estimate covers border posts, dry ports and the missing road sections "
          "on the Berbera and Lamu corridors; it excludes the LAPSSET railway, whose cost "
          "Kenyan planners put at more than $5 billion.]]"),

    ("h", "Conclusion and recommendations"),
    ("p", "Ethiopia’s dependence on Djibouti is real, costly and risky, and the country is right "
          "to seek a second gateway. But the port race of the past eight years has shown that "
          "the quickest route to the sea runs through contracts, not claims. Berbera grew "
          "fastest while its status was left aside and stalled when it became a question of "
          "recognition; Lamu waits on a road, not on a treaty; and Assab and Port Sudan show "
          "what happens when politics closes a port that geography opened. The governments of "
          "the Horn, and the investors and donors behind them, should act on six "
          "recommendations:"),
    ("n", "1. Ethiopia should separate port access from sovereignty, seeking long-term, "
          "commercially priced access agreements with Djibouti, Somaliland and Kenya rather "
          "than title to any stretch of coast."),
    ("n", "2. Ethiopia and Djibouti should agree a corridor performance contract that sets a "
          "target of cutting average cargo release time from 38 days to 15 days by 2029, with "
          "published monthly data."),
    ("n", "3. The Addis Ababa–Djibouti railway should be given priority on the Ethiopian power "
          "grid and 1,200 additional wagons, so that it carries at least 5 million tonnes a year "
          "by 2030."),
    ("n", "4. IGAD members should adopt the Horn of Africa Ports Compact, starting with "
          "Ethiopia, Djibouti and Kenya, and leave the door open to others."),
    ("n", "5. The European Union, the Gulf states and the African Development Bank should "
          "establish a pooled corridor fund of about $2 billion over ten years for border "
          "posts, dry ports and the missing road links to Berbera and Lamu."),
    ("n", "6. All governments in the region should refrain from establishing new naval bases "
          "on the coast of the Gulf of Aden and the Red Sea while the compact is negotiated."),
    ("p", "None of these steps is easy, but each is cheaper than the alternative. A Horn of "
          "Africa in which ports are bargaining chips in disputes over recognition and "
          "coastline will be poorer and more dangerous for all of its states, and least "
          "of all will it give Ethiopia the reliable access to the sea that it seeks."),
]

# --- layout --------------------------------------------------------------------------------
W, H = LETTER
LM = RM = 1.05 * inch
TOP = 1.0 * inch
BOTTOM = 0.95 * inch
FIRST_BOTTOM = 1.75 * inch   # page 1 keeps room at its foot for the author note
SERIF = "Times-Roman"
NAVY = colors.HexColor("#23395B")

body = ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                      spaceAfter=6, firstLineIndent=14)
h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=10,
                    spaceAfter=5, keepWithNext=1, textColor=NAVY)
h2 = ParagraphStyle("h2", fontName="Times-BoldItalic", fontSize=11, leading=14, spaceBefore=5,
                    spaceAfter=3, keepWithNext=1)
title = ParagraphStyle("title", fontName="Times-Bold", fontSize=19, leading=24, spaceAfter=10)
byline = ParagraphStyle("byline", fontName="Times-Roman", fontSize=12, leading=15, spaceAfter=1)
affil = ParagraphStyle("affil", fontName="Times-Italic", fontSize=10.5, leading=13,
                       spaceAfter=12)
abstract_h = ParagraphStyle("abstract_h", fontName="Helvetica-Bold", fontSize=9.5, leading=12,
                            spaceAfter=2, leftIndent=24)
abstract = ParagraphStyle("abstract", fontName="Times-Italic", fontSize=9.5, leading=12.5,
                          leftIndent=24, rightIndent=24, spaceAfter=12, alignment=TA_JUSTIFY)
numbered = ParagraphStyle("numbered", parent=body, firstLineIndent=-14, leftIndent=28,
                          spaceAfter=4)
note = ParagraphStyle("note", fontName=SERIF, fontSize=9, leading=11.5, leftIndent=16,
                      firstLineIndent=-16, spaceAfter=3)
author_note = ParagraphStyle("author_note", fontName=SERIF, fontSize=8, leading=10)

NOTE_RE = re.compile(r"\[\[(.+?)\]\]", re.S)


def number_notes() -> tuple[list[tuple[str, str]], list[str]]:
    """Replace each [[note]] by a superscript number; return the body and the notes in order."""
    notes: list[str] = []

    def mark(m: re.Match[str]) -> str:
        notes.append(m.group(1))
        return f"<super>{len(notes)}</super>"

    return [(k, NOTE_RE.sub(mark, v)) for k, v in BODY], notes


def header(canvas, doc) -> None:  # reportlab page callback
    """Running header on every page: journal and issue on the left, page number on the right."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.setFillColor(NAVY)
    canvas.drawString(LM, H - 0.62 * inch, f"Horn & Gulf Policy Review · {ISSUE}")
    canvas.drawRightString(W - RM, H - 0.62 * inch, str(doc.page))
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(0.5)
    canvas.line(LM, H - 0.7 * inch, W - RM, H - 0.7 * inch)
    canvas.restoreState()


def author_note_foot(canvas, doc) -> None:  # reportlab page callback
    """The author note under a short rule at the foot of page 1.

    Drawn when the page ends, so that the text layer gives it after the page's body text.
    """
    p = Paragraph(AUTHOR_NOTE, author_note)
    _, h = p.wrap(W - LM - RM, H)
    y = BOTTOM - 0.1 * inch
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.line(LM, y + h + 6, LM + 1.6 * inch, y + h + 6)
    canvas.restoreState()
    p.drawOn(canvas, LM, y)


def story() -> list:
    body_items, notes = number_notes()
    s: list = [Paragraph(TITLE, title), Paragraph(f"{AUTHOR}<super>*</super>", byline),
               Paragraph(AFFILIATION, affil), Paragraph("Abstract", abstract_h),
               Paragraph(ABSTRACT, abstract)]
    for kind, text in body_items:
        style = {"h": h1, "sh": h2, "p": body, "n": numbered}[kind]
        s.append(Paragraph(text, style))
    s.append(Paragraph("Notes", h1))
    for i, text in enumerate(notes, 1):
        s.append(Paragraph(f"{i}. {text}", note))
    return s


def build() -> None:
    rl_config.invariant = 1  # no creation date or random ID: the same text gives the same bytes
    doc = BaseDocTemplate(str(OUT), pagesize=LETTER, title=PLAIN_TITLE, author=AUTHOR,
                          subject=f"Horn & Gulf Policy Review, {ISSUE}")
    first = Frame(LM, FIRST_BOTTOM, W - LM - RM, H - TOP - FIRST_BOTTOM, id="first",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(LM, BOTTOM, W - LM - RM, H - TOP - BOTTOM, id="later",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="first", frames=[first], onPage=header,
                                       onPageEnd=author_note_foot, autoNextPageTemplate="later"),
                          PageTemplate(id="later", frames=[later], onPage=header)])
    doc.build(story())
    n_notes = len(number_notes()[1])
    print(f"{OUT} — {doc.page} pages, {n_notes} endnotes")


if __name__ == "__main__":
    build()
