"""Conference invitations sent to an address before its owner had a membership here.

Connected to `authorities.signals.membership_given` in `ConferencesConfig.ready()`: whatever gave
the membership (a join link, the admin, demo data), its invitations become the member's."""

from __future__ import annotations

from datetime import datetime

from authorities.history import stamp
from authorities.models import Membership
from authorities.rules.ids import RuleId
from conferences.models import Invitation, InviteeKind
from scheduling.services import hand_deadlines_to

# Invitations that can belong to a professional's membership (family members and children never do).
LINKABLE_KINDS = (InviteeKind.PROFESSIONAL, InviteeKind.ADVOCATE, InviteeKind.INTERPRETER)


def link_invitations(*, membership: Membership, now: datetime, **_signal) -> list[Invitation]:
    """Give `membership` the conference invitations of its authority sent to its user's address
    (one per conference), and make them responsible for those reports' REPORT-2WD deadlines."""
    authority_id, user = membership.authority_id, membership.user
    already = Invitation.objects.for_authority(authority_id).filter(membership=membership)
    invitations = list(
        Invitation.objects.for_authority(authority_id)
        .select_for_update()
        .filter(email__iexact=user.email, membership__isnull=True, kind__in=LINKABLE_KINDS)
        .exclude(conference__in=already.values("conference"))
        .order_by("pk")
    )
    seen_conferences: set[int] = set()
    linked = []
    for invitation in invitations:
        if invitation.conference_id in seen_conferences:
            continue  # one invitation per member per conference (invitation_once_per_member)
        seen_conferences.add(invitation.conference_id)
        invitation.membership = membership
        stamp(invitation, by=user, reason="linked to the invitee's new membership")
        invitation.save(update_fields=["membership"])
        linked.append(invitation)
    if linked:
        hand_deadlines_to(
            authority=authority_id,
            rule_id=RuleId.REPORT_2WD,
            subject_model=Invitation,
            subject_ids=[i.pk for i in linked],
            responsible=membership,
            reason="the invitee joined",
        )
    return linked
