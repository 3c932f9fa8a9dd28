"""The conference page's preparation checklist keeps each rule id and its mode ("Required",
"Advised") whole: the table's cells break long words anywhere, which split "Required" in two at
1280 px and "CHILD-PARTICIPATION" at 768 px."""

from __future__ import annotations

import re

import pytest

from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, make_case, working_day

pytestmark = pytest.mark.django_db


def test_each_rule_id_and_mode_in_the_checklist_stays_whole(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    client.force_login(case.social_worker.user)
    page = client.get(f"/{mine.slug}/conferences/{conference.pk}/").content.decode()
    assert "{#" not in page and "#}" not in page  # a template comment is never shown
    rules = re.findall(r'<td data-label="Rule" class="govuk-table__cell">(.*?)</td>', page)
    modes = re.findall(r'<td data-label="Here" class="govuk-table__cell">(.*?)</td>', page)
    assert rules and len(rules) == len(modes), "the checklist lists the rules"
    for rule in rules:
        assert re.fullmatch(r'<span class="app-nowrap">[A-Z0-9-]+</span>', rule), rule
    for mode in modes:
        assert re.fullmatch(r'<span class="app-nowrap">(Required|Advised)</span>', mode), mode
