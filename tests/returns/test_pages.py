"""The returns page and its downloads: who may use them, what they send, and bad input answered
with a message naming the field (never a 500). Annex A lists traced to their records."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from authorities.models import Role
from cases.models import ChildProtectionPlan
from returns.annex_a import LIST_5, LIST_7, list_5_rows, list_7_rows
from returns.checks import census_problems
from returns.periods import Period
from tests.factories import (
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    MembershipFactory,
    StrategyDiscussionFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _login(client, authority, role):
    membership = MembershipFactory(authority=authority, role=role)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def on_a_plan(two_authorities):
    mine, theirs = two_authorities
    mine.dfe_la_code = "370"
    mine.save()
    family = FamilyFactory(authority=mine, referral_on=D(2025, 9, 1), referral_source="2A", primary_need="N1")
    child = ChildFactory(
        family=family,
        la_child_id="KID42",
        sex="M",
        ethnicity_code="BAFR",
        disability_codes=["NONE"],
        date_of_birth=D(2015, 7, 1),
    )
    discussion = StrategyDiscussionFactory(family=family, held_on=D(2025, 9, 3))
    discussion.children.set([child])
    start = datetime.datetime(2025, 9, 17, 10, tzinfo=datetime.UTC)
    icpc = ConferenceFactory(
        family=family,
        children=[child],
        starts_at=start,
        status="held",
        held_on=D(2025, 9, 17),
        strategy_discussion=discussion,
    )
    ConferenceFactory(
        family=family,
        children=[child],
        kind="review",
        previous=icpc,
        status="held",
        held_on=D(2025, 12, 10),
        starts_at=datetime.datetime(2025, 12, 10, 10, tzinfo=datetime.UTC),
    )
    from conferences.models import Decision

    Decision.objects.create(
        authority=mine,
        conference=icpc,
        child=child,
        outcome="cp_plan",
        category="sexual",
        decided_by=icpc.chair,
    )
    ChildProtectionPlan.objects.create(
        authority=mine, child=child, category="sexual", started_on=D(2025, 9, 17), started_at_conference=icpc
    )
    return mine, theirs, child


@pytest.mark.parametrize("role", [Role.AUTHORITY_ADMIN, Role.SERVICE_MANAGER, Role.TEAM_MANAGER])
def test_administrators_and_managers_see_the_returns_page(client, on_a_plan, role):
    mine, _, _ = on_a_plan
    _login(client, mine, role)
    page = client.get(f"/{mine.slug}/returns/")
    assert page.status_code == 200
    assert "Children in Need census" in page.content.decode() and "LA code 370" in page.content.decode()


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.CHAIR, Role.PRACTITIONER])
def test_other_roles_are_refused_the_returns(client, on_a_plan, role):
    mine, _, _ = on_a_plan
    _login(client, mine, role)
    for url in ("returns/", "returns/cin-census.xml?year=2025-26", "returns/annex-a/?list=7"):
        assert client.get(f"/{mine.slug}/{url}").status_code == 403


def test_another_authoritys_manager_cannot_reach_these_returns(client, on_a_plan):
    mine, theirs, _ = on_a_plan
    _login(client, theirs, Role.SERVICE_MANAGER)
    for url in (
        "returns/",
        "returns/cin-census.xml?year=2025-26",
        "returns/annex-a/?list=7&start=2025-01-01",
    ):
        assert client.get(f"/{mine.slug}/{url}").status_code == 404
    # Their own census holds none of this authority's children.
    theirs.dfe_la_code = "861"
    theirs.save()
    response = client.get(f"/{theirs.slug}/returns/cin-census.xml?year=2025-26")
    root = ET.fromstring(b"".join(response.streaming_content))
    assert root.find("Children").findall("Child") == []


def test_the_census_download_is_the_years_xml(client, on_a_plan):
    mine, _, _ = on_a_plan
    _login(client, mine, Role.AUTHORITY_ADMIN)
    response = client.get(f"/{mine.slug}/returns/cin-census.xml?year=2025-26")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert 'filename="cin-census-370-2025-26.xml"' in response["Content-Disposition"]
    root = ET.fromstring(b"".join(response.streaming_content))
    assert root.findtext("Header/Source/LEA") == "370"
    (sent,) = root.iter("Child")
    assert sent.findtext("ChildIdentifiers/LAchildID") == "KID42"
    assert sent.findtext("CINdetails/PrimaryNeedCode") == "N1"  # Family.primary_need


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=2025", "Give the collection year as YYYY-YY"),
        ("year=2025-27", "is not one year"),
        ("", "Enter the collection year"),
    ],
)
def test_a_bad_year_is_answered_on_the_page_naming_the_field(client, on_a_plan, query, message):
    mine, _, _ = on_a_plan
    _login(client, mine, Role.AUTHORITY_ADMIN)
    response = client.get(f"/{mine.slug}/returns/cin-census.xml?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'href="#id_year"' in page


def test_a_bad_annex_a_period_is_answered_on_the_page(client, on_a_plan):
    mine, _, _ = on_a_plan
    _login(client, mine, Role.SERVICE_MANAGER)
    response = client.get(f"/{mine.slug}/returns/annex-a/?list=9&start=2026-01-01&end=2025-01-01&format=pdf")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_list"' in page and 'href="#id_format"' in page
    response = client.get(f"/{mine.slug}/returns/annex-a/?list=7&start=2026-01-01&end=2025-01-01&format=csv")
    assert response.status_code == 400 and "end is before its start" in response.content.decode()


def test_annex_a_list_7_as_csv_and_xlsx(client, on_a_plan):
    mine, _, _ = on_a_plan
    _login(client, mine, Role.HEAD_OF_SERVICE)
    query = "list=7&start=2025-10-01&end=2026-03-31"
    response = client.get(f"/{mine.slug}/returns/annex-a/?{query}&format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    assert tuple(rows[0]) == LIST_7 and len(rows) == 2
    response = client.get(f"/{mine.slug}/returns/annex-a/?{query}&format=xlsx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as book:
        strings = (
            book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
        )
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "KID42" in strings + sheet and "Child Protection Plan Start Date" in strings + sheet


def test_list_5_and_list_7_rows_trace_to_their_records(on_a_plan):
    mine, _, child = on_a_plan
    period = Period(D(2025, 9, 1), D(2026, 2, 28))
    (row5,) = list_5_rows(mine, period)
    five = dict(zip(LIST_5, row5, strict=True))
    assert five["Child Unique ID"] == "KID42" and five["Gender"] == "Male" and five["Ethnicity"] == "BAFR"
    assert five["Date of Birth"] == "01/07/2015" and five["Age of Child (Years)"] == "10"
    assert five["Does the Child have a Disability"] == "No"
    assert five["Strategy discussion initiating Section 47 Enquiry Start Date"] == "03/09/2025"
    assert five["Date of Initial Child Protection Conference"] == "17/09/2025"
    assert five["Was an Initial Child Protection Conference deemed unnecessary?"] == "No"
    assert five["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "Yes"
    assert five["Allocated Team"] == ""  # not held: the column stays, empty
    assert five["Allocated Worker"] == child.family.social_worker.user.display_name
    (row7,) = list_7_rows(mine, period)
    seven = dict(zip(LIST_7, row7, strict=True))
    assert seven["Child Protection Plan Start Date"] == "17/09/2025"
    assert seven["Initial Category of Abuse"] == "SAB" and seven["Latest Category of Abuse"] == "SAB"
    assert seven["Date of latest review conference"] == "10/12/2025"
    assert (
        seven["Child Protection Plan End Date"] == ""
        and seven["Number of Previous Child Protection Plans"] == "0"
    )
    assert list(list_5_rows(mine, Period(D(2025, 10, 1), D(2026, 2, 28)))) == []  # enquiry before the period


def test_a_return_that_cannot_be_valid_is_refused_with_the_reason(client, on_a_plan):
    mine, _, child = on_a_plan
    _login(client, mine, Role.AUTHORITY_ADMIN)
    # A child whose LA child ID is another child's product id: two children would share an ID.
    sibling = ChildFactory(family=child.family, la_child_id=str(child.pk))
    ChildProtectionPlan.objects.create(
        authority=mine, child=sibling, category="neglect", started_on=D(2025, 9, 17)
    )
    child.la_child_id = ""
    child.save()
    response = client.get(f"/{mine.slug}/returns/cin-census.xml?year=2025-26")
    assert response.status_code == 400 and "CENSUS-CHILD-ID" in response.content.decode()
    listed = [p for p in census_problems(mine) if p.rule_id == "CENSUS-CHILD-ID"]
    assert [p.record for p in listed] == [f"child {sibling.pk} ({sibling.first_name})"]
    mine.dfe_la_code = ""
    mine.save()
    response = client.get(f"/{mine.slug}/returns/cin-census.xml?year=2025-26")
    assert response.status_code == 400 and "no DfE LA code" in response.content.decode()


def test_the_api_takes_the_census_items_and_names_the_rule_it_refuses(client, on_a_plan):
    mine, _, child = on_a_plan
    worker = child.family.social_worker
    client.force_login(worker.user)
    url = f"/api/v1/{mine.slug}/children/{child.pk}/"
    response = client.patch(url, {"upn": "B950000178301"}, content_type="application/json")
    assert response.status_code == 400 and "CENSUS-CHILD-ID" in response.content.decode()
    response = client.patch(
        url, {"upn": "A950000178301", "disability_codes": ["HEAR"]}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["upn"] == "A950000178301" and response.json()["disability_codes"] == ["HEAR"]
