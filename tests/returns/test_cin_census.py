"""The CIN census XML for a small hand-built set of children: each field traced to the record it
comes from, the children and episodes the year counts, and the department's element order."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from cases.models import ChildInNeedPlan, ChildProtectionPlan, StrategyDiscussion
from conferences.models import Decision
from returns.cin_census import ELEMENT_ORDER, write_cin_census
from returns.periods import CollectionYear
from scheduling.models import Deadline
from tests.factories import ChildFactory, ConferenceFactory, FamilyFactory, StrategyDiscussionFactory

D = datetime.date
YEAR = CollectionYear.parse("2025-26")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def _conference(family, child, kind, day, **kwargs):
    conference = ConferenceFactory(
        family=family, children=[child], kind=kind, starts_at=_at(day), status="held", held_on=day, **kwargs
    )
    return conference


@pytest.fixture
def census_set(two_authorities):
    """Ava: born, every census item recorded, an enquiry, an initial conference, a plan whose category
    changed at a review, and a plan years before. Ben: unborn, an enquiry that needed no conference.
    Cal: a plan that ended before the year (not counted). Dee: another authority's child."""
    mine, theirs = two_authorities
    mine.dfe_la_code = "938"
    mine.save()
    family = FamilyFactory(authority=mine, referral_on=D(2025, 5, 1), referral_source="6")
    ava = ChildFactory(
        family=family,
        la_child_id="AVA001",
        upn="A950000178301",
        sex="F",
        ethnicity_code="WBRI",
        disability_codes=["HEAR", "LD"],
        date_of_birth=D(2018, 3, 14),
    )
    discussion = StrategyDiscussionFactory(family=family, held_on=D(2025, 5, 6))
    discussion.children.set([ava])
    Deadline.objects.create(
        authority=mine,
        rule_id="ICPC-15WD",
        mode="required",
        subject_type=ContentType.objects.get_for_model(StrategyDiscussion),
        subject_id=discussion.pk,
        family=family,
        label="ICPC",
        event_on=D(2025, 5, 6),
        due_on=D(2025, 5, 28),
    )
    icpc = _conference(family, ava, "initial", D(2025, 5, 20), strategy_discussion=discussion)
    Decision.objects.create(
        authority=mine,
        conference=icpc,
        child=ava,
        outcome="cp_plan",
        category="neglect",
        decided_by=icpc.chair,
    )
    ChildProtectionPlan.objects.create(
        authority=mine,
        child=ava,
        category="physical",
        started_on=D(2021, 6, 1),
        ended_on=D(2022, 1, 10),
    )
    plan = ChildProtectionPlan.objects.create(
        authority=mine, child=ava, category="emotional", started_on=D(2025, 5, 20), started_at_conference=icpc
    )
    _conference(family, ava, "review", D(2025, 8, 18), previous=icpc)
    _conference(family, ava, "review", D(2026, 2, 16), previous=icpc)
    _conference(family, ava, "review", D(2026, 4, 20), previous=icpc)  # after the year: not sent
    ChildInNeedPlan.objects.create(
        authority=mine, child=ava, started_on=D(2022, 1, 10), ended_on=D(2022, 6, 1)
    )  # before the year: not sent

    other = FamilyFactory(authority=mine, referral_on=D(2026, 1, 20), referral_source="3B")
    ben = ChildFactory(
        family=other, unborn=True, date_of_birth=None, expected_date=D(2026, 5, 1), upn_unknown="UN1"
    )
    unborn_discussion = StrategyDiscussionFactory(family=other, held_on=D(2026, 2, 2), icpc_not_required=True)
    unborn_discussion.children.set([ben])

    earlier = FamilyFactory(authority=mine)
    cal = ChildFactory(family=earlier, sex="M")
    ChildProtectionPlan.objects.create(
        authority=mine, child=cal, category="neglect", started_on=D(2023, 1, 5), ended_on=D(2024, 3, 1)
    )
    dee = ChildFactory(family=FamilyFactory(authority=theirs))
    ChildProtectionPlan.objects.create(
        authority=theirs, child=dee, category="neglect", started_on=D(2025, 9, 1)
    )
    return {"authority": mine, "ava": ava, "ben": ben, "cal": cal, "dee": dee, "plan": plan, "icpc": icpc}


def _census(authority) -> tuple[ET.Element, str]:
    out = io.BytesIO()
    write_cin_census(
        out, authority=authority, year=YEAR, serial_no=7, now=datetime.datetime(2026, 5, 1, 9, 30)
    )
    text = out.getvalue().decode("utf-8")
    return ET.fromstring(text), text


def _child(root: ET.Element, la_child_id: str) -> ET.Element:
    for child in root.iter("Child"):
        if child.findtext("ChildIdentifiers/LAchildID") == la_child_id:
            return child
    raise AssertionError(f"{la_child_id} not in the return")


def test_the_header_names_the_collection_the_year_and_the_authority(census_set):
    root, _ = _census(census_set["authority"])
    assert root.tag == "Message"
    assert [e.text for e in root.find("Header/CollectionDetails")] == ["CIN", "2026", "2026-03-31"]
    source = {e.tag: e.text for e in root.find("Header/Source")}
    assert source["SourceLevel"] == "L" and source["LEA"] == "938"  # Authority.dfe_la_code
    assert source["SoftwareCode"] == "CPC" and source["SerialNo"] == "7"
    assert source["DateTime"] == "2026-05-01T09:30:00"


def test_the_year_counts_children_with_an_enquiry_a_conference_or_a_plan_in_it(census_set):
    root, _ = _census(census_set["authority"])
    ids = [e.text for e in root.iter("LAchildID")]
    assert ids == ["AVA001", str(census_set["ben"].pk)]  # Cal's plan ended before; Dee is elsewhere


def test_each_field_comes_from_the_record_a_social_worker_or_chair_made(census_set):
    root, _ = _census(census_set["authority"])
    ava = _child(root, "AVA001")
    identifiers = {e.tag: e.text for e in ava.find("ChildIdentifiers")}
    assert identifiers == {
        "LAchildID": "AVA001",  # Child.la_child_id
        "UPN": "A950000178301",  # Child.upn
        "PersonBirthDate": "2018-03-14",  # Child.date_of_birth
        "Sex": "F",  # Child.sex
    }
    assert ava.findtext("ChildCharacteristics/Ethnicity") == "WBRI"
    assert [e.text for e in ava.iterfind("ChildCharacteristics/Disabilities/Disability")] == ["HEAR", "LD"]
    episodes = ava.findall("CINdetails")
    assert len(episodes) == 1
    episode = episodes[0]
    assert episode.findtext("CINreferralDate") == "2025-05-01"  # Family.referral_on
    assert episode.findtext("ReferralSource") == "6"  # Family.referral_source
    assert episode.findtext("ReferralNFA") == "false"
    assert episode.find("PrimaryNeedCode") is None  # not held: left out, never invented
    assert episode.find("CINPlanDates") is None  # the CIN plan ended before the year
    (s47,) = episode.findall("Section47")
    assert {e.tag: e.text for e in s47} == {
        "S47ActualStartDate": "2025-05-06",  # StrategyDiscussion.held_on
        "InitialCPCtarget": "2025-05-28",  # the ICPC-15WD deadline row
        "DateOfInitialCPC": "2025-05-20",  # the initial conference's held_on
        "ICPCnotRequired": "false",
    }
    (plan,) = episode.findall("ChildProtectionPlans")
    assert plan.findtext("CPPstartDate") == "2025-05-20"
    assert plan.find("CPPendDate") is None
    assert plan.findtext("InitialCategoryOfAbuse") == "NEG"  # the ICPC's decision
    assert plan.findtext("LatestCategoryOfAbuse") == "EMO"  # the plan's category now
    assert plan.findtext("NumberOfPreviousCPP") == "1"  # the 2021 plan
    assert [e.text for e in plan.iterfind("Reviews/CPPreviewDate")] == ["2025-08-18", "2026-02-16"]


def test_an_unborn_child_has_an_expected_birth_date_sex_u_and_the_upn_reason(census_set):
    root, _ = _census(census_set["authority"])
    ben = _child(root, str(census_set["ben"].pk))
    identifiers = {e.tag: e.text for e in ben.find("ChildIdentifiers")}
    assert identifiers["ExpectedPersonBirthDate"] == "2026-05-01"
    assert "PersonBirthDate" not in identifiers
    assert identifiers["Sex"] == "U" and identifiers["UPNunknown"] == "UN1"
    (s47,) = ben.findall("CINdetails/Section47")
    assert s47.findtext("ICPCnotRequired") == "true" and s47.find("DateOfInitialCPC") is None
    assert ben.find("CINdetails/ChildProtectionPlans") is None


def _check_order(element: ET.Element) -> None:
    order = ELEMENT_ORDER.get(element.tag)
    if order is not None:
        positions = [order.index(child.tag) for child in element]  # an unknown element fails here
        assert positions == sorted(positions), f"{element.tag}: {[c.tag for c in element]}"
    for child in element:
        _check_order(child)


def test_the_xml_is_well_formed_and_in_the_published_element_order(census_set):
    root, text = _census(census_set["authority"])
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    _check_order(root)


def test_the_command_writes_the_file(census_set, tmp_path):
    out = tmp_path / "cin.xml"
    call_command("cin_census", census_set["authority"].slug, "--year", "2025-26", "--out", str(out))
    root = ET.parse(out).getroot()
    assert [e.text for e in root.iter("LAchildID")] == ["AVA001", str(census_set["ben"].pk)]


def test_the_command_run_as_a_server_would_sees_its_authority_through_row_level_security(
    census_set, tmp_path
):
    # A command's connection starts with no scope (PostgreSQL row-level security): the command
    # scopes itself to the authority it names, and puts the scope back after.
    from authorities.rls.scope import NOTHING, connection_database_scope, database_scope

    out = tmp_path / "cin.xml"
    with database_scope(NOTHING):
        call_command("cin_census", census_set["authority"].slug, "--year", "2025-26", "--out", str(out))
        assert connection_database_scope() == NOTHING
    root = ET.parse(out).getroot()
    assert [e.text for e in root.iter("LAchildID")] == ["AVA001", str(census_set["ben"].pk)]


def test_the_command_refuses_a_year_it_cannot_read(census_set, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--year"):
        call_command(
            "cin_census", census_set["authority"].slug, "--year", "2025", "--out", str(tmp_path / "x")
        )
