"""The Children in Need census XML, streamed: element by element to a file, a chunk of children at a time.

Structure and element order are the department's (Message > Header > CollectionDetails, Source;
Children > Child > ChildIdentifiers, ChildCharacteristics, CINdetails > … Section47,
ChildProtectionPlans > Reviews). What the product does not hold (closure and its reason,
assessments, FormerUPN, date of death) is left out, as the specification allows for optional
items; nothing is made up to fill a gap. `manage.py census_check` lists what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import IO
from xml.sax.saxutils import XMLGenerator

from django.utils import timezone

from authorities.models import Authority
from cases.census_codes import CENSUS_CATEGORY

from .periods import CollectionYear
from .selectors import ChildFacts, Enquiry, Plan, children_in_period, chunks, facts_for

SOFTWARE_CODE = "CPC"


def _release() -> str:
    try:
        return version("cp-conferences")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0.1.0"


def la_child_id(facts: ChildFacts) -> str:
    """The authority's own ID where recorded, else the product's id for the child (digits only)."""
    return facts.child.la_child_id or str(facts.child.pk)


class CensusRefused(ValueError):
    """The data cannot make a valid return (census_check lists why); nothing is sent."""


@dataclass
class CensusSummary:
    children: int = 0
    enquiries: int = 0
    plans: int = 0
    reviews: int = 0


class _Writer:
    """Indented elements on an XMLGenerator: the output reads well and is still streamed."""

    def __init__(self, out: IO[str]) -> None:
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def open(self, name: str) -> None:
        if self.depth:  # the XML declaration already ends its line
            self.xml.ignorableWhitespace("\n" + "  " * self.depth)
        self.xml.startElement(name, {})
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self.xml.ignorableWhitespace("\n" + "  " * self.depth)
        self.xml.endElement(name)

    def item(self, name: str, value: object) -> None:
        """One simple element; None leaves it out (an optional item the product does not hold)."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, datetime):
            text = value.strftime("%Y-%m-%dT%H:%M:%S")
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
        self.xml.ignorableWhitespace("\n" + "  " * self.depth)
        self.xml.startElement(name, {})
        self.xml.characters(text)
        self.xml.endElement(name)


def write_cin_census(
    out: IO[str],
    *,
    authority: Authority,
    year: CollectionYear,
    serial_no: int = 1,
    now: datetime | None = None,
) -> CensusSummary:
    """Write the authority's CIN census for `year` to `out` (a text or binary stream) and say what
    it counted."""
    w = _Writer(out)
    w.xml.startDocument()
    w.open("Message")
    _header(w, authority, year, serial_no, now or timezone.localtime())
    w.open("Children")
    summary = CensusSummary()
    seen: set[str] = set()
    for facts in census_children(authority, year):
        identifier = la_child_id(facts)
        if identifier in seen:  # census_check lists these; the return never carries a duplicate
            raise CensusRefused(
                f"CENSUS-CHILD-ID: the LA child ID {identifier} belongs to two children; "
                "mend it (census_check lists it) before exporting."
            )
        seen.add(identifier)
        _child(w, facts, identifier, year, summary)
    w.close("Children")
    w.close("Message")
    w.xml.ignorableWhitespace("\n")
    w.xml.endDocument()
    return summary


def census_children(authority: Authority, year: CollectionYear) -> Iterator[ChildFacts]:
    ids = children_in_period(authority, year.start, year.end)
    for chunk in chunks(ids):
        yield from facts_for(authority, chunk, year.start, year.end)


def _header(w: _Writer, authority: Authority, year: CollectionYear, serial_no: int, now: datetime) -> None:
    w.open("Header")
    w.open("CollectionDetails")
    w.item("Collection", "CIN")
    w.item("Year", year.census_year)
    w.item("ReferenceDate", year.reference_date)
    w.close("CollectionDetails")
    w.open("Source")
    w.item("SourceLevel", "L")
    w.item("LEA", authority.dfe_la_code)
    w.item("SoftwareCode", SOFTWARE_CODE)
    w.item("Release", _release())
    w.item("SerialNo", serial_no)
    w.item("DateTime", now.replace(tzinfo=None, microsecond=0))
    w.close("Source")
    w.close("Header")


def _child(
    w: _Writer, facts: ChildFacts, identifier: str, year: CollectionYear, summary: CensusSummary
) -> None:
    child = facts.child
    summary.children += 1
    w.open("Child")
    w.open("ChildIdentifiers")
    w.item("LAchildID", identifier)
    w.item("UPN", child.upn)
    w.item("UPNunknown", "" if child.upn else child.upn_unknown)
    if child.unborn:
        w.item("ExpectedPersonBirthDate", child.expected_date)
    else:
        w.item("PersonBirthDate", child.date_of_birth)
    w.item("Sex", "U" if child.unborn else child.sex)
    w.close("ChildIdentifiers")
    w.open("ChildCharacteristics")
    w.item("Ethnicity", child.ethnicity_code)
    if child.disability_codes:
        w.open("Disabilities")
        for code in child.disability_codes:
            w.item("Disability", code)
        w.close("Disabilities")
    w.close("ChildCharacteristics")
    _episode(w, facts, summary)
    w.close("Child")


def _episode(w: _Writer, facts: ChildFacts, summary: CensusSummary) -> None:
    """One CIN episode per child: the case (family) the child's enquiries and plans belong to."""
    family = facts.child.family
    w.open("CINdetails")
    w.item("CINreferralDate", family.referral_on)
    w.item("ReferralSource", family.referral_source)
    w.item("PrimaryNeedCode", family.primary_need)
    # Every child in this return had section 47 enquiries, a conference or a plan: further action.
    w.item("ReferralNFA", False)
    for started, ended in facts.cin_plans:
        w.open("CINPlanDates")
        w.item("CINPlanStartDate", started)
        w.item("CINPlanEndDate", ended)
        w.close("CINPlanDates")
    for enquiry in facts.enquiries:
        _section47(w, enquiry)
        summary.enquiries += 1
    for plan in facts.plans:
        _plan(w, plan)
        summary.plans += 1
        summary.reviews += len(plan.reviews)
    w.close("CINdetails")


def _section47(w: _Writer, enquiry: Enquiry) -> None:
    w.open("Section47")
    w.item("S47ActualStartDate", enquiry.started_on)
    w.item("InitialCPCtarget", enquiry.icpc_target)
    w.item("DateOfInitialCPC", enquiry.icpc_on)
    w.item("ICPCnotRequired", enquiry.icpc_not_required)
    w.close("Section47")


def _plan(w: _Writer, plan: Plan) -> None:
    w.open("ChildProtectionPlans")
    w.item("CPPstartDate", plan.started_on)
    w.item("CPPendDate", plan.ended_on)
    w.item("InitialCategoryOfAbuse", CENSUS_CATEGORY.get(plan.initial_category))
    w.item("LatestCategoryOfAbuse", CENSUS_CATEGORY.get(plan.latest_category))
    w.item("NumberOfPreviousCPP", plan.previous_plans)
    for day in plan.reviews:
        w.open("Reviews")
        w.item("CPPreviewDate", day)
        w.close("Reviews")
    w.close("ChildProtectionPlans")


# The published element order, for the tests that check the output follows it.
ELEMENT_ORDER: dict[str, tuple[str, ...]] = {
    "Message": ("Header", "Children"),
    "Header": ("CollectionDetails", "Source"),
    "CollectionDetails": ("Collection", "Year", "ReferenceDate"),
    "Source": ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"),
    "Child": ("ChildIdentifiers", "ChildCharacteristics", "CINdetails"),
    "ChildIdentifiers": (
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "Sex",
        "PersonDeathDate",
    ),
    "ChildCharacteristics": ("Ethnicity", "Disabilities"),
    "CINdetails": (
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "ReferralNFA",
        "CINPlanDates",
        "Assessments",
        "Section47",
        "ChildProtectionPlans",
    ),
    "CINPlanDates": ("CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"),
    "ChildProtectionPlans": (
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
        "Reviews",
    ),
    "Reviews": ("CPPreviewDate",),
}
