"""Each person's notifications: the list, marking read, the unread count in the header."""

from __future__ import annotations

import pytest

from authorities.models import Role
from scheduling.models import Notification
from scheduling.services import mark_notifications_read
from tests.factories import MembershipFactory, NotificationFactory

pytestmark = pytest.mark.django_db


def test_a_person_sees_what_was_sent_to_them_and_nothing_else(client, two_authorities):
    mine, theirs = two_authorities
    me = MembershipFactory(authority=mine, role=Role.CHAIR)
    colleague = MembershipFactory(authority=mine, role=Role.CHAIR)
    NotificationFactory(authority=mine, recipient=me.user, subject="For me")
    NotificationFactory(authority=mine, recipient=colleague.user, subject="For my colleague")
    NotificationFactory(authority=theirs, recipient=me.user, subject="From the other authority")
    client.force_login(me.user)
    body = client.get(f"/{mine.slug}/notifications/").content.decode()
    assert "For me" in body
    assert "For my colleague" not in body and "From the other authority" not in body


def test_the_header_counts_unread_notifications_and_marking_read_clears_them(client, two_authorities):
    mine, _ = two_authorities
    me = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    first, _second = (NotificationFactory(authority=mine, recipient=me.user) for _ in range(2))
    client.force_login(me.user)
    page = f"/{mine.slug}/notifications/"
    assert (
        '2<span class="govuk-visually-hidden"> unread</span>' in client.get(f"/{mine.slug}/").content.decode()
    )
    assert client.post(page, {"notification": first.pk}).status_code == 302
    assert Notification.objects.for_authority(mine).get(pk=first.pk).read_at is not None
    assert '1<span class="govuk-visually-hidden"> unread</span>' in client.get(page).content.decode()
    client.post(page, {"all": "1"})
    assert (
        not Notification.objects.for_authority(mine).filter(recipient=me.user, read_at__isnull=True).exists()
    )
    assert "unread</span>" not in client.get(page).content.decode()


def test_nobody_marks_someone_elses_notification_read(client, two_authorities):
    mine, _ = two_authorities
    me = MembershipFactory(authority=mine)
    theirs = NotificationFactory(authority=mine, recipient=MembershipFactory(authority=mine).user)
    client.force_login(me.user)
    assert client.post(f"/{mine.slug}/notifications/", {"notification": theirs.pk}).status_code == 404
    assert client.post(f"/{mine.slug}/notifications/", {"notification": "x"}).status_code == 400
    assert Notification.objects.for_authority(mine).get(pk=theirs.pk).read_at is None


def test_marking_everything_read_reaches_only_my_own_in_this_authority_and_keeps_when(two_authorities):
    mine, theirs = two_authorities
    me = MembershipFactory(authority=mine)
    MembershipFactory(authority=theirs, user=me.user)
    own = NotificationFactory(authority=mine, recipient=me.user)
    elsewhere = NotificationFactory(authority=theirs, recipient=me.user)
    someone_elses = NotificationFactory(authority=mine, recipient=MembershipFactory(authority=mine).user)
    assert mark_notifications_read(by=me) == 1
    read_at = Notification.objects.for_authority(mine).get(pk=own.pk).read_at
    assert read_at is not None
    assert mark_notifications_read(by=me) == 0
    assert mark_notifications_read(by=me, notification_id=own.pk) == 0
    assert Notification.objects.for_authority(mine).get(pk=own.pk).read_at == read_at
    assert Notification.objects.for_authority(theirs).get(pk=elsewhere.pk).read_at is None
    assert Notification.objects.for_authority(mine).get(pk=someone_elses.pk).read_at is None
