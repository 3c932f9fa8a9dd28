"""The six authorities shipped with the product: rule sets as plain data, with their sources.

Read by a data migration (the leading underscore keeps Django's migration loader from treating this
file as a migration). Self-contained on purpose: no project imports, only dicts, lists, strings,
ints, floats and bools, so the migration stays valid however the code changes.

Modes follow RULES.md "Modes as shipped". Every value carries its source:
  {"kind": "seed", "document": "WS"|"ST"|"HP"|"BA"|"BI", "quote": verbatim words of the seed, "note": ...}
  {"kind": "wt", "document": "WT", "quote": a short statement of Working Together, "note": ...}
  {"kind": "default", "document": "", "quote": "", "note": why it is a product default}
Seeds (files in seeds/): WS West Sussex, ST Staffordshire and Stoke-on-Trent (one document for both),
HP Hartlepool, BA Barnsley, BI Birmingham. Seed people are never named here: escalation levels are roles.
"""

SHIPPED_AUTHORITIES: list[dict] = [
    {
        "slug": "west-sussex",
        "name": "West Sussex",
        "seed": "WS",
        "effective_from": "2015-01-01",
        "wt_edition": {
            "value": "2023",
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": "The West Sussex document cites no edition of Working Together; product default 2023.",
            },
        },
        "chair_title": {
            "value": "Independent Chair",
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'The West Sussex slides call the role "the Chair" and say it "is independent"; product default title.',
            },
        },
        "due_soon_working_days": {
            "value": 5,
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'RULES.md: "due soon" means within 5 working days; product default, no document gives a number.',
            },
        },
        "framework": {
            "name": "Signs of Safety",
            "source": {
                "kind": "seed",
                "document": "WS",
                "quote": "All conferences within West Sussex use the Signs of Safety approach throughout.",
                "note": 'Headings follow the slides\' outline (introductions and family tree, information sharing, decision making, action planning) in Signs of Safety terms; the slides add that West Sussex does not run Signs of Safety conferences "in their purest form".',
            },
            "agenda": [
                {
                    "key": "introductions",
                    "heading": "Introductions, apologies and family tree",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "professional_slot",
                    "heading": "Professional slot (not shared with the family)",
                    "review_only": False,
                    "family_visible": False,
                },
                {
                    "key": "child_voice",
                    "heading": "The child's voice",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "family_network",
                    "heading": "Family support and networks",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "review_of_plan",
                    "heading": "Review of plan actions (reviews only)",
                    "review_only": True,
                    "family_visible": True,
                },
                {
                    "key": "worries",
                    "heading": "What are we worried about? (harm, danger and complicating factors)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "working_well",
                    "heading": "What's working well? (strengths and safety)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "danger_statement",
                    "heading": "Danger statements and safety goals",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "chairs_summary",
                    "heading": "Chair's summary",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "decision",
                    "heading": "Decision making (plan or not, category of harm)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "plan",
                    "heading": "What needs to happen? Action planning (resource plan and safety plan)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "next_dates",
                    "heading": "Date of next review and first core group; core group members",
                    "review_only": False,
                    "family_visible": True,
                },
            ],
            "report_headings": [
                {"key": "worries", "heading": "What are we worried about?"},
                {"key": "working_well", "heading": "What's working well?"},
                {"key": "needs_to_happen", "heading": "What needs to happen?"},
            ],
        },
        "rules": {
            "ICPC-15WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 15,
                    "direction": "after",
                    "counts_from": "strategy_discussion",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the initial conference is held within 15 working days of the strategy discussion at which section 47 enquiries were started.",
                    "note": "The West Sussex document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "CG1-10WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 10,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Following an initial child protection conference, the first core group meeting must be held within 10 working days",
                    "note": "",
                },
            },
            "RCPC1-3M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 3,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "First review must be held within 3 months of the initial CP conference",
                    "note": "",
                },
            },
            "RCPCN-6M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "previous_review",
                },
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Any subsequent reviews must be held within 6 months of the first review CP Conference",
                    "note": "Read as within 6 months of the previous review (RULES.md, Working Together); the slide's wording counts from the first review.",
                },
            },
            "REPORT-2WD": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                    "reminder_working_days": [5, 2],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document gives no number; product default 2 working days, advised. Reminders 5 and 2 working days before are product defaults.",
                },
            },
            "SW-REPORT": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document gives no number; product default 2 working days (as REPORT-2WD), advised.",
                },
            },
            "REFERRAL-24H": {
                "mode": "off",
                "values": {"unit": "hours", "amount": 24, "direction": "after", "counts_from": "referral"},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Response within 24 hours",
                    "note": "Context only: referrals are handled before a case reaches this product, so the rule is not enforced (off).",
                },
            },
            "CG-MIN2": {
                "mode": "required",
                "values": {"min_meetings": 2, "flag_working_days_before_review": 10},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "There must be at least two core group meetings held between conferences",
                    "note": "Flagging it when the next review is 10 working days away is a product default.",
                },
            },
            "CG-6WK": {
                "mode": "advised",
                "values": {
                    "unit": "weeks",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "first_core_group",
                },
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Good practice would be for core groups to meet within 6wks of their initial meeting",
                    "note": 'Advised: the document calls it "good practice".',
                },
            },
            "CG-2M": {
                "mode": "advised",
                "values": {
                    "unit": "months",
                    "amount": 2,
                    "direction": "after",
                    "counts_from": "previous_core_group",
                },
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "at a minimum frequency of once every 2 months following the first review conference.",
                    "note": 'Advised: the document calls it "good practice".',
                },
            },
            "CG-PRE-REVIEW": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-MINUTES": {
                "mode": "advised",
                "values": {
                    "required_fields": [
                        "date",
                        "time",
                        "venue",
                        "purpose",
                        "attendees",
                        "apologies",
                        "absentees",
                        "chair",
                        "minute_taker",
                        "reports_from_absent",
                        "plan_item_progress",
                        "plan_item_agreement",
                        "plan_item_reasons",
                        "plan_changes",
                        "child_voice",
                        "action_points",
                        "action_owners",
                        "action_timescales",
                        "action_points_checked",
                        "next_meeting_date",
                        "next_meeting_time",
                        "next_meeting_venue",
                    ],
                    "optional_fields": ["summary"],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document lists no minute contents; Hartlepool's contents advised as a product default.",
                },
            },
            "CG-CHAIR-NOT-MINUTER": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Hartlepool (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-CONVENOR": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-SEE-CHILD": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-ATTENDANCE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "QUORUM": {
                "mode": "advised",
                "values": {"min_other_agencies": 2, "requires_chair": True, "requires_social_worker": True},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "There should be 2 other agencies in addition to a social worker the Chair but",
                    "note": "Advised: the chair may go ahead inquorate with a recorded reason (QUORUM-OVERRIDE).",
                },
            },
            "QUORUM-OVERRIDE": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "The Chair can make a decision on whether to go ahead based on the age of the child (eg; there may only be a HV involved with a 3 month old)",
                    "note": "Also where there is enough information to decide, or where not going ahead may increase risk to the child.",
                },
            },
            "ALL-CHILDREN": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Check your agency's records for any relevant information about the family as all children in the family will be discussed.",
                    "note": "",
                },
            },
            "SCALING": {
                "mode": "off",
                "values": {"min": 0, "max": 10, "safe_end": "max"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document uses no scaling; switch off (scaling is local to Barnsley and Birmingham). Range 0 to 10 is ready if switched on.",
                },
            },
            "OPINION": {
                "mode": "required",
                "values": {
                    "scale_low_meaning": "the child is not safe",
                    "scale_high_meaning": "there is enough safety to close",
                },
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "You will be asked your opinion during the conference!",
                    "note": "Plan yes/no, reasons and category per child; no scaling in West Sussex (SCALING off).",
                },
            },
            "CATEGORY": {
                "mode": "required",
                "values": {"categories": ["neglect", "physical", "emotional", "sexual"]},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the four categories of abuse are physical, emotional, sexual and neglect.",
                    "note": "The West Sussex document names no categories; the chair decides a disputed primary category (as Barnsley).",
                },
            },
            "DECISION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "The Chair is responsible for the conference decision but will aim for consensus amongst conference members",
                    "note": "",
                },
            },
            "DISSENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Once the Chair has confirmed the decision of the conference, professionals who disagree with this may formally record their dissent.",
                    "note": "",
                },
            },
            "SCORE-ALL-ZERO": {
                "mode": "off",
                "values": {"score": 0, "more_than_fraction": 0.5, "escalate_to_role": "team_manager"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "SCORE-MAJ-ABOVE-5": {
                "mode": "off",
                "values": {"above": 5, "more_than_fraction": 0.5},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "OUTCOME": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "To agree an outline child protection plan/child in need plan",
                    "note": "",
                },
            },
            "PLAN-KINDS": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "During the Conference the Chair will discuss resource planning vs safety planning.",
                    "note": "",
                },
            },
            "NEXT-DATES": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the West Sussex document; required so that the first core group and the next review are booked (product default, as Barnsley).",
                },
            },
            "PROF-SLOT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "If it looks as though a professional slot is going to be required, that the requesting agency informs the Chair beforehand.",
                    "note": 'The decision whether to hold the slot "remains with the Chair".',
                },
            },
            "OBSERVER": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Any professional arriving at Conference with a colleague who has not asked to sit in on the Conference will be refused entry.",
                    "note": "Requested from the chair before the day, so the chair can ask the family.",
                },
            },
            "PRE-MEET": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Parents meet with the Chair prior to the conference.",
                    "note": 'Advised as shipped (RULES.md), although the slide lists it among the things "in place".',
                },
            },
            "CHAIR-INDEPENDENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Runs the conference on behalf of the LSCB and is independent",
                    "note": "",
                },
            },
            "CHILD-PARTICIPATION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Will facilitate involvement of parents and young people where appropriate",
                    "note": "",
                },
            },
            "PARENT-VIEWS": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Parents are asked if reports are factually correct",
                    "note": 'Parents are also "given the opportunity to respond to professionals and give their opinions".',
                },
            },
            "FAMILY-INVITE": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Product rule (RULES.md source: product): family members have no accounts; they are invited by letter or in person and how and when is recorded.",
                },
            },
            "MIDWAY-REVIEW": {
                "mode": "on",
                "values": {"resets_review_cycle": False},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the West Sussex document; switched on as a product default (from Barnsley). Does not reset the review cycle (product default).",
                },
            },
            "SEPARATE": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Must share any extra information or if Domestic abuse is happening. May need to keep parents separate.",
                    "note": "",
                },
            },
            "FAMILY-NEEDS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not list family needs; advised as a product default (from Birmingham).",
                },
            },
            "NON-ATTEND-LETTER": {
                "mode": "off",
                "values": {"pattern_count": 3, "pattern_months": 6},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "ARRIVE-30": {
                "mode": "off",
                "values": {"minutes_before": 30},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-FIELDS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document lists no report fields; Staffordshire's minimum contents advised as a product default.",
                },
            },
            "REPORT-REVIEW": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set review report contents; Staffordshire's and Hartlepool's advised as a product default.",
                },
            },
            "REPORT-FOAO": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-SHARED": {
                "mode": "required",
                "values": {"exempt_agency_types": ["police"]},
                "source": {
                    "kind": "seed",
                    "document": "WS",
                    "quote": "Report sharing beforehand does not apply to the Police",
                    "note": "Police reports are exempt from sharing beforehand; any other exemption needs a recorded reason.",
                },
            },
            "REPORT-PROXY": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the West Sussex document; advised as a product default (as Staffordshire and Hartlepool).",
                },
            },
            "REPORT-OWN-FORM": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the West Sussex document; switched on as a product default (from Staffordshire), as long as the minimum fields are there.",
                },
            },
            "STEPDOWN-CIN-3M": {
                "mode": "off",
                "values": {"unit": "months", "amount": 3, "direction": "after", "counts_from": "plan_end"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "DELIST-CONVERSATION": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "PLAN-CHANGES": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document does not cover this; advised as a product default (from Birmingham).",
                },
            },
            "ESCALATION": {
                "mode": "required",
                "values": {
                    "ladder": [
                        {"level": 1, "label": "Team manager", "roles": ["team_manager"], "working_days": 2},
                        {
                            "level": 2,
                            "label": "Service manager",
                            "roles": ["service_manager"],
                            "working_days": 2,
                        },
                        {
                            "level": 3,
                            "label": "Head of service",
                            "roles": ["head_of_service"],
                            "working_days": 2,
                        },
                    ]
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The West Sussex document gives no escalation ladder; product default: team manager, then service manager, then head of service, 2 working days per level.",
                },
            },
            "LONG-PLAN": {
                "mode": "required",
                "values": {"flag_months": [18, 24], "flag_repeat_plans": True},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "National performance measures: children on a plan for 18 months and for 2 years or more, and children on a second or later plan.",
                    "note": "The West Sussex document gives no numbers for this; national measures (RULES.md cites Working Together).",
                },
            },
        },
    },
    {
        "slug": "staffordshire",
        "name": "Staffordshire",
        "seed": "ST",
        "effective_from": "2015-01-01",
        "wt_edition": {
            "value": "2015",
            "source": {
                "kind": "seed",
                "document": "ST",
                "quote": "Working Together to Safeguard Children ss 1.15 & 1.16 (2015)",
                "note": "",
            },
        },
        "chair_title": {
            "value": "Independent Chair",
            "source": {
                "kind": "seed",
                "document": "ST",
                "quote": "made available to the Independent Chair (in Staffordshire) or Conference and Review Manager (in Stoke-on-Trent)",
                "note": "",
            },
        },
        "due_soon_working_days": {
            "value": 5,
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'RULES.md: "due soon" means within 5 working days; product default, no document gives a number.',
            },
        },
        "framework": {
            "name": "Staffordshire and Stoke-on-Trent conference framework",
            "source": {
                "kind": "seed",
                "document": "ST",
                "quote": "the primary purpose of a child protection conference is to enable practitioners to share information about the child(ren) and family with whom they are involved, and to assess risks",
                "note": "Information sharing, analysis of risk, then each practitioner's opinion for every child after the chair's summary.",
            },
            "agenda": [
                {
                    "key": "introductions",
                    "heading": "Introductions and apologies",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "professional_slot",
                    "heading": "Professional slot (not shared with the family)",
                    "review_only": False,
                    "family_visible": False,
                },
                {
                    "key": "child_voice",
                    "heading": "Views, wishes and feelings of the child(ren)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "review_of_plan",
                    "heading": "Review of the child protection plan and outcomes of work (reviews only)",
                    "review_only": True,
                    "family_visible": True,
                },
                {
                    "key": "information_sharing",
                    "heading": "Information sharing: each practitioner's summary of their report and any new information",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "risk_analysis",
                    "heading": "Analysis of risk: concerns, factors that keep the child(ren) safe, and parents' capacity",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "chairs_summary",
                    "heading": "Chair's closing remarks and summary",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "opinions",
                    "heading": "Each practitioner's opinion for every child: plan or not, reasons, category",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "decision",
                    "heading": "Decision and category of harm",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "plan",
                    "heading": "Outline child protection plan",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "next_dates",
                    "heading": "Dates of core groups and review conference; core group members",
                    "review_only": False,
                    "family_visible": True,
                },
            ],
            "report_headings": [
                {
                    "key": "organisation",
                    "heading": "Organisation and practitioner (name, designation, business address, contact details)",
                },
                {"key": "conference_date", "heading": "Date of child protection conference"},
                {
                    "key": "children",
                    "heading": "Child(ren): forename, surname, date of birth, ethnicity, disability or special need",
                },
                {
                    "key": "parents_carers",
                    "heading": "Parents and carers: names, other names, date of birth, relationship to the child(ren), address, parental responsibility",
                },
                {
                    "key": "involvement",
                    "heading": "The organisation's involvement with the child(ren) and family",
                },
                {"key": "health_development", "heading": "The child(ren)'s health and development"},
                {
                    "key": "other_information",
                    "heading": "Other relevant information (e.g. other practitioners or agencies working with the family)",
                },
                {
                    "key": "other_adults",
                    "heading": "Other adults known to you who may be involved with this family",
                },
                {
                    "key": "concerns",
                    "heading": "Factors of concern (current and historical), including risks and unmet needs",
                },
                {
                    "key": "safety_factors",
                    "heading": "Factors that help keep the child(ren) safe (current and historical)",
                },
                {"key": "child_views", "heading": "Expressed views, wishes and feelings of the child(ren)"},
                {
                    "key": "parenting_capacity",
                    "heading": "Capacity of parents to safeguard and promote welfare, and the impact of current and past family functioning",
                },
                {
                    "key": "analysis",
                    "heading": "Analysis of implications for the child(ren)'s future safety, health and development",
                },
                {
                    "key": "since_last_conference",
                    "heading": "For a review: involvement since the last conference, outcomes of work carried out, new issues or concerns",
                },
            ],
        },
        "rules": {
            "ICPC-15WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 15,
                    "direction": "after",
                    "counts_from": "strategy_discussion",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the initial conference is held within 15 working days of the strategy discussion at which section 47 enquiries were started.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "CG1-10WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 10,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first core group meets within 10 working days of the initial conference.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPC1-3M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 3,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first review conference is held within 3 months of the initial conference.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPCN-6M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "previous_review",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: later reviews are held at intervals of not more than 6 months while the plan lasts.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "REPORT-2WD": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                    "reminder_working_days": [5, 2],
                },
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "at least two working days in advance of the conference",
                    "note": 'Advised: the document calls it "best practice", and a late report "will, in most circumstances, be accepted on the day of the conference".',
                },
            },
            "SW-REPORT": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "at least two working days in advance of the conference",
                    "note": 'The document\'s "all practitioners" includes the social worker; advised, as it calls it "best practice".',
                },
            },
            "REFERRAL-24H": {
                "mode": "off",
                "values": {"unit": "hours", "amount": 24, "direction": "after", "counts_from": "referral"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document. Context only (West Sussex): referrals are handled before a case reaches this product; not enforced.",
                },
            },
            "CG-MIN2": {
                "mode": "off",
                "values": {"min_meetings": 2, "flag_working_days_before_review": 10},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-6WK": {
                "mode": "off",
                "values": {
                    "unit": "weeks",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "first_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-2M": {
                "mode": "off",
                "values": {
                    "unit": "months",
                    "amount": 2,
                    "direction": "after",
                    "counts_from": "previous_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-PRE-REVIEW": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-MINUTES": {
                "mode": "advised",
                "values": {
                    "required_fields": [
                        "date",
                        "time",
                        "venue",
                        "purpose",
                        "attendees",
                        "apologies",
                        "absentees",
                        "chair",
                        "minute_taker",
                        "reports_from_absent",
                        "plan_item_progress",
                        "plan_item_agreement",
                        "plan_item_reasons",
                        "plan_changes",
                        "child_voice",
                        "action_points",
                        "action_owners",
                        "action_timescales",
                        "action_points_checked",
                        "next_meeting_date",
                        "next_meeting_time",
                        "next_meeting_venue",
                    ],
                    "optional_fields": ["summary"],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document lists no minute contents; Hartlepool's contents advised as a product default.",
                },
            },
            "CG-CHAIR-NOT-MINUTER": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Hartlepool (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-CONVENOR": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-SEE-CHILD": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-ATTENDANCE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "QUORUM": {
                "mode": "required",
                "values": {"min_other_agencies": 2, "requires_chair": True, "requires_social_worker": True},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document says nothing on quorum; product default: the chair, the social worker and 2 other agencies (as West Sussex and Barnsley).",
                },
            },
            "QUORUM-OVERRIDE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; an inquorate conference is adjourned (product default).",
                },
            },
            "ALL-CHILDREN": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "this applies to all of the children subject to conference, not only the child with whom the practitioner has direct involvement.",
                    "note": "",
                },
            },
            "SCALING": {
                "mode": "off",
                "values": {"min": 0, "max": 10, "safe_end": "max"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document uses no scaling; switch off (scaling is local to Barnsley and Birmingham). Range 0 to 10 is ready if switched on.",
                },
            },
            "OPINION": {
                "mode": "required",
                "values": {
                    "scale_low_meaning": "the child is not safe",
                    "scale_high_meaning": "there is enough safety to close",
                },
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "each practitioner present will be expected to give a clear opinion as to whether or not the child(ren) should be made subject of a child protection plan",
                    "note": 'With "a clear, independent reason or series of reasons" and a category if a plan is needed.',
                },
            },
            "CATEGORY": {
                "mode": "required",
                "values": {"categories": ["neglect", "physical", "emotional", "sexual"]},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "identify under which category the plan should be applied, either, neglect, emotional, sexual or physical abuse.",
                    "note": "",
                },
            },
            "DECISION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not say who decides; the chair decides with a written rationale where opinions differ (West Sussex, Barnsley) as a product default.",
                },
            },
            "DISSENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Staffordshire and Stoke-on-Trent document; applies everywhere (RULES.md).",
                },
            },
            "SCORE-ALL-ZERO": {
                "mode": "off",
                "values": {"score": 0, "more_than_fraction": 0.5, "escalate_to_role": "team_manager"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "SCORE-MAJ-ABOVE-5": {
                "mode": "off",
                "values": {"above": 5, "more_than_fraction": 0.5},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "OUTCOME": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "Contribute to the production of an outline child protection plan",
                    "note": "",
                },
            },
            "PLAN-KINDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NEXT-DATES": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "Record dates and times of any subsequent meetings, particularly, core groups and review conferences",
                    "note": "",
                },
            },
            "PROF-SLOT": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; asking before the conference is advised as a product default. Slot content never reaches the family in any authority.",
                },
            },
            "OBSERVER": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; asking the chair before the day is advised as a product default.",
                },
            },
            "PRE-MEET": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CHAIR-INDEPENDENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document states no independence rule; the chair is neither the case's social worker nor their team manager (Barnsley, West Sussex), as a product default.",
                },
            },
            "CHILD-PARTICIPATION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "including whether or not they wish to, or it is appropriate for them to, attend the conference.",
                    "note": "The social worker prepares the child and establishes their wishes and feelings.",
                },
            },
            "PARENT-VIEWS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this; advised as a product default (as West Sussex and Hartlepool).",
                },
            },
            "FAMILY-INVITE": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Product rule (RULES.md source: product): family members have no accounts; they are invited by letter or in person and how and when is recorded.",
                },
            },
            "MIDWAY-REVIEW": {
                "mode": "on",
                "values": {"resets_review_cycle": False},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; switched on as a product default (from Barnsley). Does not reset the review cycle (product default).",
                },
            },
            "SEPARATE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "FAMILY-NEEDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NON-ATTEND-LETTER": {
                "mode": "off",
                "values": {"pattern_count": 3, "pattern_months": 6},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "ARRIVE-30": {
                "mode": "required",
                "values": {"minutes_before": 30},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "All practitioners should arrive at the conference venue at least thirty minutes prior to the scheduled start time.",
                    "note": "So that all have time to read reports; shown on invitations.",
                },
            },
            "REPORT-FIELDS": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "However, as a minimum, the following (where known) should always be included:",
                    "note": 'Every field may be answered "not known"; "signed" is the author confirming the report on submission.',
                },
            },
            "REPORT-REVIEW": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "The written report provided by practitioners should include information in many of the same areas as that for the initial conference, but to include in addition:",
                    "note": "In addition: involvement since the last conference, outcomes of work carried out, new issues or concerns.",
                },
            },
            "REPORT-FOAO": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "should always clearly distinguish between fact, observation, allegation and opinion",
                    "note": "",
                },
            },
            "REPORT-SHARED": {
                "mode": "required",
                "values": {"exempt_agency_types": []},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "Unless there are exceptional circumstances, any information a practitioner is intending to share with child protection conference should be communicated to parents in advance.",
                    "note": '"Exceptional circumstances" are recorded as a reason; no agency type is exempt.',
                },
            },
            "REPORT-PROXY": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "should still provide a written report, within stipulated timescales, inform the Independent Chair/Conference and Review Manager and ensure that a well-prepared colleague attends in his/her place",
                    "note": "",
                },
            },
            "REPORT-OWN-FORM": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "both SCBs find it acceptable that information is provided either on an organisation's own proforma, or in alternative written form",
                    "note": "As long as the minimum fields are there (REPORT-FIELDS).",
                },
            },
            "STEPDOWN-CIN-3M": {
                "mode": "off",
                "values": {"unit": "months", "amount": 3, "direction": "after", "counts_from": "plan_end"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "DELIST-CONVERSATION": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "PLAN-CHANGES": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not cover this; advised as a product default (from Birmingham).",
                },
            },
            "ESCALATION": {
                "mode": "required",
                "values": {
                    "ladder": [
                        {"level": 1, "label": "Team manager", "roles": ["team_manager"], "working_days": 2},
                        {
                            "level": 2,
                            "label": "Service manager",
                            "roles": ["service_manager"],
                            "working_days": 2,
                        },
                        {
                            "level": 3,
                            "label": "Head of service",
                            "roles": ["head_of_service"],
                            "working_days": 2,
                        },
                    ]
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no escalation ladder; product default: team manager, then service manager, then head of service, 2 working days per level.",
                },
            },
            "LONG-PLAN": {
                "mode": "required",
                "values": {"flag_months": [18, 24], "flag_repeat_plans": True},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "National performance measures: children on a plan for 18 months and for 2 years or more, and children on a second or later plan.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no numbers for this; national measures (RULES.md cites Working Together).",
                },
            },
        },
    },
    {
        "slug": "stoke-on-trent",
        "name": "Stoke-on-Trent",
        "seed": "ST",
        "effective_from": "2015-01-01",
        "wt_edition": {
            "value": "2015",
            "source": {
                "kind": "seed",
                "document": "ST",
                "quote": "Working Together to Safeguard Children ss 1.15 & 1.16 (2015)",
                "note": "",
            },
        },
        "chair_title": {
            "value": "Conference and Review Manager",
            "source": {
                "kind": "seed",
                "document": "ST",
                "quote": "made available to the Independent Chair (in Staffordshire) or Conference and Review Manager (in Stoke-on-Trent)",
                "note": "",
            },
        },
        "due_soon_working_days": {
            "value": 5,
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'RULES.md: "due soon" means within 5 working days; product default, no document gives a number.',
            },
        },
        "framework": {
            "name": "Staffordshire and Stoke-on-Trent conference framework",
            "source": {
                "kind": "seed",
                "document": "ST",
                "quote": "the primary purpose of a child protection conference is to enable practitioners to share information about the child(ren) and family with whom they are involved, and to assess risks",
                "note": "Information sharing, analysis of risk, then each practitioner's opinion for every child after the chair's summary.",
            },
            "agenda": [
                {
                    "key": "introductions",
                    "heading": "Introductions and apologies",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "professional_slot",
                    "heading": "Professional slot (not shared with the family)",
                    "review_only": False,
                    "family_visible": False,
                },
                {
                    "key": "child_voice",
                    "heading": "Views, wishes and feelings of the child(ren)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "review_of_plan",
                    "heading": "Review of the child protection plan and outcomes of work (reviews only)",
                    "review_only": True,
                    "family_visible": True,
                },
                {
                    "key": "information_sharing",
                    "heading": "Information sharing: each practitioner's summary of their report and any new information",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "risk_analysis",
                    "heading": "Analysis of risk: concerns, factors that keep the child(ren) safe, and parents' capacity",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "chairs_summary",
                    "heading": "Chair's closing remarks and summary",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "opinions",
                    "heading": "Each practitioner's opinion for every child: plan or not, reasons, category",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "decision",
                    "heading": "Decision and category of harm",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "plan",
                    "heading": "Outline child protection plan",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "next_dates",
                    "heading": "Dates of core groups and review conference; core group members",
                    "review_only": False,
                    "family_visible": True,
                },
            ],
            "report_headings": [
                {
                    "key": "organisation",
                    "heading": "Organisation and practitioner (name, designation, business address, contact details)",
                },
                {"key": "conference_date", "heading": "Date of child protection conference"},
                {
                    "key": "children",
                    "heading": "Child(ren): forename, surname, date of birth, ethnicity, disability or special need",
                },
                {
                    "key": "parents_carers",
                    "heading": "Parents and carers: names, other names, date of birth, relationship to the child(ren), address, parental responsibility",
                },
                {
                    "key": "involvement",
                    "heading": "The organisation's involvement with the child(ren) and family",
                },
                {"key": "health_development", "heading": "The child(ren)'s health and development"},
                {
                    "key": "other_information",
                    "heading": "Other relevant information (e.g. other practitioners or agencies working with the family)",
                },
                {
                    "key": "other_adults",
                    "heading": "Other adults known to you who may be involved with this family",
                },
                {
                    "key": "concerns",
                    "heading": "Factors of concern (current and historical), including risks and unmet needs",
                },
                {
                    "key": "safety_factors",
                    "heading": "Factors that help keep the child(ren) safe (current and historical)",
                },
                {"key": "child_views", "heading": "Expressed views, wishes and feelings of the child(ren)"},
                {
                    "key": "parenting_capacity",
                    "heading": "Capacity of parents to safeguard and promote welfare, and the impact of current and past family functioning",
                },
                {
                    "key": "analysis",
                    "heading": "Analysis of implications for the child(ren)'s future safety, health and development",
                },
                {
                    "key": "since_last_conference",
                    "heading": "For a review: involvement since the last conference, outcomes of work carried out, new issues or concerns",
                },
            ],
        },
        "rules": {
            "ICPC-15WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 15,
                    "direction": "after",
                    "counts_from": "strategy_discussion",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the initial conference is held within 15 working days of the strategy discussion at which section 47 enquiries were started.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "CG1-10WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 10,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first core group meets within 10 working days of the initial conference.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPC1-3M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 3,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first review conference is held within 3 months of the initial conference.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPCN-6M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "previous_review",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: later reviews are held at intervals of not more than 6 months while the plan lasts.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "REPORT-2WD": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                    "reminder_working_days": [5, 2],
                },
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "at least two working days in advance of the conference",
                    "note": 'Advised: the document calls it "best practice", and a late report "will, in most circumstances, be accepted on the day of the conference".',
                },
            },
            "SW-REPORT": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "at least two working days in advance of the conference",
                    "note": 'The document\'s "all practitioners" includes the social worker; advised, as it calls it "best practice".',
                },
            },
            "REFERRAL-24H": {
                "mode": "off",
                "values": {"unit": "hours", "amount": 24, "direction": "after", "counts_from": "referral"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document. Context only (West Sussex): referrals are handled before a case reaches this product; not enforced.",
                },
            },
            "CG-MIN2": {
                "mode": "off",
                "values": {"min_meetings": 2, "flag_working_days_before_review": 10},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-6WK": {
                "mode": "off",
                "values": {
                    "unit": "weeks",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "first_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-2M": {
                "mode": "off",
                "values": {
                    "unit": "months",
                    "amount": 2,
                    "direction": "after",
                    "counts_from": "previous_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-PRE-REVIEW": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-MINUTES": {
                "mode": "advised",
                "values": {
                    "required_fields": [
                        "date",
                        "time",
                        "venue",
                        "purpose",
                        "attendees",
                        "apologies",
                        "absentees",
                        "chair",
                        "minute_taker",
                        "reports_from_absent",
                        "plan_item_progress",
                        "plan_item_agreement",
                        "plan_item_reasons",
                        "plan_changes",
                        "child_voice",
                        "action_points",
                        "action_owners",
                        "action_timescales",
                        "action_points_checked",
                        "next_meeting_date",
                        "next_meeting_time",
                        "next_meeting_venue",
                    ],
                    "optional_fields": ["summary"],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document lists no minute contents; Hartlepool's contents advised as a product default.",
                },
            },
            "CG-CHAIR-NOT-MINUTER": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Hartlepool (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-CONVENOR": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-SEE-CHILD": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-ATTENDANCE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "QUORUM": {
                "mode": "required",
                "values": {"min_other_agencies": 2, "requires_chair": True, "requires_social_worker": True},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document says nothing on quorum; product default: the chair, the social worker and 2 other agencies (as West Sussex and Barnsley).",
                },
            },
            "QUORUM-OVERRIDE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; an inquorate conference is adjourned (product default).",
                },
            },
            "ALL-CHILDREN": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "this applies to all of the children subject to conference, not only the child with whom the practitioner has direct involvement.",
                    "note": "",
                },
            },
            "SCALING": {
                "mode": "off",
                "values": {"min": 0, "max": 10, "safe_end": "max"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document uses no scaling; switch off (scaling is local to Barnsley and Birmingham). Range 0 to 10 is ready if switched on.",
                },
            },
            "OPINION": {
                "mode": "required",
                "values": {
                    "scale_low_meaning": "the child is not safe",
                    "scale_high_meaning": "there is enough safety to close",
                },
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "each practitioner present will be expected to give a clear opinion as to whether or not the child(ren) should be made subject of a child protection plan",
                    "note": 'With "a clear, independent reason or series of reasons" and a category if a plan is needed.',
                },
            },
            "CATEGORY": {
                "mode": "required",
                "values": {"categories": ["neglect", "physical", "emotional", "sexual"]},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "identify under which category the plan should be applied, either, neglect, emotional, sexual or physical abuse.",
                    "note": "",
                },
            },
            "DECISION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not say who decides; the chair decides with a written rationale where opinions differ (West Sussex, Barnsley) as a product default.",
                },
            },
            "DISSENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Staffordshire and Stoke-on-Trent document; applies everywhere (RULES.md).",
                },
            },
            "SCORE-ALL-ZERO": {
                "mode": "off",
                "values": {"score": 0, "more_than_fraction": 0.5, "escalate_to_role": "team_manager"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "SCORE-MAJ-ABOVE-5": {
                "mode": "off",
                "values": {"above": 5, "more_than_fraction": 0.5},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "OUTCOME": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "Contribute to the production of an outline child protection plan",
                    "note": "",
                },
            },
            "PLAN-KINDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NEXT-DATES": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "Record dates and times of any subsequent meetings, particularly, core groups and review conferences",
                    "note": "",
                },
            },
            "PROF-SLOT": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; asking before the conference is advised as a product default. Slot content never reaches the family in any authority.",
                },
            },
            "OBSERVER": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; asking the chair before the day is advised as a product default.",
                },
            },
            "PRE-MEET": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CHAIR-INDEPENDENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document states no independence rule; the chair is neither the case's social worker nor their team manager (Barnsley, West Sussex), as a product default.",
                },
            },
            "CHILD-PARTICIPATION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "including whether or not they wish to, or it is appropriate for them to, attend the conference.",
                    "note": "The social worker prepares the child and establishes their wishes and feelings.",
                },
            },
            "PARENT-VIEWS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this; advised as a product default (as West Sussex and Hartlepool).",
                },
            },
            "FAMILY-INVITE": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Product rule (RULES.md source: product): family members have no accounts; they are invited by letter or in person and how and when is recorded.",
                },
            },
            "MIDWAY-REVIEW": {
                "mode": "on",
                "values": {"resets_review_cycle": False},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Staffordshire and Stoke-on-Trent document; switched on as a product default (from Barnsley). Does not reset the review cycle (product default).",
                },
            },
            "SEPARATE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "FAMILY-NEEDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NON-ATTEND-LETTER": {
                "mode": "off",
                "values": {"pattern_count": 3, "pattern_months": 6},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "ARRIVE-30": {
                "mode": "required",
                "values": {"minutes_before": 30},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "All practitioners should arrive at the conference venue at least thirty minutes prior to the scheduled start time.",
                    "note": "So that all have time to read reports; shown on invitations.",
                },
            },
            "REPORT-FIELDS": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "However, as a minimum, the following (where known) should always be included:",
                    "note": 'Every field may be answered "not known"; "signed" is the author confirming the report on submission.',
                },
            },
            "REPORT-REVIEW": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "The written report provided by practitioners should include information in many of the same areas as that for the initial conference, but to include in addition:",
                    "note": "In addition: involvement since the last conference, outcomes of work carried out, new issues or concerns.",
                },
            },
            "REPORT-FOAO": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "should always clearly distinguish between fact, observation, allegation and opinion",
                    "note": "",
                },
            },
            "REPORT-SHARED": {
                "mode": "required",
                "values": {"exempt_agency_types": []},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "Unless there are exceptional circumstances, any information a practitioner is intending to share with child protection conference should be communicated to parents in advance.",
                    "note": '"Exceptional circumstances" are recorded as a reason; no agency type is exempt.',
                },
            },
            "REPORT-PROXY": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "should still provide a written report, within stipulated timescales, inform the Independent Chair/Conference and Review Manager and ensure that a well-prepared colleague attends in his/her place",
                    "note": "",
                },
            },
            "REPORT-OWN-FORM": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "ST",
                    "quote": "both SCBs find it acceptable that information is provided either on an organisation's own proforma, or in alternative written form",
                    "note": "As long as the minimum fields are there (REPORT-FIELDS).",
                },
            },
            "STEPDOWN-CIN-3M": {
                "mode": "off",
                "values": {"unit": "months", "amount": 3, "direction": "after", "counts_from": "plan_end"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "DELIST-CONVERSATION": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "PLAN-CHANGES": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document does not cover this; advised as a product default (from Birmingham).",
                },
            },
            "ESCALATION": {
                "mode": "required",
                "values": {
                    "ladder": [
                        {"level": 1, "label": "Team manager", "roles": ["team_manager"], "working_days": 2},
                        {
                            "level": 2,
                            "label": "Service manager",
                            "roles": ["service_manager"],
                            "working_days": 2,
                        },
                        {
                            "level": 3,
                            "label": "Head of service",
                            "roles": ["head_of_service"],
                            "working_days": 2,
                        },
                    ]
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no escalation ladder; product default: team manager, then service manager, then head of service, 2 working days per level.",
                },
            },
            "LONG-PLAN": {
                "mode": "required",
                "values": {"flag_months": [18, 24], "flag_repeat_plans": True},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "National performance measures: children on a plan for 18 months and for 2 years or more, and children on a second or later plan.",
                    "note": "The Staffordshire and Stoke-on-Trent document gives no numbers for this; national measures (RULES.md cites Working Together).",
                },
            },
        },
    },
    {
        "slug": "hartlepool",
        "name": "Hartlepool",
        "seed": "HP",
        "effective_from": "2015-01-01",
        "wt_edition": {
            "value": "2023",
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": "The Hartlepool document names Working Together but no edition; product default 2023.",
            },
        },
        "chair_title": {
            "value": "Independent Chair",
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'The Hartlepool document calls the role "the Chair"; product default title.',
            },
        },
        "due_soon_working_days": {
            "value": 5,
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'RULES.md: "due soon" means within 5 working days; product default, no document gives a number.',
            },
        },
        "framework": {
            "name": "Outcome-focused five questions",
            "source": {
                "kind": "seed",
                "document": "HP",
                "quote": "This will involve rigorous exploration of danger/harm alongside indications of family strengths and safety to provide answers to the following questions:",
                "note": "What are we worried about? What is working well? Outcome statements, outcome indicators, action planning.",
            },
            "agenda": [
                {
                    "key": "introductions",
                    "heading": "Introductions and apologies",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "professional_slot",
                    "heading": "Professional slot (not shared with the family)",
                    "review_only": False,
                    "family_visible": False,
                },
                {
                    "key": "child_voice",
                    "heading": "The child's views and opinions",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "parents_views",
                    "heading": "Parents' views",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "review_of_plan",
                    "heading": "Progress of the plan and desired outcomes (reviews only)",
                    "review_only": True,
                    "family_visible": True,
                },
                {
                    "key": "worries",
                    "heading": "What are we worried about specifically with regard to this child?",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "working_well",
                    "heading": "What is working well for this child and in this family?",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "chairs_summary",
                    "heading": "Chair's summary",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "decision",
                    "heading": "Decision: child protection plan or child in need plan",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "outcome_statements",
                    "heading": "What are the results we want for this child? (outcome statements)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "outcome_indicators",
                    "heading": "What will show us that the child is safe? (outcome indicators)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "plan",
                    "heading": "What needs to happen and who will do what? (action planning)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "next_dates",
                    "heading": "Date of next review and first core group; core group members",
                    "review_only": False,
                    "family_visible": True,
                },
            ],
            "report_headings": [
                {
                    "key": "worries",
                    "heading": "What are we worried about specifically with regard to this child?",
                },
                {"key": "working_well", "heading": "What is working well for this child and in this family?"},
                {
                    "key": "outcome_statements",
                    "heading": "What are the results we want for this child? What is the desired future?",
                },
                {
                    "key": "outcome_indicators",
                    "heading": "What do we need to see to know that the outcome is being or has been achieved? What will show us that the child is safe?",
                },
                {
                    "key": "needs_to_happen",
                    "heading": "What needs to happen to achieve the results and who will do what?",
                },
            ],
        },
        "rules": {
            "ICPC-15WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 15,
                    "direction": "after",
                    "counts_from": "strategy_discussion",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the initial conference is held within 15 working days of the strategy discussion at which section 47 enquiries were started.",
                    "note": "The Hartlepool document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "CG1-10WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 10,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first core group meets within 10 working days of the initial conference.",
                    "note": "The Hartlepool document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPC1-3M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 3,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first review conference is held within 3 months of the initial conference.",
                    "note": "The Hartlepool document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPCN-6M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "previous_review",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: later reviews are held at intervals of not more than 6 months while the plan lasts.",
                    "note": "The Hartlepool document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "REPORT-2WD": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                    "reminder_working_days": [5, 2],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document gives no number; product default 2 working days, advised. Reminders 5 and 2 working days before are product defaults.",
                },
            },
            "SW-REPORT": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document gives no number; product default 2 working days (as REPORT-2WD), advised.",
                },
            },
            "REFERRAL-24H": {
                "mode": "off",
                "values": {"unit": "hours", "amount": 24, "direction": "after", "counts_from": "referral"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Hartlepool document. Context only (West Sussex): referrals are handled before a case reaches this product; not enforced.",
                },
            },
            "CG-MIN2": {
                "mode": "off",
                "values": {"min_meetings": 2, "flag_working_days_before_review": 10},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-6WK": {
                "mode": "off",
                "values": {
                    "unit": "weeks",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "first_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-2M": {
                "mode": "off",
                "values": {
                    "unit": "months",
                    "amount": 2,
                    "direction": "after",
                    "counts_from": "previous_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-PRE-REVIEW": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-MINUTES": {
                "mode": "required",
                "values": {
                    "required_fields": [
                        "date",
                        "time",
                        "venue",
                        "purpose",
                        "attendees",
                        "apologies",
                        "absentees",
                        "chair",
                        "minute_taker",
                        "reports_from_absent",
                        "plan_item_progress",
                        "plan_item_agreement",
                        "plan_item_reasons",
                        "plan_changes",
                        "child_voice",
                        "action_points",
                        "action_owners",
                        "action_timescales",
                        "action_points_checked",
                        "next_meeting_date",
                        "next_meeting_time",
                        "next_meeting_venue",
                    ],
                    "optional_fields": ["summary"],
                },
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "certain information needs to be captured clearly within the minutes:",
                    "note": 'Required fields follow Hartlepool\'s list; the summary is optional ("might be useful").',
                },
            },
            "CG-CHAIR-NOT-MINUTER": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "There should not be an expectation that the same practitioner both chairs and minutes core group meetings. Whilst not impossible, both tasks cannot be done effectively and robustly at the same time.",
                    "note": 'Advised: "whilst not impossible".',
                },
            },
            "CG-CONVENOR": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-SEE-CHILD": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-ATTENDANCE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "QUORUM": {
                "mode": "required",
                "values": {"min_other_agencies": 2, "requires_chair": True, "requires_social_worker": True},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document says nothing on quorum; product default: the chair, the social worker and 2 other agencies (as West Sussex and Barnsley).",
                },
            },
            "QUORUM-OVERRIDE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Hartlepool document; an inquorate conference is adjourned (product default).",
                },
            },
            "ALL-CHILDREN": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Hartlepool document; applies everywhere because a plan is per child (RULES.md).",
                },
            },
            "SCALING": {
                "mode": "off",
                "values": {"min": 0, "max": 10, "safe_end": "max"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document uses no scaling; switch off (scaling is local to Barnsley and Birmingham). Range 0 to 10 is ready if switched on.",
                },
            },
            "OPINION": {
                "mode": "required",
                "values": {
                    "scale_low_meaning": "the child is not safe",
                    "scale_high_meaning": "there is enough safety to close",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document sets no opinion format; each professional's opinion per child (as Staffordshire) is a product default. Scale wording is RULES.md's, used only if SCALING is on.",
                },
            },
            "CATEGORY": {
                "mode": "required",
                "values": {"categories": ["neglect", "physical", "emotional", "sexual"]},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the four categories of abuse are physical, emotional, sexual and neglect.",
                    "note": "The Hartlepool document names no categories; the chair decides a disputed primary category (as Barnsley).",
                },
            },
            "DECISION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not say who decides; the chair decides with a written rationale where opinions differ (West Sussex, Barnsley) as a product default.",
                },
            },
            "DISSENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "If you have different views to everyone else, say so, give your reasons and ensure they are recorded.",
                    "note": "",
                },
            },
            "SCORE-ALL-ZERO": {
                "mode": "off",
                "values": {"score": 0, "more_than_fraction": 0.5, "escalate_to_role": "team_manager"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "SCORE-MAJ-ABOVE-5": {
                "mode": "off",
                "values": {"above": 5, "more_than_fraction": 0.5},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "OUTCOME": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "What will show us that the child is safe?",
                    "note": "Outcome statements and outcome indicators, and who collects the information.",
                },
            },
            "PLAN-KINDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NEXT-DATES": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Hartlepool document; required so that the first core group and the next review are booked (product default, as Barnsley).",
                },
            },
            "PROF-SLOT": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Hartlepool document; asking before the conference is advised as a product default. Slot content never reaches the family in any authority.",
                },
            },
            "OBSERVER": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Hartlepool document; asking the chair before the day is advised as a product default.",
                },
            },
            "PRE-MEET": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CHAIR-INDEPENDENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document states no independence rule; the chair is neither the case's social worker nor their team manager (Barnsley, West Sussex), as a product default.",
                },
            },
            "CHILD-PARTICIPATION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "children's views and opinions can be presented to the conference in different ways",
                    "note": "",
                },
            },
            "PARENT-VIEWS": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "They may need support in compiling their views, feelings and comments in a written or alternative format for presentation at the conference.",
                    "note": "",
                },
            },
            "FAMILY-INVITE": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Product rule (RULES.md source: product): family members have no accounts; they are invited by letter or in person and how and when is recorded.",
                },
            },
            "MIDWAY-REVIEW": {
                "mode": "on",
                "values": {"resets_review_cycle": False},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Hartlepool document; switched on as a product default (from Barnsley). Does not reset the review cycle (product default).",
                },
            },
            "SEPARATE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "FAMILY-NEEDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NON-ATTEND-LETTER": {
                "mode": "off",
                "values": {"pattern_count": 3, "pattern_months": 6},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "ARRIVE-30": {
                "mode": "off",
                "values": {"minutes_before": 30},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "Arrive on time.",
                    "note": "Hartlepool asks only that practitioners arrive on time (early enough to read reports not yet read); no 30-minute rule, so off. 30 minutes is Staffordshire's figure.",
                },
            },
            "REPORT-FIELDS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document lists no report fields; Staffordshire's minimum contents advised as a product default.",
                },
            },
            "REPORT-REVIEW": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "your report (or the combined report from the core group) should include your assessment of the progress of implementation of the protection plan",
                    "note": "A core group may send one combined report.",
                },
            },
            "REPORT-FOAO": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-SHARED": {
                "mode": "required",
                "values": {"exempt_agency_types": []},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "Share your report with the family",
                    "note": "",
                },
            },
            "REPORT-PROXY": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "If you are representing a colleague at the conference",
                    "note": "A colleague representing the author must understand their opinions, views and rationale.",
                },
            },
            "REPORT-OWN-FORM": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Hartlepool document; switched on as a product default (from Staffordshire), as long as the minimum fields are there.",
                },
            },
            "STEPDOWN-CIN-3M": {
                "mode": "off",
                "values": {"unit": "months", "amount": 3, "direction": "after", "counts_from": "plan_end"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "DELIST-CONVERSATION": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "PLAN-CHANGES": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "HP",
                    "quote": "Any adjustments made to the plan",
                    "note": "Hartlepool's core group minutes record adjustments to the plan.",
                },
            },
            "ESCALATION": {
                "mode": "required",
                "values": {
                    "ladder": [
                        {"level": 1, "label": "Team manager", "roles": ["team_manager"], "working_days": 2},
                        {
                            "level": 2,
                            "label": "Service manager",
                            "roles": ["service_manager"],
                            "working_days": 2,
                        },
                        {
                            "level": 3,
                            "label": "Head of service",
                            "roles": ["head_of_service"],
                            "working_days": 2,
                        },
                    ]
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Hartlepool document gives no escalation ladder; product default: team manager, then service manager, then head of service, 2 working days per level.",
                },
            },
            "LONG-PLAN": {
                "mode": "required",
                "values": {"flag_months": [18, 24], "flag_repeat_plans": True},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "National performance measures: children on a plan for 18 months and for 2 years or more, and children on a second or later plan.",
                    "note": "The Hartlepool document gives no numbers for this; national measures (RULES.md cites Working Together).",
                },
            },
        },
    },
    {
        "slug": "barnsley",
        "name": "Barnsley",
        "seed": "BA",
        "effective_from": "2015-01-01",
        "wt_edition": {
            "value": "2023",
            "source": {
                "kind": "seed",
                "document": "BA",
                "quote": "Working Together to Safeguard Children 2023 provides statutory guidance on how conferences should be conducted",
                "note": "",
            },
        },
        "chair_title": {
            "value": "Independent Chair",
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'The Barnsley slides call the role "Conference Chair" and say chairs act "independent of case management"; product default title.',
            },
        },
        "due_soon_working_days": {
            "value": 5,
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'RULES.md: "due soon" means within 5 working days; product default, no document gives a number.',
            },
        },
        "framework": {
            "name": "Signs of Safety",
            "source": {
                "kind": "seed",
                "document": "BA",
                "quote": "Danger statement and safety goals",
                "note": "Barnsley's agenda follows Signs of Safety headings (danger statement and safety goals, what we are worried about, what is working well); the slides do not name the framework.",
            },
            "agenda": [
                {
                    "key": "introductions",
                    "heading": "Introductions and apologies",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "professional_slot",
                    "heading": "Professional slot (not shared with the family)",
                    "review_only": False,
                    "family_visible": False,
                },
                {
                    "key": "child_voice",
                    "heading": "Child's voice (including any advocacy reports)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "family_network",
                    "heading": "Family support and networks",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "danger_statement",
                    "heading": "Danger statement and safety goals",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "review_of_plan",
                    "heading": "Review of plan actions (reviews only)",
                    "review_only": True,
                    "family_visible": True,
                },
                {
                    "key": "worries",
                    "heading": "What we are worried about (harm and complicating factors)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "working_well",
                    "heading": "What is working well (strengths and safety)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "chairs_summary",
                    "heading": "Chair's summary",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "decision",
                    "heading": "Decision and recommendations (scaling 0-10, category of harm)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "plan",
                    "heading": "Finalise the plan, including contingency plan and bottom lines",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "next_dates",
                    "heading": "Date of next review and core group; core group members",
                    "review_only": False,
                    "family_visible": True,
                },
            ],
            "report_headings": [
                {"key": "worries", "heading": "What are we worried about? (harm and complicating factors)"},
                {
                    "key": "working_well",
                    "heading": "What is working well? (strengths and acts of protection)",
                },
                {
                    "key": "needs_to_happen",
                    "heading": "What needs to happen? (actions your agency can do in the plan)",
                },
                {
                    "key": "recommendation",
                    "heading": "Recommendation: plan or not and why, scaling 0-10, primary category of harm",
                },
            ],
        },
        "rules": {
            "ICPC-15WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 15,
                    "direction": "after",
                    "counts_from": "strategy_discussion",
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "The initial conference (ICPC) must take place within 15 working days of the strategy discussion.",
                    "note": "",
                },
            },
            "CG1-10WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 10,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first core group meets within 10 working days of the initial conference.",
                    "note": "The Barnsley document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPC1-3M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 3,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "The first RCPC takes place within three months of the ICPC to review progress of the Child Protection Plan.",
                    "note": "",
                },
            },
            "RCPCN-6M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "previous_review",
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "RCPC's will then take place a minimum of every six months while the Child Protection Plan remains in place.",
                    "note": "Read as within 6 months of the previous review.",
                },
            },
            "REPORT-2WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                    "reminder_working_days": [5, 2],
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Complete the RCPC report and share with professionals and family at least 2 days before the meeting.",
                    "note": '"At least 2 days" is read as working days, like Barnsley\'s other timescales.',
                },
            },
            "SW-REPORT": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Complete the RCPC report and share with professionals and family at least 2 days before the meeting.",
                    "note": 'The ICPC report likewise "at least 2 days" before; read as working days, like Barnsley\'s other timescales.',
                },
            },
            "REFERRAL-24H": {
                "mode": "off",
                "values": {"unit": "hours", "amount": 24, "direction": "after", "counts_from": "referral"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Barnsley document. Context only (West Sussex): referrals are handled before a case reaches this product; not enforced.",
                },
            },
            "CG-MIN2": {
                "mode": "off",
                "values": {"min_meetings": 2, "flag_working_days_before_review": 10},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-6WK": {
                "mode": "off",
                "values": {
                    "unit": "weeks",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "first_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-2M": {
                "mode": "off",
                "values": {
                    "unit": "months",
                    "amount": 2,
                    "direction": "after",
                    "counts_from": "previous_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-PRE-REVIEW": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-MINUTES": {
                "mode": "advised",
                "values": {
                    "required_fields": [
                        "date",
                        "time",
                        "venue",
                        "purpose",
                        "attendees",
                        "apologies",
                        "absentees",
                        "chair",
                        "minute_taker",
                        "reports_from_absent",
                        "plan_item_progress",
                        "plan_item_agreement",
                        "plan_item_reasons",
                        "plan_changes",
                        "child_voice",
                        "action_points",
                        "action_owners",
                        "action_timescales",
                        "action_points_checked",
                        "next_meeting_date",
                        "next_meeting_time",
                        "next_meeting_venue",
                    ],
                    "optional_fields": ["summary"],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document lists no minute contents; Hartlepool's contents advised as a product default.",
                },
            },
            "CG-CHAIR-NOT-MINUTER": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Hartlepool (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-CONVENOR": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-SEE-CHILD": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-ATTENDANCE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "QUORUM": {
                "mode": "required",
                "values": {"min_other_agencies": 2, "requires_chair": True, "requires_social_worker": True},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "It should have a minimum of the social worker and 2 other professionals from different agencies",
                    "note": "The chair's presence is implied: the chair runs the conference.",
                },
            },
            "QUORUM-OVERRIDE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Barnsley document; an inquorate conference is adjourned (product default).",
                },
            },
            "ALL-CHILDREN": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Barnsley document; applies everywhere because a plan is per child (RULES.md).",
                },
            },
            "SCALING": {
                "mode": "on",
                "values": {"min": 0, "max": 10, "safe_end": "max"},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Decision and Recommendations (Scaling from 0-10) (Category of harm)",
                    "note": "10 means there is enough safety to close (direction per RULES.md; the slide gives the range only).",
                },
            },
            "OPINION": {
                "mode": "required",
                "values": {
                    "scale_low_meaning": "the child is not safe",
                    "scale_high_meaning": "there is enough safety to close",
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Be clear what you are recommending and why. Provide a clear analysis and clear scale. Provide the category of harm that is the primary risk for that child.",
                    "note": "Scale ends (0 not safe, 10 enough safety to close) are RULES.md's wording; the slide gives the range 0-10 only.",
                },
            },
            "CATEGORY": {
                "mode": "required",
                "values": {"categories": ["neglect", "physical", "emotional", "sexual"]},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "If the category of harm is not agreed; the Chairperson will decide the primary category of harm that should be recorded for the child",
                    "note": "Every child on a plan has one primary category: neglect, physical, emotional or sexual.",
                },
            },
            "DECISION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "If the decision is split or if a majority decision cannot be reached; The Chairperson will make the decision whether the child should have a CP plan and give a clear rationale.",
                    "note": "",
                },
            },
            "DISSENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Barnsley document; applies everywhere (RULES.md).",
                },
            },
            "SCORE-ALL-ZERO": {
                "mode": "off",
                "values": {"score": 0, "more_than_fraction": 0.5, "escalate_to_role": "team_manager"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "SCORE-MAJ-ABOVE-5": {
                "mode": "off",
                "values": {"above": 5, "more_than_fraction": 0.5},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "OUTCOME": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "The act of protection must mitigate each specific identified danger",
                    "note": "Plan: danger statement, safety goals, contingency plan and bottom lines.",
                },
            },
            "PLAN-KINDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NEXT-DATES": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Date of next review and the Core Group; including who is a core group member",
                    "note": "",
                },
            },
            "PROF-SLOT": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Barnsley document; asking before the conference is advised as a product default. Slot content never reaches the family in any authority.",
                },
            },
            "OBSERVER": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Barnsley document; asking the chair before the day is advised as a product default.",
                },
            },
            "PRE-MEET": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CHAIR-INDEPENDENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Chairs have a statutory function to chair child protection conferences independent of case management.",
                    "note": "",
                },
            },
            "CHILD-PARTICIPATION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Child voice (including any advocacy reports)",
                    "note": "",
                },
            },
            "PARENT-VIEWS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this; advised as a product default (as West Sussex and Hartlepool).",
                },
            },
            "FAMILY-INVITE": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Product rule (RULES.md source: product): family members have no accounts; they are invited by letter or in person and how and when is recorded.",
                },
            },
            "MIDWAY-REVIEW": {
                "mode": "on",
                "values": {"resets_review_cycle": False},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "The Conference Chair: Midway review",
                    "note": "Not resetting the review cycle is a product default.",
                },
            },
            "SEPARATE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to West Sussex and Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "FAMILY-NEEDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NON-ATTEND-LETTER": {
                "mode": "off",
                "values": {"pattern_count": 3, "pattern_months": 6},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "ARRIVE-30": {
                "mode": "off",
                "values": {"minutes_before": 30},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-FIELDS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Be clear what you are recommending and why. Provide a clear analysis and clear scale. Provide the category of harm that is the primary risk for that child.",
                    "note": "Barnsley sets the recommendation fields (plan or not, scale, category, what the agency can do); the other minimum fields are Staffordshire's, advised as a product default.",
                },
            },
            "REPORT-REVIEW": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set review report contents; Staffordshire's and Hartlepool's advised as a product default.",
                },
            },
            "REPORT-FOAO": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-SHARED": {
                "mode": "required",
                "values": {"exempt_agency_types": []},
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Complete the RCPC report and share with professionals and family at least 2 days before the meeting.",
                    "note": "",
                },
            },
            "REPORT-PROXY": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Barnsley document; advised as a product default (as Staffordshire and Hartlepool).",
                },
            },
            "REPORT-OWN-FORM": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Barnsley document; switched on as a product default (from Staffordshire), as long as the minimum fields are there.",
                },
            },
            "STEPDOWN-CIN-3M": {
                "mode": "off",
                "values": {"unit": "months", "amount": 3, "direction": "after", "counts_from": "plan_end"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "DELIST-CONVERSATION": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not set this rule; local to Birmingham (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "PLAN-CHANGES": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Barnsley document does not cover this; advised as a product default (from Birmingham).",
                },
            },
            "ESCALATION": {
                "mode": "required",
                "values": {
                    "ladder": [
                        {
                            "level": 1,
                            "label": "Team Manager and Conference Chair (internal resolution)",
                            "roles": ["team_manager", "chair"],
                            "working_days": 2,
                        },
                        {
                            "level": 2,
                            "label": "Service Manager, Safeguarding and Reviewing Unit",
                            "roles": ["service_manager"],
                            "working_days": 2,
                        },
                        {
                            "level": 3,
                            "label": "Named senior manager",
                            "roles": ["head_of_service"],
                            "working_days": 2,
                        },
                        {
                            "level": 4,
                            "label": "Escalation via the safeguarding partnership (external)",
                            "roles": ["authority_admin"],
                            "working_days": 2,
                        },
                    ]
                },
                "source": {
                    "kind": "seed",
                    "document": "BA",
                    "quote": "Inform the Team Manager and Conference Chair of issues early so they can escalate internally and with partner agencies.",
                    "note": "Ladder from the Barnsley document: team manager and chair, then the service manager of the Safeguarding and Reviewing Unit, then a named senior manager (the document names a person; shown here as a role), then the safeguarding partnership. 2 working days per level is a product default.",
                },
            },
            "LONG-PLAN": {
                "mode": "required",
                "values": {"flag_months": [18, 24], "flag_repeat_plans": True},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "National performance measures: children on a plan for 18 months and for 2 years or more, and children on a second or later plan.",
                    "note": "The Barnsley document gives no numbers for this; national measures (RULES.md cites Working Together).",
                },
            },
        },
    },
    {
        "slug": "birmingham",
        "name": "Birmingham",
        "seed": "BI",
        "effective_from": "2015-01-01",
        "wt_edition": {
            "value": "2015",
            "source": {
                "kind": "seed",
                "document": "BI",
                "quote": "This practice guidance should be read in conjunction with Working Together 2015",
                "note": "",
            },
        },
        "chair_title": {
            "value": "Independent Chair",
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'The Birmingham document calls the role "the chair" or "CP chair"; product default title.',
            },
        },
        "due_soon_working_days": {
            "value": 5,
            "source": {
                "kind": "default",
                "document": "",
                "quote": "",
                "note": 'RULES.md: "due soon" means within 5 working days; product default, no document gives a number.',
            },
        },
        "framework": {
            "name": "Strengthening Families",
            "source": {
                "kind": "seed",
                "document": "BI",
                "quote": "The 'Strengthening Families' model aims to foster as far as possible a spirit of collaborative working between professionals and families.",
                "note": "Information sharing with the family, strengths and concerns, danger/harm statement, safety statement with desired outcomes, scoring 0-10, and an outline plan with bottom lines.",
            },
            "agenda": [
                {
                    "key": "introductions",
                    "heading": "Introductions and apologies",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "professional_slot",
                    "heading": "Professional slot (not shared with the family)",
                    "review_only": False,
                    "family_visible": False,
                },
                {
                    "key": "reason_for_conference",
                    "heading": "Why the conference has been called: key recent events",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "child_voice",
                    "heading": "The child's voice and lived experience",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "danger_statement",
                    "heading": "Danger/harm statement (presented with the family)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "review_of_plan",
                    "heading": "Review of the previous plan, as updated by core groups (reviews only)",
                    "review_only": True,
                    "family_visible": True,
                },
                {
                    "key": "information_sharing",
                    "heading": "Information sharing (family members and professionals)",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "worries",
                    "heading": "Concerns: significant harm, risks and patterns",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "working_well",
                    "heading": "Strengths and existing safety",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "family_network",
                    "heading": "The family's views, strengths and ideas",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "chairs_summary",
                    "heading": "Chair's summary",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "decision",
                    "heading": "Scaling 0-10 and decision: CP plan, CIN plan or no plan",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "safety_statement",
                    "heading": "Safety statement and desired outcomes",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "plan",
                    "heading": "Outline plan, including safety bottom lines",
                    "review_only": False,
                    "family_visible": True,
                },
                {
                    "key": "next_dates",
                    "heading": "Date of next review and first core group; core group members",
                    "review_only": False,
                    "family_visible": True,
                },
            ],
            "report_headings": [
                {"key": "involvement", "heading": "Involvement with the child and family"},
                {"key": "worries", "heading": "Concerns: significant harm, recent events and patterns"},
                {"key": "working_well", "heading": "Strengths and existing safety"},
                {
                    "key": "needs_to_happen",
                    "heading": "What the plan must achieve: desired outcomes for the child",
                },
                {"key": "recommendation", "heading": "Recommendation and scaling score (0-10)"},
            ],
        },
        "rules": {
            "ICPC-15WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 15,
                    "direction": "after",
                    "counts_from": "strategy_discussion",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the initial conference is held within 15 working days of the strategy discussion at which section 47 enquiries were started.",
                    "note": "The Birmingham document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "CG1-10WD": {
                "mode": "required",
                "values": {
                    "unit": "working_days",
                    "amount": 10,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first core group meets within 10 working days of the initial conference.",
                    "note": "The Birmingham document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPC1-3M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 3,
                    "direction": "after",
                    "counts_from": "initial_conference",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the first review conference is held within 3 months of the initial conference.",
                    "note": "The Birmingham document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "RCPCN-6M": {
                "mode": "required",
                "values": {
                    "unit": "months",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "previous_review",
                },
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: later reviews are held at intervals of not more than 6 months while the plan lasts.",
                    "note": "The Birmingham document gives no number for this; statutory timescale from Working Together.",
                },
            },
            "REPORT-2WD": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                    "reminder_working_days": [5, 2],
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document gives no number; product default 2 working days, advised. Reminders 5 and 2 working days before are product defaults.",
                },
            },
            "SW-REPORT": {
                "mode": "advised",
                "values": {
                    "unit": "working_days",
                    "amount": 2,
                    "direction": "before",
                    "counts_from": "conference",
                },
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "to have prepared a plan with the family to be considered at the ICPC or Review Conference.",
                    "note": 'Birmingham gives no deadline: 2 working days is a product default (as REPORT-2WD). Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "REFERRAL-24H": {
                "mode": "off",
                "values": {"unit": "hours", "amount": 24, "direction": "after", "counts_from": "referral"},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document. Context only (West Sussex): referrals are handled before a case reaches this product; not enforced.",
                },
            },
            "CG-MIN2": {
                "mode": "off",
                "values": {"min_meetings": 2, "flag_working_days_before_review": 10},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-6WK": {
                "mode": "off",
                "values": {
                    "unit": "weeks",
                    "amount": 6,
                    "direction": "after",
                    "counts_from": "first_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-2M": {
                "mode": "off",
                "values": {
                    "unit": "months",
                    "amount": 2,
                    "direction": "after",
                    "counts_from": "previous_core_group",
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-PRE-REVIEW": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "should consider and discuss the recommendation being presented to conference in relation to whether a further period of CP listing is required and the rationale for this.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "CG-MINUTES": {
                "mode": "advised",
                "values": {
                    "required_fields": [
                        "date",
                        "time",
                        "venue",
                        "purpose",
                        "attendees",
                        "apologies",
                        "absentees",
                        "chair",
                        "minute_taker",
                        "reports_from_absent",
                        "plan_item_progress",
                        "plan_item_agreement",
                        "plan_item_reasons",
                        "plan_changes",
                        "child_voice",
                        "action_points",
                        "action_owners",
                        "action_timescales",
                        "action_points_checked",
                        "next_meeting_date",
                        "next_meeting_time",
                        "next_meeting_venue",
                    ],
                    "optional_fields": ["summary"],
                },
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "The updated plan should be reflected within the running core group minutes which are held within the child's electronic case record.",
                    "note": "Birmingham keeps running minutes in the child's record; Hartlepool's contents advised as a product default. Advised: Birmingham's guidance calls itself \"a framework for best practice\".",
                },
            },
            "CG-CHAIR-NOT-MINUTER": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to Hartlepool (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "CG-CONVENOR": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "the Social Worker will take the lead in the convening of core groups.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "CG-SEE-CHILD": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "The core group must ensure that the child protection plan sets out the frequency for all core group members to see the child and the frequency of all contacts.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "CG-ATTENDANCE": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "the Social Worker should inform their Team Manager who should make attempts to promptly resolve with the agency. If this cannot be achieved, the matter should be escalated in writing",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "QUORUM": {
                "mode": "required",
                "values": {"min_other_agencies": 2, "requires_chair": True, "requires_social_worker": True},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "To ensure that conferences are all quorate and reports are received from agencies who are currently involved with the family.",
                    "note": 'Birmingham says "quorate" without a number: 2 other agencies besides the chair and social worker is a product default.',
                },
            },
            "QUORUM-OVERRIDE": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document; an inquorate conference is adjourned (product default).",
                },
            },
            "ALL-CHILDREN": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Birmingham document; applies everywhere because a plan is per child (RULES.md).",
                },
            },
            "SCALING": {
                "mode": "on",
                "values": {"min": 0, "max": 10, "safe_end": "max"},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "where most or all of the conference attendees score 0, the chair should escalate this to the Social Worker Management Team for oversight around decision making and immediate next steps",
                    "note": "0 to 10, 10 meaning enough safety to close (direction per RULES.md; Birmingham's thresholds at 0 and above 5 imply it).",
                },
            },
            "OPINION": {
                "mode": "required",
                "values": {
                    "scale_low_meaning": "the child is not safe",
                    "scale_high_meaning": "there is enough safety to close",
                },
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "where most or all of the conference attendees score 0, the chair should escalate this to the Social Worker Management Team for oversight around decision making and immediate next steps",
                    "note": "Scale ends (0 not safe, 10 enough safety to close) are RULES.md's wording; the document gives the thresholds, not the ends.",
                },
            },
            "CATEGORY": {
                "mode": "required",
                "values": {"categories": ["neglect", "physical", "emotional", "sexual"]},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "Working Together: the four categories of abuse are physical, emotional, sexual and neglect.",
                    "note": "The Birmingham document names no categories; the chair decides a disputed primary category (as Barnsley).",
                },
            },
            "DECISION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "Determine whether the plan should be CP or CIN plan.",
                    "note": "A written rationale where the opinions are not unanimous is a product default (as Barnsley).",
                },
            },
            "DISSENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Birmingham document; applies everywhere (RULES.md).",
                },
            },
            "SCORE-ALL-ZERO": {
                "mode": "advised",
                "values": {"score": 0, "more_than_fraction": 0.5, "escalate_to_role": "team_manager"},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "where most or all of the conference attendees score 0, the chair should escalate this to the Social Worker Management Team for oversight around decision making and immediate next steps",
                    "note": '"Most" is read as more than half of those scoring; the "Social Worker Management Team" is the team manager role. Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "SCORE-MAJ-ABOVE-5": {
                "mode": "advised",
                "values": {"above": 5, "more_than_fraction": 0.5},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "In circumstances where the majority score is above 5, the chair should facilitate a discussion to consider whether a CIN plan would suffice.",
                    "note": '"Majority" is read as more than half of those scoring. Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "OUTCOME": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": 'Establish safety "bottom lines" which are non-negotiable.',
                    "note": "Outcome is a CP plan, a CIN plan or no plan.",
                },
            },
            "PLAN-KINDS": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to West Sussex (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "NEXT-DATES": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not stated in the Birmingham document; required so that the first core group and the next review are booked (product default, as Barnsley).",
                },
            },
            "PROF-SLOT": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document; asking before the conference is advised as a product default. Slot content never reaches the family in any authority.",
                },
            },
            "OBSERVER": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document; asking the chair before the day is advised as a product default.",
                },
            },
            "PRE-MEET": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "Before the start of the ICPC, the chair of the meeting should also meet with the family.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "CHAIR-INDEPENDENT": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document states no independence rule; the chair is neither the case's social worker nor their team manager (Barnsley, West Sussex), as a product default.",
                },
            },
            "CHILD-PARTICIPATION": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "To agree with the chair who will discuss the outcome of the meeting and share the safety plan with the child/ren.",
                    "note": "",
                },
            },
            "PARENT-VIEWS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "Family members are asked to put forward their views, to talk about their own strengths/concerns and to contribute ideas about the best way forwards.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "FAMILY-INVITE": {
                "mode": "required",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Product rule (RULES.md source: product): family members have no accounts; they are invited by letter or in person and how and when is recorded.",
                },
            },
            "MIDWAY-REVIEW": {
                "mode": "on",
                "values": {"resets_review_cycle": False},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document; switched on as a product default (from Barnsley). Does not reset the review cycle (product default).",
                },
            },
            "SEPARATE": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "any court orders or bail conditions that are in place, which would prevent parties to attend together",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "FAMILY-NEEDS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "discuss who from the family (in its widest sense) should be invited to the meeting, including the children, and how they might be supported, advocacy, transport, childcare, interpreting services, etc;",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "NON-ATTEND-LETTER": {
                "mode": "advised",
                "values": {"pattern_count": 3, "pattern_months": 6},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "To write to any professional who did not attend or send a report for a conference and request an explanation as to why this has happened.",
                    "note": 'Patterns are raised "through the CP and review management structure"; 3 in 6 months is a product default. Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "ARRIVE-30": {
                "mode": "off",
                "values": {"minutes_before": 30},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-FIELDS": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document lists no report fields; Staffordshire's minimum contents advised as a product default.",
                },
            },
            "REPORT-REVIEW": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "The rationale for the development of the plan should be reflected in the reports presented to the conference to review the decision in respect of the plan.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "REPORT-FOAO": {
                "mode": "off",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not set this rule; local to Staffordshire and Stoke-on-Trent (RULES.md), so off as shipped. Values are product defaults, ready if an administrator switches it on.",
                },
            },
            "REPORT-SHARED": {
                "mode": "required",
                "values": {"exempt_agency_types": []},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document does not cover sharing reports with the family; required everywhere as shipped (RULES.md), with no exempt agency.",
                },
            },
            "REPORT-PROXY": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document; advised as a product default (as Staffordshire and Hartlepool).",
                },
            },
            "REPORT-OWN-FORM": {
                "mode": "on",
                "values": {},
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "Not in the Birmingham document; switched on as a product default (from Staffordshire), as long as the minimum fields are there.",
                },
            },
            "STEPDOWN-CIN-3M": {
                "mode": "advised",
                "values": {"unit": "months", "amount": 3, "direction": "after", "counts_from": "plan_end"},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "To ensure that all children who are de-listed from a CP plan have in place, for at least 3 months, a CIN plan, except in those circumstances where a child/ren have become looked after",
                    "note": "Or moved to another local authority; otherwise the reason and a head of service's oversight are recorded. Advised: Birmingham's guidance calls itself \"a framework for best practice\".",
                },
            },
            "DELIST-CONVERSATION": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "if the recommendation from the Social Worker Team is that a child/ren should be de-listed from a plan at 3 months, if the CP plan has been changed from the ICPC or last Review",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "PLAN-CHANGES": {
                "mode": "advised",
                "values": {},
                "source": {
                    "kind": "seed",
                    "document": "BI",
                    "quote": "The CP chair should be advised of any changes to the plan as part of the preparation for the child protection review.",
                    "note": 'Advised: Birmingham\'s guidance calls itself "a framework for best practice".',
                },
            },
            "ESCALATION": {
                "mode": "required",
                "values": {
                    "ladder": [
                        {"level": 1, "label": "Team manager", "roles": ["team_manager"], "working_days": 2},
                        {
                            "level": 2,
                            "label": "Service manager",
                            "roles": ["service_manager"],
                            "working_days": 2,
                        },
                        {
                            "level": 3,
                            "label": "Head of service",
                            "roles": ["head_of_service"],
                            "working_days": 2,
                        },
                    ]
                },
                "source": {
                    "kind": "default",
                    "document": "",
                    "quote": "",
                    "note": "The Birmingham document gives no escalation ladder; product default: team manager, then service manager, then head of service, 2 working days per level.",
                },
            },
            "LONG-PLAN": {
                "mode": "required",
                "values": {"flag_months": [18, 24], "flag_repeat_plans": True},
                "source": {
                    "kind": "wt",
                    "document": "WT",
                    "quote": "National performance measures: children on a plan for 18 months and for 2 years or more, and children on a second or later plan.",
                    "note": "The Birmingham document gives no numbers for this; national measures (RULES.md cites Working Together).",
                },
            },
        },
    },
]
