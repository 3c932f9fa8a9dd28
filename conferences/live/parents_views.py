"""Parents' views: how they were given and what they said."""

from __future__ import annotations

from django.db import transaction

from authorities.history import save_with_history
from authorities.models import Membership
from authorities.refusals import refusal
from authorities.rules.checks import in_words
from authorities.rules.ids import RuleId
from cases.models import Person
from conferences.models import (
    Conference,
    InviteeKind,
    ParentView,
    ReportCorrection,
    ViewsFormat,
    ViewsGiven,
)

from .common import _conference


def _family_person(conference: Conference, person_id: int | None) -> Person | None:
    if not person_id:
        return None
    return Person.objects.for_authority(conference.authority).get(
        pk=person_id, family_id=conference.family_id
    )


@transaction.atomic
def record_parent_views(
    *,
    conference_id: int,
    views: str,
    given: str,
    format: str,
    by: Membership,
    person_id: int | None = None,
    name: str = "",
) -> ParentView:
    """PARENT-VIEWS: a parent's or carer's own views, in writing or another format, before or at
    the conference; or that they gave none, and why (`views` then holds the reason)."""
    conference = _conference(by, conference_id)
    person = _family_person(conference, person_id)
    name = (str(person) if person else name).strip()
    if not name:
        raise refusal("person", in_words("say whose views these are", RuleId.PARENT_VIEWS))
    if given not in ViewsGiven.values:
        raise refusal(
            "given", in_words("say when the views were given, or that they were not", RuleId.PARENT_VIEWS)
        )
    if not views.strip():
        what = (
            "say why the views were not given"
            if given == ViewsGiven.NOT_GIVEN
            else "record the parent's views"
        )
        raise refusal("views", in_words(what, RuleId.PARENT_VIEWS))
    if given == ViewsGiven.NOT_GIVEN:
        format = ""  # nothing was given, in any format
    elif format not in ViewsFormat.values:
        raise refusal("format", in_words("say how the views were given", RuleId.PARENT_VIEWS))
    view = ParentView(
        authority=conference.authority,
        conference=conference,
        person=person,
        name=name,
        given=given,
        format=format,
        views=views.strip(),
        recorded_by=by,
    )
    save_with_history(view, by=by, reason="parent's views recorded")
    return view


@transaction.atomic
def record_report_correction(
    *,
    conference_id: int,
    invitation_id: int,
    factually_correct: bool,
    by: Membership,
    correction: str = "",
    person_id: int | None = None,
) -> ReportCorrection:
    """PARENT-VIEWS: whether a report is factually correct; a correction is recorded against it."""
    conference = _conference(by, conference_id)
    invitation = conference.invitations.get(pk=invitation_id, kind=InviteeKind.PROFESSIONAL)
    person = _family_person(conference, person_id)
    if not factually_correct and not correction.strip():
        raise refusal("correction", "Record the correction the parent asks for", rule_id="PARENT-VIEWS")
    row = ReportCorrection(
        authority=conference.authority,
        conference=conference,
        invitation=invitation,
        person=person,
        factually_correct=factually_correct,
        correction=correction.strip(),
        recorded_by=by,
    )
    save_with_history(row, by=by, reason="report correction recorded")
    return row
