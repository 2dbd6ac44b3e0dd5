"""The briefing composer's knobs and point-count defaults, kept apart so every part of the
composer reads the same settings."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_POINTS = 7
DEFAULT_MIN_POINTS = 3
DEFAULT_TOPIC_MIN = 4  # points a topic briefing aims for when the material allows
DEFAULT_TOPIC_POINTS = 7  # at most, unless asked or an enumeration needs more


@dataclass
class BriefingSettings:
    """The composer's knobs.

    ``min_coverage`` and ``min_absent_similarity`` are fitted by
    :func:`briefing_bot.briefing.calibrate.calibrate_lodo` on the dev data of seven documents,
    each over its own index (``eval/<document>/dev*.jsonl`` questions and
    ``briefs-dev.jsonl`` topics of paper, devdoc, arctic, lithium, mekong, pair and speech:
    327 covered items, 49 uncovered), with a leave-one-document-out report:
    ``min_coverage`` lets at most 3% of the covered items fall below it (0.379; 0.344–0.426
    across the folds; refitted with ``briefing-bot brief-calibrate`` once a topic's words
    counted in their defined abbreviations); ``min_absent_similarity`` is the closeness cut
    between the covered and uncovered briefing topics whose subject words are half or more
    absent from the corpus (0.379; 0.33 in the fold without the speech, whose "funding of
    the strategy" is the one covered topic of that kind). ``absent_share`` (0.5) is a design
    choice: at 0.3 one colloquial word in a three-word topic would decide. The weights and
    counts below are design choices swept on the dev briefing requests of those documents
    together, each change kept when leave-one-document-out chose it; never on a test split.
    The added clauses (``attach_*``) take only the room the points leave: letting them push
    the points' own clauses out, or dropping the point with the fewest new specifics per word
    instead of the least relevant one, lost facts on the dev documents (paper, arctic,
    mekong, pandemic) and was not kept.

    ``absent_coverage`` (0.604; 0.602–0.607 across the folds of thirteen documents) is
    fitted with them: a topic whose absent subject words are half of its subject words is
    still covered when the corpus covers it this well as a whole ("the licensing regime",
    "orbital congestion", "why prices stayed high" on the dev orbit and interview documents:
    refused before, every uncovered dev topic of that kind below 0.55); the closeness cut,
    refitted on what that leaves, comes to 0.351 and is kept at 0.379 (no dev topic between).

    ``min_coverage`` 0.379 -> 0.321, brief-calibrate's fit on the fifteen dev documents (LODO
    folds 0.318–0.343): between the two lie one covered dev briefing topic (cbam "how the
    governments are responding", 0.370: refused at 0.379, let through by every fold's cut), one
    form topic (never refused by it) and no uncovered topic; on the dev questions read as topics
    0.321 refuses 17 of 599 covered (0.379: 29) and lets 93 of 116 uncovered through (78), which
    ``ask`` answers as questions, not briefings. A related subject the corpus never names ("X
    and Y", "how X affects Y": :meth:`~briefing_bot.briefing.absence.Absence.absent_conjunct`)
    refuses like an unknown name: remit's "remittances and inflation in Guatemala" (coverage
    0.82, above every cut) is refused, no covered dev topic is; with it the closeness cut refits
    to 0.351 below absent_coverage 0.604 (it was 0.172 below 0.844).

    ``min_pool``: the candidates include those of the 10 most relevant sentences below
    ``relative_floor`` whose section has one above it (a topic sentence far above the rest
    left its details out), without raising the points wanted. On the leave-one-document-out
    fact groups of the thirteen dev documents, with ``point_weight`` 0.5: 0 (none) 348, 8
    and 10 351 (cables, devdoc and testimony one more each, none fewer), 12 348, 16 348
    (lithium three fewer); with 0.4 every value from 8 to 16 found one to five more and 20
    lost two on the speech: a small gain, within the noise of a refit. Admitting them from
    any section, or raising the points wanted with them, put another subject's sentences
    among a small corpus's points.

    ``relative_floor`` 0.5 -> 0.45 (with the bottom line never a sentence of a question from
    the floor): on the thirteen dev documents' leave-one-document-out fact groups 353 -> 357
    (grid, mekong and pandemic one more each, interview two; speech one fewer), 0.44 355,
    0.46 356, 0.40 347. The facts it admits sit just under the floor when the best sentence
    stands far above the rest (a section heading or the topic's own words in it); admitting
    instead the sentences of the best-matching section, or of the best passages, below the
    floor found 342–349: more candidates the scorer passes over.

    ``point_weight`` is the power of the fitted P(fact) in a candidate's value (P ** 0.5 ×
    relevance share): chosen on the leave-one-document-out fact groups of the dev documents'
    briefing requests — 0.4 on eleven (291 -> 302; 0.3 and 0.5 gave 302 and 301), 0.5 on
    thirteen (345 -> 348, cables, grid and pair one more each, none fewer; 0.3 342, 0.6 348
    but three fewer on lithium, 0.7 346) — as were the
    product itself (P alone, or P blended with relevance, lost up to 4 groups on one
    document) and passing over the sentence a chosen lead-in brings (the scorer valued it
    as a point of its own).

    ``facet_lists``: a topic asking for a facet of its subject ("obstacles to X", "risks of
    X", "why X": :mod:`briefing_bot.briefing.facets`) keeps the list announced as that facet
    ("three obstacles", "three reasons") when any of its sentences is a candidate. On the
    thirteen dev documents' leave-one-document-out fact groups it finds two more (grid
    "obstacles to a regional grid" 1 -> 3 of 3) and loses none; also matching an announced
    noun close in meaning (cosine 0.5: "challenges" took a grid's "three obstacles" for its
    undersea cables, one fewer; 0.6 none more), or any list announced as "things", "points",
    "factors" (two more, two fewer), was measured and not kept. The point on each name a topic
    lists ("in Chile, Argentina and Bolivia") was removed: leaving it out found two more
    groups (it split one name of several words into several), and fixed to split only the
    topic's conjuncts it found as many as without it.

    ``facet_word_power``: a facet request's candidates are valued per word (worth ×
    (``point_words`` / words) ** 1.0), since the word budget binds (dev briefs end at 230–245
    of 250 words) and a facet asks for several distinct items. On the thirteen dev documents'
    leave-one-document-out fact groups 361 -> 368 (facet requests 91 -> 98: paper, lithium,
    pair +1, interview +2, pandemic +4; devdoc, testimony -1), 0.4 363, 0.6 366, 0.8 367, 1.2
    364, 1.5 364, 2.0 357; ``point_words`` 20 364, 30 368. Valuing every request per word lost
    groups (0.2–0.6: 353–354; 1.0: 345): a subject request's facts sit in its long sentences.
    Also measured on the same folds and not kept (the rest of the selection is at a local
    optimum): the drop order under the budget following MMR's order (357) or blended with it
    (360); the bottom line chosen by value (360); a charge for repeating chosen specifics
    (0.1 361, 0.2 355); mean instead of max similarity (353); ``mmr_lambda`` 0.65/0.85
    (355/357); 6 or 8 topic points (354/355); ``min_point_words`` 32–50 (354–360); scorer
    features for first-person remarks, figures, or pool-relative specifics and length
    (350–358); weighting the scorer's rows by their groups (357–361).

    ``max_shared_terms``: two sentences repeat each other when their content words overlap by
    more than this (Jaccard), whatever their vectors say. 0.6 -> 0.4 (with the point scorer's
    19 features): leave-one-document-out fact groups 369 -> 370 (orbit one more, none fewer;
    0.5 370, 0.3 371, 0.2 369; containment of the shorter sentence's words above 0.6–0.8
    369–370): a near-repeat no longer takes a second point of a binding word budget. Also
    measured on those folds and dropped: a listwise point scorer (a conditional logit over
    each request's candidates, Platt-scaled) 350–353, or over each fact group's holders
    363–367 (``point_weight`` 0.7/1.0 366/363); the pointwise one with ``C`` 0.1/0.03
    (365/363); the scorer's features centred on each request's candidates (364); a pool
    taking each relevant section's best 1–3 sentences below the floor (362–364); with the
    scorer on, no ``specific_weight`` (361), no ``vague_penalty`` (365), neither (359),
    ``specific_weight`` 0.15 (368), no ``paragraph_penalty`` (366) — the scorer does not
    stand in for them.

    ``subject_penalty``: a facet topic's subject steers its relevance ("prospects for X's
    exporters"): the passage, section and neighbour lifts are blind to it, and lifted every
    sentence of a section on exporters above X's own paragraph. The subject is the topic's
    names (capitalised words after its first) that occur in at most ``subject_share`` of the
    passages (a name the whole document says is its theme); a sentence without one loses
    this share of its relevance, half of it when its paragraph has one. On the fifteen dev
    documents' leave-one-document-out fact groups (scorer refitted per fold) 419 -> 423 at
    0.3 (arctic, mekong, remit, testimony +1, none fewer); with ``whole_lists`` and
    ``list_own_rank`` on, 0.3/0.5/0.7 427/430/423 (0.5: cbam +2, grid +1 over 0.3; 0.7:
    lithium -3, orbit -1); the final code (``list_own_rank`` off) 427 at 0.5, 417 before.
    Any subject word in at most that share of the passages, not only names, 409 (cables -5,
    lithium -3: "cable landing stations", "brine extraction" are no names); a name steering
    every topic, not only a facet's, 423 (orbit -3, lithium -3, cbam -2, mekong +1).

    ``whole_lists``: a topic asking for a form of material ("the recommendations") whose
    announced list is kept ("recommends four steps:") gets other points only while the list
    and they fit the word budget uncut (``list_reserve`` words kept for the title and
    labels): a background point crowded the fourth step out ("Pa…"). 423 -> 424 (cbam +1,
    none fewer); for every topic with a kept list 416 (lithium -5, arctic, mekong, paper,
    pair -1: a subject topic's facts sit in the points after its list as often as in the
    list's cut items); the list as the only points, every topic, 398 with the subject rule
    above in its first form.

    A list's announcing sentence ranked among a topic's five best only by what the sentence
    before it lent ("There are three reasons why costs remain high" beside the paragraph of a
    topic's figures took three of its five points) counts there by its own words; lent by
    what follows it (its items), or by a question before it that it answers (the paper's
    "But is a … alliance … sustainable?" before its "four critical factors"), it keeps its
    rank. 426 -> 428 (remit +2, none fewer); ranking every anchor by its own words
    (``list_own_rank``, removed), or every one lent by the sentence before it, cost the paper
    that list (``test_an_enumeration_across_paragraphs_is_whole``).
    An announcing sentence chosen without its list is worth what any sentence is (its
    specifics, the lead-in penalty), not its list's bonus: 428 -> 428, none changed.

    ``attach_max`` 2 -> 3 (a point may take the specific clauses of three neighbours, in the
    room the points leave): 432 -> 433 (mekong +1, none fewer), within a refit's noise; 4, or
    3 with ``attach_span`` 3, also 433; ``attach_words`` 32 instead of 24 431 (lithium -1).

    Long documents (two dev documents three times the others' length, numbered sections with
    sub-sections, an abstract or an executive summary): on the seventeen dev documents'
    leave-one-document-out fact groups 487 -> 497 of 632 (the fifteen older ones 430 -> 433;
    quantum 24 -> 28, footnote 33 -> 36, cbam +2, lithium, orbit, pair +1; devdoc, remit -1).
    A whole-document brief of a document with more sections than points, some of them
    sub-sections, leads from its top-level sections (it took the first few of twenty
    sub-sections), and a top-level section made of sub-sections is no opening summary; a
    sentence naming the argument ("This article argues…") in the section after the opening
    competes for the bottom line (the abstract's first sentence had it); "the joint
    statement" is a subject, "statements" the quotes form; a place's adjective ("Southeast
    Asian") is known where the corpus names the place; more roadmap verbs ("Section 2
    traces…", "The argument proceeds in…") make a sentence apparatus.
    ``parent_heading`` (a sub-section's heading scores this share of its enclosing one's,
    when higher) is off: with the changes above 1.0 490, 0.8 496 (pandemic -2), 0.5 497
    (footnote -2, quantum +1 against off), 0 497: a topic named by a sub-section's own heading
    ("3.1 Aviation") lost to the sibling sub-sections of a parent heading that names it
    better ("How jamming and spoofing work"). Also noted, not changed: a six-item
    recommendations list kept whole for a topic one of its items names (footnote's eLoran
    brief: items first and eighth by their own words) spent the word budget the topic's own
    paragraph needed: ``list_items_top`` 8 -> 7, 497 -> 499 (footnote 36 -> 38, none fewer;
    6 also 499).

    ``fill_room``: the room a briefing still leaves once its points, their followers and their
    specific clauses are placed (a briefing of three points asked for ended at 100–160 words)
    goes to each point's relevant paragraph neighbours (``attach_span``, ``attach_floor``),
    whole, the most relevant point first: 499 -> 503 (mekong +2, pair, quantum +1, none fewer).
    Measured with it and not kept (LODO on the seventeen dev documents, scorer refitted per
    fold): the bottom line's neighbours too 503; neighbours up to four sentences away for this
    room alone 503; ``attach_span`` 3 502; ``attach_floor`` 0.4 503; ``min_pool`` 0 501
    (interview, testimony -1); at most 30 or 60 candidates above the floor instead of 40 504 /
    500 (footnote -2); the added clauses ranked by their count of specifics rather than per word
    504 (grid, interview +1, orbit -1) — but 503 with the shorter first among equals: both
    within a refit's noise; a pool whose candidates hold fewer words than the budget widened to
    the 12 most relevant 500 (footnote -2, quantum +2). Before it, on 499: a pool of at least 12
    candidates 495 (footnote -2, quantum +2); ``subject_share`` 0.25 496; no ``subject_penalty``
    495 (cbam -4); a name the document's title holds never the subject 498 (footnote -2);
    ``specific_weight`` 0.5 497; ``parent_heading`` 0.5 497 (footnote -4); ``attach_words`` 18 /
    20 495 / 494; cutting a bare opening conjunction and parenthetical asides that carry nothing
    499 (every document equal: the words saved bought no fact). Refusing a topic whose every
    subject's head word ("schedule", "procurement") the corpus never uses, under the closeness
    and coverage cuts of the absent-words rule, refused the one uncovered dev briefing topic of
    that kind but also seven covered dev questions read as topics ("what's driving the drop in
    silt…"): not kept.

    Getting a topic's facts into its pool, measured on the eighteen dev documents
    (``generics`` added; leave-one-document-out fact groups, scorer refitted per fold: 527 of
    676) and none kept, every variant within a refit's noise (±2) or below it:

    - a pool with fewer than N candidates above the floor takes the 3 or 6 most relevant
      sentences of the section whose heading best matches the topic (with its sub-sections;
      a named heading above its document's median): N 10 527 (footnote, pandemic, quantum +1;
      mekong, pair, testimony -1), N 15 523 (6 sentences) / 528 (3: footnote -3), every pool
      525 (3 sentences); the heading also scored for its closeness in meaning to the facet word
      ("Costs for the partners" for "risks", ×1.0): N 10 526, N 15 523 (as without it); for
      every facet topic whatever its pool, with the facet pool below, ×0, ×0.5 (3 sentences),
      ×1.0 (6): 529, 527, 525;
    - a facet topic's pool taking 3–8 more candidates (above 0.2–0.4 of the best), ranked by
      relevance share plus ×0–3 their closeness to the facet word's vector: 524–529 (4 at 0.3,
      ×1: 529, but its facet requests found 141 against 140: challenges of chip firms and of
      wallet adoption +3, brine-extraction risks and SGMA challenges -2; the rest was the refit);
      on the invented coastal-erosion document it swapped "why the coast is eroding"'s point of
      figures for an unrelated short recommendation (a short sentence valued per word);
    - a facet topic keeping no list but one announced as its facet ("costs of the four options"
      kept the "four broad options" list whole and missed their costs): 522 (cbam, testimony
      -2; generics unchanged: the cost sentences rank below the options' items by relevance);
    - the third-point charge: ``paragraph_free`` 2 524 (lithium -3), ``paragraph_penalty``
      0.04 / 0.12 524 / 520; and, re-swept on the eighteen, ``facet_word_power`` 0.7 / 1.3
      518 / 518, ``point_weight`` 0.6 523, ``specific_weight`` 0.4 526 (generics +2, speech -3);
      a pool never under 7 or 9 candidates (``fill_pool``'s floor, 5) 526 / 527.

    The whole-document brief (nineteen dev documents, ``forge`` added: its 21 requests with no
    topic found 71 of 100 fact groups; these need no refit, the point scorer serves topics
    only). The cause table: of the 29 missed groups, 13 sit in the opening section beyond its
    lead (the thesis's own paragraph, the opening's figures, a second thesis sentence), 12 in a
    long section's later sentences (3 in a transcript's runs), 3 in the conclusion past its
    lead, 1 in a list item; every brief already spends 230–245 of its 250 words, so a fact
    gained displaces another. ``closing_specific`` 0.1: the
    conclusion's lead gains its specifics (grid's "the next test comes in October, when …
    ministers meet" over a dated aside) 71 -> 72 (0.05 72, 0.2 / 0.3 / 1.0 71: paper -1).
    ``opening_lead``: when the brief runs long, the opening's lead (an unheaded opening or a
    one-paragraph abstract: the document's news, "an estimated $X billion …") is the last to
    go after the conclusion's, above any section's lead however long that section: 72 -> 73
    (remit +1; lithium keeps its opening figure for another group, none fewer); keeping the
    opening's lead among the leads when more sections than points compete, or a lead that
    repeats the thesis replaced by its section's next best head, changed nothing (72); a short
    thesis followed by its paragraph's next sentence, re-measured with ``opening_lead``, 73
    (forge +1, footnote -1; weighed last to go, 73, every request equal). brief-calibrate on
    the final code: LODO 553 -> 555 of 717 (grid 32 -> 33, remit 29 -> 30, none fewer); its
    in-sample refit with forge among the dev documents (7e96e17917d2) is not kept: the dev
    eval's briefings lose footnote bfn10 and pair bpr02 for pandemic bpd06 (points.json stays
    0a8ca5309047).
    Measured and not kept: the opening's lead gaining its specifics ×0.1 / 0.3 / 1.0 71 / 70 /
    71 (arctic -1, grid +1); a short thesis (≤ 20 / 30 words) followed by its paragraph's next
    sentence 71 (forge +1, footnote -1; ≤ 100 70); the thesis's paragraph leading as a section
    of its own, just above the opening's lead or before every section 72 / 72 with
    ``closing_specific`` (forge +1, arctic -1; the latter lithium -1, remit +1 too); a lead among a
    section's first 2 / 6 / 10 / all sentences instead of 4: 71 / 70 / 68 / 64; the
    conclusion's lead among its first 6 / 8 71 / 71 (cbam -1); a conclusion lead that says what
    comes next (scheduled, next, due, will, by a year) ×0.1 / 0.3 71 / 70.

    Fact coverage against the word budget (twelfth session, nineteen dev documents; in-sample
    dev eval fact groups of 717, the point scorer as shipped). Of the 157 groups the briefings
    missed, 130 in topic briefings: 85 sit in another paragraph than any point's (71 of all
    the topic misses are among the MMR candidates, most ranked 7th-20th by worth, below the
    six or seven points 250 words hold), 36 in a point's paragraph neighbour, 5 in a point's
    own sentence cut by the trimmer. A quotation is never cut inside (its comma or semicolon
    is the speaker's: "put it plainly: \"We are told …, but we are licensed like a risk.\""
    lost its second half, then all of it): 560 -> 561, LODO 555 -> 556 (quantum +1, none
    fewer). Measured and not kept, before it (on 560): a short topic briefing (30 words or
    more left) taking more whole points by MMR from the 40 best above 0.3 of the best, 560
    (four briefings longer, no fact gained: what they miss ranks lower still); whole-document
    briefs leaned too 559. With it (on 561): points leaner (a clause kept only when it
    carries more than 1 / 2.5) 557 / 554; end focus halved 555; an introductory phrase
    before the subject ("After a decade of …,") optional 561 (one fact traded for another);
    no subject-clause fallback for a neighbour 559; a soft MMR charge for the content words
    a candidate shares with the chosen ones (Jaccard ×0.2 / 0.5) 552 / 549; a short "X and
    Y" piece after a comma kept with the clause before it (a list's end) 558; MMR choosing
    one more candidate 560; commas inside parentheses left uncut (no briefing changed).

    Concentrating a topic briefing on its best sections (thirteenth session; nineteen dev
    documents, fact groups of 717: in-sample with the shipped point scorer 561, leave-one-
    document-out with the scorer refitted per fold 556). Last session found that at equal
    relevance a candidate in a section the brief already draws from holds a fact more often;
    as a selection rule it finds fewer. An MMR gain for a candidate in a section a chosen
    point sits in, ×0.02 / 0.05 / 0.1: 559 / 559 / 554 in-sample, 554 / 556 / 554 LODO; only
    in another paragraph than the chosen points' ×0.03 / 0.06 557 / 553 (LODO 554 / 552); in
    the sections of the 1 / 2 / 3 candidates worth most ×0.05 559 / 559 / 557 (LODO 554 /
    556 / 555), ×0.1 (2) 555; the paragraph charge halved or waived within the chosen points'
    sections 556 / 552 (LODO 554 / 548), halved within the best two's 559 (556); in the
    section(s) whose heading best matches the topic (its heading score the best, or 0.7 of
    it) ×0.03 / 0.06 / 0.1 557–558 / 555 / 556 (LODO 551–552), the charge halved there 557
    (554); spreading
    instead (a charge ×0.03 for a section already drawn from) 558 (footnote -2, grid, lithium
    -1, interview +1; LODO 558: generics, interview, pandemic +1, grid -1). A facet topic's
    facet word weighing ×1.5 / 2 / 3 its idf in the topic's words (those in at most 10% / 25%
    / all of the passages) 561 / 561 / 559–560 (LODO 555–558, every change ±1 on one
    document). A small grid of ``mmr_lambda`` 0.7 / 0.75 / 0.8 × ``paragraph_penalty`` 0.04
    / 0.08 / 0.12 × the section gain −0.03 / 0 / 0.03: the shipped 0.75 / 0.08 / 0 is the
    in-sample best (561; the rest 546–559), and choosing the cell by the other documents'
    LODO counts, each document briefed with its fold's choice, finds 554 (556 shipped).
    None kept. A facet topic's candidates in a section whose heading (or an enclosing one)
    holds the facet word ("7. Weighing the costs" for "costs of the four options") raised by
    ×0.1 / 0.2 / 0.3 / 0.5 / 0.7 of the best relevance: 561 / 565 / 565 / 565 / 565
    in-sample, 557 / 559 / 560 / 560 / 562 LODO (brief-calibrate at 0.3: 560); seven dev
    topics of six documents have such a section, and every gain is generics' costs of the
    four options (0 -> 4 of 5; the dev eval otherwise unchanged): ``facet_heading`` 0.3, kept
    for a generic reading of a document's structure although one document gains.

    ``lead_decay`` (twenty-first session): a paragraph's opening sentence states what the
    paragraph is about ("Second, the region lacks repair ships."), and its details, three or
    four sentences on, rarely repeat the topic's words ("Only two ships are assigned to the
    PCMA zone…"); the neighbours' lending (``context_decay``, two sentences either way) did
    not reach them. The opening now lends ``lead_decay`` × its coverage to every sentence of
    its paragraph (a question opening it lends as the neighbours' rule says). Dev fact groups
    of 863 with the shipped scorer, not refitted: 675 without, 0.9 677, 0.8 678 (devdoc -1),
    0.7 679 (pandemic, railfreight +2 each; no document lost), 0.6 678.
    """

    min_coverage: float = 0.321  # fitted: see the class docstring
    absent_share: float = 0.5  # absent subject words at least this share of them…
    min_absent_similarity: float = 0.379  # …and no candidate this close in meaning (fitted)…
    absent_coverage: float = 0.604  # …and the topic as a whole covered less than this (fitted)
    relative_floor: float = 0.45  # a candidate scores at least this share of the best one…
    min_pool: int = 10  # …or is among this many most relevant, in such a one's section
    mmr_lambda: float = 0.75  # relevance vs. novelty in MMR (0.85 before; LODO chose 0.75)
    max_similar: float = 0.82  # two sentences closer than this repeat each other…
    max_shared_terms: float = 0.4  # …as do two sharing more of their content words (Jaccard)
    lexical_weight: float = 0.35
    passage_weight: float = 0.15
    paragraph_weight: float = 0.8  # weight of a neighbour's coverage above a sentence's own
    context_decay: float = 0.9  # a neighbour's coverage counts this much per sentence away
    lead_decay: float = 0.7  # a paragraph's opening sentence lends this much to all of it
    min_point_words: int = 40  # below this common cap, drop a point rather than cut them all
    max_words: int = 250  # the whole text, title and labels included
    words_per_point: int = 36  # the budget per point when more than 7 are asked for
    focus_weight: float = 0.0  # weight of the sentence's paragraph (mean vector) matching the topic
    absent_weight: float = 1.0  # weight of closeness to the topic's absent subject words
    section_weight: float = 0.5  # weight of the sentence's section heading matching the topic
    parent_heading: float = 0.0  # a sub-section's heading scores this share of its parent's
    specific_weight: float = 0.3  # relevance gain of a sentence full of specifics
    correct_slips: bool = True  # a topic's typing slips read as corpus words (spelling.py)
    vague_penalty: float = 0.4  # relevance lost by a short sentence with no specifics
    paragraph_penalty: float = 0.08  # MMR cost of each further point from one paragraph…
    paragraph_free: int = 1  # …once it has given this many
    facet_heading: float = 0.3  # a facet topic: a section headed by its facet gains this × best
    point_weight: float = 0.5  # a candidate's value: P(fact) ** this × its relevance share (0: off)
    attach_clauses: bool = True  # a point (a lead too) takes its neighbours' specific clauses…
    attach_span: int = 2  # …from sentences at most this far from it…
    attach_floor: float = 0.5  # …scoring at least this share of the best candidate…
    attach_max: int = 3  # …at most this many per point…
    fill_room: bool = True  # room still left: a point's relevant neighbours, whole
    attach_words: int = 24  # …each cut to about this many words (subject and specifics)
    rare_df: int = 2  # a word in at most this many sentences is news: its clause stays
    lead_in_words: int = 12  # an enumeration item this short is followed by its next sentence
    candidate_passages: int = 24  # a topic's passages whose documents give the candidates…
    candidate_docs: int = 8  # …at most this many documents
    scored_passages: int = 12  # the best passages whose score adds to their sentences' relevance
    facet_lists: bool = True  # 'obstacles to X' keeps the list announced as 'three obstacles'
    facet_word_power: float = 1.0  # a facet request values a candidate per word (** this)…
    point_words: int = 25  # …against a point of this many words
    list_items_top: int = 7  # a list is the topic's when half its items (2+) rank this high
    whole_lists: bool = True  # a form topic's kept list comes whole; other points if room…
    list_reserve: int = 30  # …the words kept for the title, labels and citations
    subject_penalty: float = 0.5  # a facet topic's sentence without its subject's words…
    subject_share: float = 0.35  # …(those in at most this share of the passages) loses this
    closing_specific: float = 0.1  # a whole brief's conclusion leads with its specifics: × this
    opening_lead: bool = True  # a whole brief cut to its budget keeps the opening's lead
    table_cache: int = 64  # per-document tables kept (least recently used go first)
    heading_cache: int = 20_000  # section heading vectors kept
