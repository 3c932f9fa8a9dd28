"""REPORT-SHARED exemptions come from the rule set; REPORT-PROXY names the briefed colleague."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.rules.checks import RuleViolation
from reports import services
from reports.models import ReportSharing
from scheduling.models import Notification

pytestmark = pytest.mark.django_db


def test_west_sussex_police_are_exempt_without_a_reason(client, invite):
    invitation = invite("west-sussex", agency_type="police")
    sharing = services.record_sharing(invitation_id=invitation.pk, by=invitation.membership, exempt=True)
    assert sharing.exemption == ReportSharing.Exemption.AGENCY_TYPE and sharing.shared_on is None
    client.force_login(invitation.membership.user)
    page = client.get(f"/west-sussex/invitations/{invitation.pk}/report/sharing/").content.decode()
    assert "exempt from sharing beforehand in West Sussex" in page


def test_barnsley_police_need_a_reason_to_be_exempt(client, invite):
    invitation = invite("barnsley", agency_type="police")
    with pytest.raises(RuleViolation) as refused:
        services.record_sharing(invitation_id=invitation.pk, by=invitation.membership, exempt=True)
    assert refused.value.rule_id == "REPORT-SHARED" and refused.value.field == "reason"
    assert not ReportSharing.objects.for_authority(invitation.authority).exists()
    sharing = services.record_sharing(
        invitation_id=invitation.pk,
        by=invitation.membership,
        exempt=True,
        reason="A live criminal investigation would be put at risk",
    )
    assert sharing.exemption == ReportSharing.Exemption.REASON
    client.force_login(invitation.membership.user)
    page = client.get(f"/barnsley/invitations/{invitation.pk}/report/sharing/").content.decode()
    assert "exempt from sharing beforehand" not in page
    assert "needs a reason" in page


def test_a_west_sussex_health_visitor_is_not_exempt(invite):
    invitation = invite("west-sussex", agency_type="health_visiting")
    with pytest.raises(RuleViolation):
        services.record_sharing(invitation_id=invitation.pk, by=invitation.membership, exempt=True)


def test_sharing_records_the_date_and_keeps_history(invite):
    invitation = invite("barnsley")
    first = timezone.localdate() - datetime.timedelta(days=2)
    services.record_sharing(invitation_id=invitation.pk, by=invitation.membership, shared_on=first)
    sharing = services.record_sharing(
        invitation_id=invitation.pk, by=invitation.membership, shared_on=timezone.localdate()
    )
    assert sharing.shared_on == timezone.localdate()
    assert sharing.history.count() == 2
    assert sharing.history.first().history_user == invitation.membership.user


def test_a_sharing_date_in_the_future_is_refused(invite):
    invitation = invite("barnsley")
    with pytest.raises(ValidationError):
        services.record_sharing(
            invitation_id=invitation.pk,
            by=invitation.membership,
            shared_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_the_sharing_page_records_it(client, invite):
    invitation = invite("barnsley")
    client.force_login(invitation.membership.user)
    url = f"/barnsley/invitations/{invitation.pk}/report/sharing/"
    missing_date = client.post(url, {"outcome": "shared"})
    assert missing_date.status_code == 400
    response = client.post(url, {"outcome": "shared", "shared_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert ReportSharing.objects.for_authority(invitation.authority).get().shared_on == timezone.localdate()


def test_staffordshire_refuses_cannot_attend_without_a_colleague(invite):
    invitation = invite("staffordshire")
    with pytest.raises(RuleViolation) as refused:
        services.record_cannot_attend(
            invitation_id=invitation.pk, by=invitation.membership, cannot_attend=True
        )
    assert refused.value.rule_id == "REPORT-PROXY" and refused.value.field == "proxy_name"


def test_cannot_attend_names_the_colleague_and_tells_the_chair(invite):
    invitation = invite("staffordshire")
    services.record_cannot_attend(
        invitation_id=invitation.pk, by=invitation.membership, cannot_attend=True, proxy_name="PC Jo Bloggs"
    )
    invitation.refresh_from_db()
    assert invitation.cannot_attend and invitation.proxy_name == "PC Jo Bloggs"
    chair_user = invitation.conference.chair.user
    note = Notification.objects.for_authority(invitation.authority).get(recipient=chair_user)
    assert "PC Jo Bloggs will attend instead" in note.body
    assert invitation.history.first().history_change_reason == "cannot attend; PC Jo Bloggs attends instead"


def test_west_sussex_advises_a_colleague_and_records_why_not(invite):
    invitation = invite("west-sussex")
    with pytest.raises(RuleViolation) as asked:
        services.record_cannot_attend(
            invitation_id=invitation.pk, by=invitation.membership, cannot_attend=True
        )
    assert asked.value.answer.needs_reason
    services.record_cannot_attend(
        invitation_id=invitation.pk, by=invitation.membership, cannot_attend=True, reason="Sole practitioner"
    )
    invitation.refresh_from_db()
    assert invitation.cannot_attend
    assert "Sole practitioner" in invitation.history.first().history_change_reason
