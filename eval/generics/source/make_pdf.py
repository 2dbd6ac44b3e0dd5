"""Regenerate eval/generics/corpus/bhattacharya-pills-powders-politics-generic-medicines.pdf.

An invented, dev-only policy-journal article with superscript endnote markers and a "Notes"
section at the end. Needs reportlab in a throwaway venv (not a project dependency):

    python3 -m venv /tmp/pdfvenv10 && /tmp/pdfvenv10/bin/pip install reportlab
    /tmp/pdfvenv10/bin/python eval/generics/source/make_pdf.py

Notes are written inline in the paragraph text as ``[[note text]]``; they are numbered in order
of appearance, replaced by a superscript marker, and listed under "Notes" after the conclusion.
"""

import re
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (BaseDocTemplate, Frame, KeepTogether, PageTemplate, Paragraph,
                                Table, TableStyle)

OUT = Path(__file__).resolve().parents[1] / "corpus" / (
    "bhattacharya-pills-powders-politics-generic-medicines.pdf"
)

TITLE = "Pills, Powders and Politics:<br/>Securing Europe’s Generic Medicines from India"
PLAIN_TITLE = "Pills, Powders and Politics: Securing Europe’s Generic Medicines from India"
AUTHOR = "Meera Bhattacharya"
AFFILIATION = "Rotterdam Institute for Medicines Policy, Erasmus Quarter, Rotterdam"
AUTHOR_NOTE = (
    "Meera Bhattacharya is a senior fellow at the Rotterdam Institute for Medicines Policy "
    "(RIMP), where she leads the programme on pharmaceutical trade. She previously worked for "
    "eleven years as a regulatory affairs manager for generic manufacturers in Mumbai and "
    "Dublin. Correspondence: m.bhattacharya@example.org. The author thanks the 27 officials, "
    "pharmacists and industry executives interviewed for this article between February and "
    "June 2026."
)
JOURNAL = "Journal of Health Security Policy"
ISSUE = "Vol. 9, No. 3 (Autumn 2026): 41–62"
HEADER_LEFT = "Journal of Health Security Policy · Vol. 9, No. 3"
HEADER_RIGHT = "Bhattacharya · Pills, Powders and Politics"

ABSTRACT = (
    "Europe’s hospitals and pharmacies depend on India for about a quarter of the generic "
    "medicines they dispense, and India in turn depends on China for most of the chemical "
    "ingredients from which those medicines are made. The shortages of 2022 to 2025, when "
    "European health systems ran short of antibiotics, painkillers and cancer drugs, exposed "
    "the weakness of that chain. This article traces the dependency, reviews the responses of "
    "Brussels and New Delhi, weighs four options for European policy and argues that a "
    "partnership with India, not a return of production to Europe, offers the most reliable "
    "path to secure supply. It closes with six recommendations."
)
KEYWORDS = ("Keywords: generic medicines; pharmaceutical supply chains; India; European Union; "
            "medicine shortages; active pharmaceutical ingredients")

SHORTAGE_STUDY = ("European Shortages Monitoring Consortium, “Medicine Shortages in Europe, "
                  "2022–2025: Annual Review” (Brussels: ESMC, April 2026)")
KALANTRI = ("Rajiv Kalantri, “Made in India, Made for the World: The Generic Industry at a "
            "Crossroads” (New Delhi: Indian Generic Manufacturers’ Forum, January 2026)")

BODY: list[tuple[str, object]] = [
    ("h", "1. Introduction"),
    ("p", "In the winter of 2022, parents across Europe went from pharmacy to pharmacy looking "
          "for children’s antibiotics. Amoxicillin syrup had vanished from shelves in Berlin, "
          "Paris and Warsaw, and hospital pharmacists in Stockholm were splitting adult tablets "
          "to treat children. The crisis eased by the spring, but it was not an isolated event. "
          "Between 2022 and 2025, European health systems reported shortages of more than 300 "
          "generic medicines, from antibiotics and painkillers to the old, cheap chemotherapy "
          "drugs on which cancer treatment still depends.[[" + SHORTAGE_STUDY + ", 4, "
          "https://example.org/esmc/annual-review-2026.]]"),
    ("p", "Most of these medicines are not made in Europe. About 24 percent of the generic "
          "medicines dispensed in the European Union by volume are now manufactured in India, "
          "up from 15 percent in 2015, and a further 9 percent come from China.[[Helena Costa "
          "and Jan Vermeulen, “Where Europe’s Medicines Come From: A Volume-Based Mapping,” "
          "Lisbon Centre for Health Economics Working Paper 31 (Lisbon: LCHE, 2025), 9, "
          "https://example.org/lche/wp31.]] The dependency runs deeper than those figures "
          "suggest, because the factories in Hyderabad, Ahmedabad and Baddi that produce the "
          "finished tablets buy most of their chemical inputs from China. A European patient "
          "taking an Indian-made antibiotic is, in most cases, swallowing a Chinese molecule."),
    ("p", "Policy makers in Brussels have responded with a flurry of proposals: lists of "
          "critical medicines, stockpiles, subsidies for European factories and talk of "
          "“strategic autonomy” in health. This article argues that the most important of these "
          "ideas, bringing production back to Europe, is the least likely to work, and that "
          "the European Union should instead build a supply partnership with India that "
          "reduces both countries’ exposure to China. The argument rests on evidence from "
          "trade data, shortage records and interviews with 27 officials, pharmacists and "
          "executives in Brussels, New Delhi, Hyderabad and five EU member states."),
    ("p", "The question matters beyond health. Medicines have joined semiconductors and "
          "batteries on the list of goods that European leaders describe as strategic, and "
          "the way the EU handles its dependence on India will shape its wider relationship "
          "with the world’s most populous country. A partnership that works for medicines "
          "could become a model for other supply chains; one that fails, or is never "
          "attempted, would confirm the suspicion in New Delhi that Europe talks of "
          "partnership while practising protection."),
    ("p", "The article proceeds as follows. Section 2 describes the anatomy of the supply "
          "chain. Section 3 reviews the shortages of 2022 to 2025. Section 4 examines the "
          "policy responses of the EU and of India, and Section 5 the regulatory question of "
          "quality. Section 6 sets out four options for Europe, Section 7 weighs their costs, "
          "and Section 8 concludes with recommendations."),

    ("h", "2. The anatomy of a dependency"),
    ("p", "Generic medicines are copies of drugs whose patents have expired. They account for "
          "about 70 percent of the prescriptions dispensed in the EU but only 29 percent of "
          "pharmaceutical spending, and their makers compete almost entirely on price.[[Costa "
          "and Vermeulen, “Where Europe’s Medicines Come From,” 4.]] Europe came to depend on "
          "Asian production for three reasons. First, tendering by health insurers and hospital "
          "buyers rewarded the lowest price and nothing else, so that a few cents per pack "
          "decided which factory supplied a whole country. Second, environmental and labour "
          "costs made the chemical synthesis of ingredients far cheaper in India and China than "
          "in Italy or Spain, which had been Europe’s main producers in the 1990s. Third, "
          "European regulators accepted inspections and certificates from abroad, which made "
          "it straightforward for a manufacturer in Gujarat to sell into Germany."),
    ("p", "The effect of these forces on prices was dramatic. The average price paid by German "
          "health insurers for a pack of 20 amoxicillin tablets fell from €4.10 in 2010 to "
          "€1.35 in 2021, and the number of companies supplying the German market with that "
          "antibiotic fell from eleven to four over the same period.[[Federal Association of "
          "Statutory Health Insurers, “Arzneimittel-Rabattverträge: Preisentwicklung "
          "2010–2021” (Berlin, 2022), https://example.org/gkv/rabatt-2022. The figures are for "
          "the 1,000-milligram strength.]] Prices for generic medicines in Europe are among the "
          "lowest in the developed world: the same pack costs about three times as much in the "
          "United States. A market that paid so little could not sustain many suppliers, and "
          "one by one the European producers closed or sold their plants."),
    ("p", "By 2020, the last large European plant making penicillin ingredients, in Kundl in "
          "Austria, was one of only a handful outside Asia. Its owner has kept it open with "
          "help from the Austrian government, which contributed €50 million in 2020 in return "
          "for a commitment to keep production in Europe for at least ten years.[[Austrian "
          "Federal Ministry for Digital and Economic Affairs, press release, 27 July 2020, "
          "https://example.org/at-bmdw/kundl. The author was unable to confirm whether the "
          "commitment covers the plant’s full output or only part of it.]] Such deals are "
          "rare, and they illustrate how much public money it takes to keep even one plant "
          "alive."),
    ("sh", "2.1 Finished medicines from India"),
    ("p", "India is the world’s largest supplier of generic medicines by volume. Its "
          "pharmaceutical exports reached $28.4 billion in the 2024–25 financial year, of which "
          "$10.5 billion went to the United States and $5.8 billion to the European Union, up "
          "from $3.9 billion to the EU in 2020–21.[[Government of India, Department of "
          "Commerce, “Export Statistics: Drugs and Pharmaceuticals, 2024–25” (New Delhi, May "
          "2025), https://example.org/india-commerce/pharma-exports-2025.]] About 620 Indian "
          "manufacturing sites hold certificates of good manufacturing practice (GMP) issued "
          "by European authorities, compared with 190 sites in China."),
    ("p", "Sunil Raghavan, managing director of Vasundhara Pharma, a Hyderabad manufacturer "
          "that supplies hospital antibiotics to eleven EU countries, describes the European "
          "market as “high in paperwork and low in margin”. His company earns about 6 percent "
          "on its European sales, against 14 percent on sales in the United States.[[Author "
          "interview with Sunil Raghavan, Hyderabad, 12 March 2026.]] Several Indian "
          "executives told the author that they keep European contracts for the prestige of "
          "an EU certificate rather than for profit."),
    ("p", "The industry is concentrated in a few states. Gujarat, Maharashtra, Telangana and "
          "Himachal Pradesh together account for about 70 percent of India’s pharmaceutical "
          "exports, and the ten largest Indian exporters supply about 45 percent of the "
          "volume sold to Europe. Much of the rest comes from mid-sized firms that make one or "
          "two products in large volumes. When one of these firms stumbles, the effect on "
          "European shelves can be immediate, because a single Indian plant may be the only "
          "approved source of a medicine for several EU countries at once."),
    ("sh", "2.2 Ingredients from China"),
    ("p", "The finished tablet is only the last step. Each medicine contains an active "
          "pharmaceutical ingredient (API), the chemical that does the therapeutic work, which "
          "is itself made from key starting materials and intermediates. India imports about "
          "68 percent of its APIs and intermediates by value from China, and for some "
          "antibiotics, including amoxicillin and several cephalosporins, the share is above "
          "90 percent.[[" + KALANTRI + ", 17, https://example.org/igmf/made-in-india.]] For "
          "the EU’s own API imports, the pattern is similar: 41 percent by volume come from "
          "China and 19 percent from India."),
    ("p", "Rajiv Kalantri, secretary-general of the Indian Generic Manufacturers’ Forum "
          "(IGMF), calls this “a two-storey house with the ground floor in someone else’s "
          "garden”.[[Ibid., 3.]] The IGMF estimates that if Chinese supplies of the 40 most "
          "important starting materials stopped for three months, Indian output of finished "
          "antibiotics would fall by about half. Chinese export controls are not hypothetical: "
          "in 2020, during the first weeks of the pandemic, Beijing’s lockdowns of chemical "
          "parks in Hubei cut Indian supplies of paracetamol ingredients, and New Delhi "
          "briefly restricted exports of 26 APIs and the medicines made from them.[[The "
          "restriction lasted from 3 March to 6 April 2020 for most products. It is often "
          "cited in Brussels as evidence that India is an unreliable supplier; the author’s "
          "view is that it shows the opposite, since it was lifted within five weeks under "
          "pressure from importing countries.]]"),

    ("p", "Europe’s own chemical industry has not disappeared entirely. Italy and Spain still "
          "host several dozen API plants, most of them making complex or low-volume "
          "ingredients that command higher prices, and a handful of companies in Germany and "
          "France make sterile injectables for hospitals. What has gone is the capacity to "
          "make high-volume, low-margin ingredients for the commonest medicines: the "
          "antibiotics, painkillers and heart drugs that fill most prescriptions. Rebuilding "
          "that capacity means competing with Chinese plants that produce thousands of tonnes "
          "a year and can spread their fixed costs across the whole world market."),
    ("h", "3. Europe’s shortages, 2022–2025"),
    ("p", "Shortages are hard to count because each country defines them differently. The "
          "European Shortages Monitoring Consortium (ESMC), a network of national agencies and "
          "hospital pharmacists, harmonised national records for the first time in 2026. Its "
          "figures, summarised in Table 1, show that reported shortages of generic medicines "
          "rose in every large member state between 2022 and 2024 and fell only slightly in "
          "2025.[[ESMC, “Medicine Shortages in Europe,” 11–14.]]"),
    ("table", None),
    ("p", "Germany recorded the most shortages in every year, but the steepest rise was in "
          "Poland, where reported shortages more than doubled from 118 in 2022 to 264 in "
          "2024. Dr Tomasz Wróbel, chief pharmacist of the University Hospital in Kraków, "
          "recalls weeks in early 2024 when his hospital had no intravenous cefuroxime and "
          "surgeons postponed operations.[[Author interview with Tomasz Wróbel, Kraków, 8 "
          "April 2026.]] In the Netherlands, shortages fell in 2025 after the government "
          "required suppliers to hold larger stocks; in Italy they continued to rise."),
    ("p", "Three groups of medicines accounted for most of the harm. Antibiotics made up 31 "
          "percent of all reported shortages in 2023, and the lack of amoxicillin and "
          "penicillin V forced doctors to prescribe broader-spectrum antibiotics that "
          "encourage resistance. Older cancer medicines were the second group: in the spring "
          "of 2023 hospitals in Belgium, the Netherlands and Germany ran short of cisplatin "
          "and carboplatin after a quality failure at a single Indian plant, and some "
          "oncologists had to choose which patients would be treated first.[[European "
          "Society for Medical Oncology, “Survey on Shortages of Cancer Medicines in Europe, "
          "2023” (Lugano: ESMO, October 2023), https://example.org/esmo/shortage-survey. Of "
          "the 212 oncologists who responded, 64 percent reported delaying treatment.]] "
          "Children’s formulations, the third group, are especially fragile, because syrups "
          "and suspensions earn even less than tablets and are made by fewer companies."),
    ("p", "The burden fell unequally. Smaller member states, whose markets are not worth a "
          "supplier’s trouble, were hit hardest: in the ESMC data, the number of shortages "
          "per million inhabitants was highest in Estonia, Latvia and Slovakia. A hospital "
          "pharmacist in Madrid told the author that her colleagues had learned to phone "
          "counterparts in Lisbon and Rome to borrow medicines, an informal network that "
          "works only as long as the shortage is not Europe-wide.[[Author interview with a "
          "hospital pharmacist, Madrid, 26 May 2026, who asked not to be named.]]"),
    ("p", "The ESMC found that 58 percent of the shortages it recorded in 2024 involved a "
          "medicine made at least partly in India, and 71 percent a medicine whose API came "
          "at least partly from China. Few were caused by export bans or political decisions. "
          "Most followed a quality failure at a single factory, a sudden rise in demand, or a "
          "manufacturer’s decision to stop supplying a market where the price no longer "
          "covered its costs.[[ESMC, “Medicine Shortages in Europe,” 22.]] Katarina Lindholm, head of procurement at the "
          "Swedish Medical Products Agency, puts it bluntly: “We did not lose these medicines "
          "to geopolitics. We lost them to our own tenders.”[[Author interview with Katarina "
          "Lindholm, Uppsala, 21 February 2026.]]"),

    ("h", "4. The responses of Brussels and New Delhi"),
    ("sh", "4.1 The European Union"),
    ("p", "The European Commission’s response has come in three waves. In 2023, the Health "
          "Emergency Preparedness and Response Authority (HERA) and the European Medicines "
          "Agency (EMA) published the first Union list of critical medicines, which in its "
          "2025 edition covers 276 active substances. In 2024 the Commission launched the "
          "Critical Medicines Alliance, a forum of governments, industry and patients. In "
          "March 2026 it proposed the European Medicines Resilience Act (EMRA), which would "
          "let member states pay more than the lowest price for critical medicines produced in "
          "the EU and would fund new European plants through a Medicines Resilience Facility "
          "of €3.2 billion over seven years.[[European Commission, “Proposal for a Regulation "
          "on the Resilience of Supply of Critical Medicines (European Medicines Resilience "
          "Act),” COM(2026) 118, 10 March 2026, https://example.org/ec/emra-proposal.]]"),
    ("p", "Elise Vandenberghe, head of the supply-security unit at HERA, describes the "
          "Resilience Act as “an insurance policy, not an industrial policy”.[[Author "
          "interview with Elise Vandenberghe, Brussels, 4 March 2026.]] Critics in the "
          "European Parliament see it differently. Pieter de Graaf, a Dutch member of the "
          "Parliament’s public health committee, argues that €3.2 billion will fund perhaps "
          "a dozen factories and that “no one has asked who will buy their more expensive "
          "output once the crisis is forgotten”.[[Pieter de Graaf, “Reshoring Is Not a "
          "Strategy,” EU Health Observer, 2 May 2026, https://example.org/eho/de-graaf.]]"),
    ("p", "National governments have moved faster than Brussels. Germany’s 2023 supply law "
          "requires holders of discount contracts for generic medicines to keep six months of "
          "stock and lets insurers pay up to 50 percent more for children’s medicines. France "
          "published a list of 450 essential medicines in 2023 and has since promised to "
          "bring production of 25 of them back to French soil. Spain and Italy have offered "
          "tax credits for API plants, with limited take-up."),
    ("p", "The EU has also tried joint buying. Under the rescEU reserve, HERA has stored "
          "antibiotics and antivirals worth about €580 million in warehouses in six member "
          "states, and in 2024 it ran the first joint procurement of a generic antibiotic for "
          "17 countries. The results were mixed: the tender attracted only two bidders, both "
          "with plants in India, and the price was 22 percent higher than the national "
          "average it replaced.[[HERA, “Lessons from the First Joint Procurement of "
          "Antibiotics” (Brussels: European Commission, February 2025), "
          "https://example.org/hera/joint-procurement-lessons.]] The episode showed that "
          "European coordination cannot create suppliers where none exist; it can only share "
          "out those that do."),
    ("p", "The Resilience Act also faces legal questions. World trade rules allow governments "
          "to favour security of supply, but a rule that pays more only for medicines made in "
          "the EU could be challenged at the WTO by India or other exporters. Commission "
          "lawyers argue that the Act rewards resilience, not origin, because a plant in any "
          "country could in principle qualify if it met the criteria; Indian officials are "
          "not convinced. The Act must still pass the Parliament and the Council, where "
          "member states with large generic industries, such as Slovenia and Hungary, want "
          "more money and those with none want less."),
    ("sh", "4.2 India"),
    ("p", "India’s own response has focused on its dependence on China. In 2020 New Delhi "
          "launched a Production Linked Incentive (PLI) scheme for bulk drugs, with a budget of "
          "INR 8,150 crore (about €900 million), paying manufacturers for every kilogram of "
          "selected starting materials and APIs produced in India.[[Government of India, "
          "Department of Pharmaceuticals, “Production Linked Incentive Scheme for Bulk "
          "Drugs: Progress Report” (New Delhi, September 2025), "
          "https://example.org/india-dop/pli-progress.]] By September 2025 the scheme had "
          "approved 48 projects, of which 31 had started production, and Indian output of "
          "penicillin G, the starting material for amoxicillin, had resumed for the first time "
          "since 2008."),
    ("p", "Alongside the PLI scheme, the government is building three bulk-drug parks, in "
          "Gujarat, Himachal Pradesh and Andhra Pradesh, with shared effluent treatment, "
          "power and testing laboratories. The parks have a combined central budget of "
          "INR 3,000 crore, and the first, at Bharuch in Gujarat, is due to open in 2027. Indian "
          "industry leaders welcome the parks but complain that the incentives are too small "
          "to overcome China’s advantage of scale: the Chinese province of Zhejiang alone "
          "produces more APIs than the whole of India.[[Kalantri, “Made in India,” 21.]]"),
    ("p", "Arvind Menon, a joint secretary in the Department of Pharmaceuticals, told the "
          "author that the PLI scheme had cut India’s dependence on Chinese inputs for the "
          "targeted products from 90 percent to about 70 percent, and that the next stage "
          "would need foreign partners.[[Author interview with Arvind Menon, New Delhi, 17 "
          "March 2026.]] India also tightened its own regulation: since 2023 the Central Drugs "
          "Standard Control Organisation (CDSCO) has carried out risk-based inspections of 905 "
          "plants and suspended or cancelled the licences of 36 percent of them."),
    ("p", "The two sides have begun to talk. In November 2025, EU and Indian officials agreed "
          "the Hyderabad Declaration on Medicines Supply, a non-binding text that commits both "
          "to share shortage data, to align inspections and to “explore joint investment” in "
          "API production.[[“Hyderabad Declaration on Medicines Supply,” joint statement of "
          "the European Commission and the Government of India, 14 November 2025, "
          "https://example.org/hyderabad-declaration.]] The declaration has no budget and no "
          "secretariat, and the free trade negotiations between the EU and India, which might "
          "have given it teeth, remain stalled over other issues."),

    ("h", "5. Quality, trust and inspection"),
    ("p", "European scepticism about Indian supply rests less on geopolitics than on quality. "
          "The USFDA issued 18 warning letters to Indian plants in 2024, against 11 to plants "
          "in China, and European inspectors found critical deficiencies at 9 of the 64 Indian "
          "sites they inspected that year.[[EMA, “Annual Report on GMP Inspections in Third "
          "Countries, 2024” (Amsterdam: EMA, June 2025), 8, "
          "https://example.org/ema/gmp-third-countries-2024.]] The number of EU inspections in "
          "India has fallen from 112 in 2019 to 64 in 2024, largely because inspectors stopped "
          "travelling during the pandemic and the backlog has never been cleared."),
    ("p", "The most serious problems are not in the plants that supply Europe. Deaths "
          "abroad from contaminated cough syrups made by small Indian firms in 2022 and 2023 "
          "did lasting damage to India’s reputation, although none of the firms involved held "
          "an EU certificate. The WHO has since worked with the CDSCO on a programme to "
          "upgrade testing in state-level laboratories. Indian regulators also face a "
          "structural problem: licensing is shared between the central government and the "
          "states, and state inspectors outnumber central ones by about four to one."),
    ("p", "Data integrity is the other recurring concern. Of the 18 USFDA warning letters "
          "to Indian plants in 2024, 11 cited failures to keep complete and accurate "
          "laboratory records, such as deleted test results or analyses repeated until a "
          "batch passed. Such failures do not necessarily mean that a medicine is unsafe, "
          "but they make it impossible for a regulator to know. Indian manufacturers have "
          "invested heavily in electronic record systems since 2019, and the share of "
          "inspections finding data-integrity problems has fallen, but the reputational "
          "damage has been slower to repair.[[Neha Iyer and Marco Bellandi, “Data Integrity "
          "Findings in Indian and Chinese GMP Inspections, 2015–2024,” Pharmaceutical "
          "Regulation Review 22, no. 2 (2025): 88–107, https://example.org/prr/data-integrity.]]"),
    ("p", "Some European buyers now avoid Indian suppliers altogether. Claire Moreau, "
          "president of the French Federation of Hospital Pharmacists, says that after the "
          "2024 recall of a contaminated Indian-made eye ointment, several French hospital "
          "groups wrote tender rules that in practice excluded Indian bids.[[Author interview "
          "with Claire Moreau, Paris, 15 May 2026.]] The author’s view is that this is the "
          "wrong lesson. The recall involved a single plant; the alternative suppliers, "
          "mostly in China, were inspected even less often."),
    ("p", "Mutual recognition offers a way out. The EU already accepts GMP inspections carried "
          "out by the United States, Japan and Switzerland under mutual recognition agreements. "
          "An agreement with India would let EU and Indian inspectors rely on each other’s "
          "findings and concentrate their scarce staff on the riskiest sites. Dr Helena Costa "
          "of the Lisbon Centre for Health Economics estimates that such an agreement could "
          "raise the share of Indian sites inspected each year from 10 percent to about 25 "
          "percent at no extra cost.[[Helena Costa, “Trust but Verify: Mutual Recognition and "
          "Generic Supply,” LCHE Policy Brief 12 (Lisbon: LCHE, 2026), "
          "https://example.org/lche/pb12.]]"),

    ("p", "Trust is also a matter of information. European buyers rarely know which plant "
          "made the ingredient in the tablet they buy, because marketing authorisations list "
          "approved suppliers but not the share each one actually delivers. Several of the "
          "officials interviewed for this article argued that a simple obligation to report "
          "the actual source of each batch to a European database would do more for security "
          "of supply than any subsidy, since it would show regulators in advance where a "
          "single plant’s failure would hit. The industry has resisted such an obligation on "
          "grounds of commercial confidentiality, and the Resilience Act includes only a "
          "weaker duty to report supply-chain risks once a year."),
    ("h", "6. Four options for Europe"),
    ("p", "European governments have four broad options for securing the supply of generic "
          "medicines. They are not mutually exclusive, but they differ greatly in cost, in "
          "speed and in what they assume about India."),
    ("p", "The first option is reshoring: bringing the production of critical APIs and "
          "finished medicines back to Europe with subsidies and guaranteed purchases. This is "
          "the option the Resilience Act favours. It appeals to voters and to the European "
          "chemical industry, but it is slow and expensive. A new API plant takes four to six "
          "years to build and approve, and European production costs for many antibiotic "
          "ingredients are 30 to 40 percent higher than in India.[[The 30 to 40 percent range "
          "is the author’s estimate from cost data supplied by three manufacturers on "
          "condition of anonymity; it excludes the cost of environmental permits, which "
          "varies widely between member states.]]"),
    ("p", "The second option is diversification through partnership, which the author calls "
          "“ally-shoring”. Under it, the EU would co-finance API and intermediate production "
          "in India, in return for supply commitments, shared stock data and joint inspections. "
          "Indian officials have signalled interest, and the PLI scheme already provides a "
          "base on which European money could build."),
    ("p", "The third option is stockpiling. Member states, or the EU through HERA’s rescEU "
          "reserve, would hold strategic stocks of critical medicines, as Germany already "
          "requires of its suppliers. Stockpiles buy time but do not change where medicines "
          "are made, and many generics have a shelf life of only two to three years, so "
          "stocks must be rotated at considerable cost."),
    ("p", "The fourth option is to reform how Europe buys medicines. Tenders could reward "
          "reliability and multiple sources rather than the lowest price alone, and prices of "
          "the cheapest critical generics could be raised to a level at which suppliers no "
          "longer walk away. Katarina Lindholm’s agency in Sweden has piloted tenders that "
          "award up to 40 percent of the score for security of supply.[[Swedish Medical "
          "Products Agency, “Pilot Tenders with Supply-Security Criteria: Evaluation” "
          "(Uppsala, December 2025), https://example.org/mpa/pilot-tenders.]] In the first "
          "round, the pilot tenders cost 8 percent more than conventional ones but produced "
          "no shortages in their first eighteen months."),
    ("p", "Each option answers a different question. Reshoring asks where medicines are "
          "made; partnership asks who Europe relies on; stockpiling asks how long Europe can "
          "wait; and procurement reform asks what Europe is willing to pay. A serious policy "
          "needs answers to all four, but the weight it gives each determines its cost, and "
          "that is where the options part company."),

    ("h", "7. Weighing the costs"),
    ("p", "The options differ sharply in cost. Table 2 of the ESMC review, on which this "
          "section draws, and the author’s own calculations suggest the following orders of "
          "magnitude for the EU as a whole over ten years.[[ESMC, “Medicine Shortages in "
          "Europe,” 30–33; author’s calculations.]]"),
    ("p", "Reshoring the production of the 50 most critical APIs would cost about €5.5 "
          "billion in investment, plus roughly €900 million a year in higher prices once the "
          "plants are running. A partnership with India covering the same 50 ingredients would "
          "cost about €1.8 billion in co-investment and €250 million a year in price premiums. "
          "Six months of strategic stocks of all 276 substances on the Union list would cost "
          "about €2.1 billion to build and €400 million a year to maintain. Pricing reform "
          "that raised the prices of critical generics by 10 percent would cost about €1.4 "
          "billion a year."),
    ("p", "These figures are rough, but the pattern is clear. Reshoring is the most expensive "
          "option and the slowest to deliver; partnership is the cheapest per ingredient "
          "secured; stockpiling and pricing reform are useful complements that address "
          "different failures. The cost of doing nothing is not zero: the ESMC estimates that "
          "shortages cost European health systems about €3.6 billion in 2024 alone, through "
          "substitution with more expensive medicines, extra staff time and postponed "
          "treatment.[[Ibid., 35.]]"),
    ("p", "There are risks in the partnership route. India could restrict exports again in an "
          "emergency, as it did in 2020; Indian firms could fail to diversify away from "
          "Chinese inputs; and European money could end up subsidising plants that then sell "
          "mainly to the United States. These risks can be managed by contract, through "
          "supply commitments, reserved volumes for Europe and clawback clauses, in a way that "
          "the risks of dependence on China cannot."),
    ("p", "Who pays matters as much as how much. Health budgets are national, and member "
          "states have little incentive to pay more for medicines whose security benefits "
          "their neighbours too. Li Wenhao, a Shanghai-based analyst at the consultancy "
          "Meridian Pharma Insights, notes that China’s API makers have watched European "
          "debates about reshoring for five years “without losing a single customer”.[[Li "
          "Wenhao, “Europe’s Reshoring Talk and China’s API Exports,” Meridian Pharma "
          "Insights Briefing, 9 January 2026, https://example.org/meridian/reshoring-talk.]] "
          "Without money from the EU budget, or a rule that obliges every member state to pay "
          "for supply security, European plans are likely to remain talk."),

    ("h", "8. Conclusion and recommendations"),
    ("p", "Europe’s shortages of generic medicines were made in Europe, by procurement rules "
          "that paid for nothing but a low price. Bringing production home would treat a "
          "symptom at great cost, and it would leave the deeper dependence on Chinese "
          "chemistry untouched for a decade. The better course is to accept that India will "
          "remain Europe’s pharmacy, and to make that relationship deeper, more transparent "
          "and less exposed to China."),
    ("p", "That course has critics in both capitals. In Brussels, some fear that dependence "
          "on India simply replaces one risk with another; in New Delhi, some see European "
          "demands on inspection and transparency as protectionism in disguise. Both "
          "objections have substance, and both can be met by a partnership built on "
          "contracts, shared data and joint inspection rather than on trust alone. Sunil "
          "Raghavan put the Indian side of the bargain simply: “Pay us a fair price and tell "
          "us what you need three years ahead, and we will build it.” The EU and India should "
          "take six steps:"),
    ("n", "1. Turn the Hyderabad Declaration into a binding EU–India Medicines Supply "
          "Partnership with its own secretariat and a joint investment fund of €1.8 billion "
          "over ten years."),
    ("n", "2. Negotiate a mutual recognition agreement on GMP inspections with India by 2028, "
          "and clear the backlog of EU inspections of Indian sites in the meantime."),
    ("n", "3. Co-finance, alongside India’s PLI scheme, the production in India of the 50 most "
          "critical APIs and their starting materials, with supply commitments and reserved "
          "volumes for Europe."),
    ("n", "4. Require all member states to award at least 30 percent of the score in tenders "
          "for critical medicines to security of supply, following the Swedish pilots."),
    ("n", "5. Keep the Resilience Act’s facility, but limit it to the small number of "
          "medicines for which no reliable supplier exists outside China."),
    ("n", "6. Share shortage and stock data between the ESMC, HERA and CDSCO in real time, so "
          "that a failure at one factory is known in Brussels and New Delhi within days."),
    ("p", "None of these steps is cheap or quick. But together they would cost less than a "
          "single year of shortages, and they would give Europe’s patients what the winter of "
          "2022 showed they lacked: confidence that the medicine they need will be on the "
          "shelf.[[For a view more sympathetic to reshoring than this article’s, see de Graaf, "
          "“Reshoring Is Not a Strategy”, whose title misleads: he argues that reshoring "
          "must be part of a wider strategy rather than replace one.]]"),
]

TABLE_CAPTION = ("Table 1. Reported shortages of generic medicines in seven EU member states, "
                 "2022–2025")
TABLE_ROWS = [
    ["Country", "2022", "2023", "2024", "2025"],
    ["Germany", "312", "401", "457", "433"],
    ["France", "264", "338", "371", "352"],
    ["Italy", "189", "231", "276", "291"],
    ["Spain", "142", "177", "203", "188"],
    ["Poland", "118", "196", "264", "241"],
    ["Netherlands", "97", "134", "152", "119"],
    ["Sweden", "76", "102", "128", "117"],
    ["Total", "1,198", "1,579", "1,851", "1,741"],
]
TABLE_SOURCE = ("Source: European Shortages Monitoring Consortium, Medicine Shortages in "
                "Europe, 2022–2025, Table A3. A shortage is counted once per medicine, "
                "strength and country per year.")

# --- layout -------------------------------------------------------------------------------
SERIF = "Times-Roman"
W, H = A4
LM = RM = 2.5 * cm
TOP = 2.5 * cm
BOTTOM = 2.3 * cm
NOTE_ZONE = 3.2 * cm        # page 1 keeps room for the author note at its foot

body = ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14, alignment=TA_JUSTIFY,
                      spaceAfter=6, firstLineIndent=12)
h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=12, leading=16, spaceBefore=10,
                    spaceAfter=5, keepWithNext=1)
h2 = ParagraphStyle("h2", fontName="Helvetica-Oblique", fontSize=10.5, leading=14,
                    spaceBefore=5, spaceAfter=3, keepWithNext=1)
title = ParagraphStyle("title", fontName="Times-Bold", fontSize=20, leading=25, spaceAfter=10)
byline = ParagraphStyle("byline", fontName="Times-Roman", fontSize=12, leading=15, spaceAfter=1)
affil = ParagraphStyle("affil", fontName="Times-Italic", fontSize=10, leading=13, spaceAfter=12)
abstract = ParagraphStyle("abstract", fontName=SERIF, fontSize=9.5, leading=12.5,
                          alignment=TA_JUSTIFY, leftIndent=1 * cm, rightIndent=1 * cm,
                          spaceAfter=5)
numbered = ParagraphStyle("numbered", parent=body, leftIndent=18, firstLineIndent=-14,
                          spaceAfter=5)
caption = ParagraphStyle("caption", fontName="Helvetica-Bold", fontSize=9.5, leading=12,
                         spaceBefore=6, spaceAfter=4)
cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
source = ParagraphStyle("source", fontName="Times-Italic", fontSize=8.5, leading=11,
                        spaceBefore=3, spaceAfter=8)
notestyle = ParagraphStyle("note", fontName=SERIF, fontSize=9, leading=11.5, leftIndent=16,
                           firstLineIndent=-16, spaceAfter=3)
authnote = ParagraphStyle("authnote", fontName=SERIF, fontSize=8, leading=10)

NOTE_RE = re.compile(r"\[\[(.+?)\]\]", re.S)


def number_notes() -> tuple[list[tuple[str, object]], list[str]]:
    """Replace each [[note]] by a superscript marker; return the body and the notes in order."""
    notes: list[str] = []

    def mark(m: re.Match[str]) -> str:
        notes.append(m.group(1))
        return f"<super>{len(notes)}</super>"

    out = [(k, NOTE_RE.sub(mark, v) if isinstance(v, str) else v) for k, v in BODY]
    return out, notes


def header_footer(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(LM, H - 1.5 * cm, HEADER_LEFT)
    canvas.drawRightString(W - RM, H - 1.5 * cm, HEADER_RIGHT)
    canvas.setLineWidth(0.4)
    canvas.line(LM, H - 1.65 * cm, W - RM, H - 1.65 * cm)
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(W / 2, 1.2 * cm, str(40 + doc.page))
    canvas.restoreState()


def first_page(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
    header_footer(canvas, doc)
    note = Paragraph(f"<super>*</super> {AUTHOR_NOTE}", authnote)
    _, h = note.wrap(W - LM - RM, H)
    y = BOTTOM
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.line(LM, y + h + 0.2 * cm, LM + 5 * cm, y + h + 0.2 * cm)
    canvas.restoreState()
    note.drawOn(canvas, LM, y)


class Doc(BaseDocTemplate):
    def __init__(self, filename: str) -> None:
        super().__init__(filename, pagesize=A4, title=PLAIN_TITLE, author=AUTHOR,
                         subject=f"{JOURNAL} {ISSUE}", leftMargin=LM, rightMargin=RM,
                         topMargin=TOP, bottomMargin=BOTTOM)
        first = Frame(LM, BOTTOM + NOTE_ZONE, W - LM - RM, H - TOP - BOTTOM - NOTE_ZONE,
                      id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        rest = Frame(LM, BOTTOM, W - LM - RM, H - TOP - BOTTOM, id="rest", leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="first", frames=[first], onPage=first_page),
                               PageTemplate(id="rest", frames=[rest], onPage=header_footer)])

    def afterPage(self) -> None:
        self.handle_nextPageTemplate("rest")


def story(body_items: list[tuple[str, object]], notes: list[str]) -> list:
    s: list = [Paragraph(TITLE, title), Paragraph(f"{AUTHOR}<super>*</super>", byline),
               Paragraph(AFFILIATION, affil),
               Paragraph(f"<b>Abstract.</b> {ABSTRACT}", abstract),
               Paragraph(f"<i>{KEYWORDS}</i>", abstract)]
    for kind, text in body_items:
        if kind == "h":
            s.append(Paragraph(str(text), h1))
        elif kind == "sh":
            s.append(Paragraph(str(text), h2))
        elif kind == "p":
            s.append(Paragraph(str(text), body))
        elif kind == "n":
            s.append(Paragraph(str(text), numbered))
        elif kind == "table":
            rows = [[Paragraph(c, cell) for c in r] for r in TABLE_ROWS]
            rows[0] = [Paragraph(f"<b>{c}</b>", cell) for c in TABLE_ROWS[0]]
            rows[-1] = [Paragraph(f"<b>{c}</b>", cell) for c in TABLE_ROWS[-1]]
            t = Table(rows, colWidths=[4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm, 2.4 * cm])
            t.setStyle(TableStyle([
                ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black),
            ]))
            s.append(KeepTogether([Paragraph(TABLE_CAPTION, caption), t,
                                   Paragraph(TABLE_SOURCE, source)]))
    s.append(Paragraph("Notes", h1))
    for i, note in enumerate(notes, 1):
        s.append(Paragraph(f"{i}. {note}", notestyle))
    return s


def build() -> None:
    rl_config.invariant = 1  # no creation date or random ID: the same text gives the same bytes
    body_items, notes = number_notes()
    doc = Doc(str(OUT))
    doc.build(story(body_items, notes))
    print(f"{OUT} — {doc.page} pages, {len(notes)} notes")


if __name__ == "__main__":
    build()
