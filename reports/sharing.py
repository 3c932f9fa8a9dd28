"""Sharing reports with the family, and recording for someone who cannot (proxy)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.human_dates import long_date
from authorities.models import Membership
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from authorities.text_limits import NAME_MAX_LENGTH
from conferences.models import Invitation
from scheduling import services as scheduling_services
from scheduling.models import Notification

from .common import _own_invitation
from .content import limited_text
from .models import ReportSharing
from .selectors import (
    is_exempt_by_agency_type,
)


@transaction.atomic
def record_sharing(
    *,
    invitation_id: int,
    by: Membership,
    shared_on: date | None = None,
    exempt: bool = False,
    reason: str = "",
    today: date | None = None,
) -> ReportSharing:
    """REPORT-SHARED: shared with the family on a date, or exempt. The agency types the rule set
    exempts need no reason; any other exemption does (required refuses without one)."""
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    rule_set = invitation.conference.rule_set_in_force()
    today = today or timezone.localdate()
    if not exempt and shared_on is None:
        raise ValidationError({"shared_on": "Enter the date the report was shared with the family."})
    if shared_on is not None and shared_on > today:
        raise ValidationError({"shared_on": "The date it was shared must be today or in the past."})
    exemption = ""
    if exempt:
        if is_exempt_by_agency_type(rule_set, invitation):
            exemption = ReportSharing.Exemption.AGENCY_TYPE
        else:
            enforce(
                check_rule(
                    rule_set,
                    RuleId.REPORT_SHARED,
                    satisfied=bool(reason.strip()),
                    message="a report not shared with the family needs the reason for the exemption "
                    "(exceptional circumstances only)",
                ),
                reason=reason,
                field="reason",
            )
            exemption = ReportSharing.Exemption.REASON
    sharing = ReportSharing.objects.for_authority(by.authority).filter(invitation=invitation).first()
    if sharing is None:
        sharing = ReportSharing(authority=by.authority, invitation=invitation)
    sharing.shared_on = None if exempt else shared_on
    sharing.exemption = exemption
    sharing.exemption_reason = reason.strip() if exempt else ""
    sharing.recorded_by = by
    sharing._history_user = by.user
    sharing._change_reason = (
        f"shared with the family on {long_date(shared_on)}" if not exempt else f"exempt: {exemption}"
    )
    sharing.save()
    return sharing


@transaction.atomic
def record_cannot_attend(
    *, invitation_id: int, by: Membership, cannot_attend: bool, proxy_name: str = "", reason: str = ""
) -> Invitation:
    """REPORT-PROXY: say you cannot attend and name the briefed colleague going instead; the chair
    is told. Without a colleague, required refuses and advised asks why."""
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    proxy_name = limited_text(
        proxy_name, limit=NAME_MAX_LENGTH, field="proxy_name", name="Name and role of the briefed colleague"
    )
    if cannot_attend and not proxy_name:
        enforce(
            check_rule(
                invitation.conference.rule_set_in_force(),
                RuleId.REPORT_PROXY,
                satisfied=False,
                message="name the briefed colleague who will attend in your place",
            ),
            reason=reason,
            field="proxy_name",
        )
    invitation.cannot_attend = cannot_attend
    invitation.proxy_name = proxy_name if cannot_attend else ""
    invitation._history_user = by.user
    if cannot_attend:
        invitation._change_reason = (
            f"cannot attend; {proxy_name} attends instead"
            if proxy_name
            else f"cannot attend; no colleague: {reason}"
        )
    else:
        invitation._change_reason = "can attend after all"
    invitation.save(update_fields=["cannot_attend", "proxy_name"])
    conference = invitation.conference
    chair = Membership.objects.for_authority(by.authority).select_related("user").get(pk=conference.chair_id)
    if cannot_attend:
        instead = f"{proxy_name} will attend instead." if proxy_name else "No colleague can attend instead."
        scheduling_services.notify(
            authority=by.authority,
            recipient=chair.user,
            kind=Notification.Kind.OTHER,
            subject=(
                f"{invitation.name} cannot attend on {long_date(conference.day)} "
                f"(case {conference.family.case_reference})"
            ),
            body=f"{invitation.name} ({invitation.role_label or 'professional'}) cannot attend. {instead}",
            url=f"/{by.authority.slug}/conferences/{conference.pk}/reports/",
            dedupe_key=f"proxy:{invitation.pk}:{proxy_name or 'none'}",
        )
    return invitation
