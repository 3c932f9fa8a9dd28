"""Change history in the Django admin: who changed a venue, an agency, a closure day, a person or an
authority, shown on the admin's history pages to the administrators of that authority only; and the
admin views that could reach round the scoping (revert, delete, the authority field, people who also
work elsewhere) held to it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from authorities.models import AgencyType, Authority, Role, Venue
from tests.factories import (
    AgencyFactory,
    AgencyReportFactory,
    ClosureDayFactory,
    MembershipFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def _admin_of(*authorities, name: str = "Alex Admin"):
    first, *others = authorities
    membership = MembershipFactory(
        authority=first, role=Role.AUTHORITY_ADMIN, user__is_staff=True, user__full_name=name
    )
    for authority in others:
        MembershipFactory(authority=authority, role=Role.AUTHORITY_ADMIN, user=membership.user)
    return membership.user


def _url(obj, view: str, *args) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk, *args])


def _latest(obj):
    return obj.history.order_by("-history_id").first()


@pytest.mark.parametrize(
    ("make", "changes"),
    [
        (
            lambda a: VenueFactory(authority=a, name="Civic Hall"),
            {
                "name": "Civic Hall (room 2)",
                "address": "1 High St",
                "accessibility_notes": "",
                "is_active": "on",
            },
        ),
        (
            lambda a: AgencyFactory(authority=a, name="School nursing"),
            {
                "name": "School nursing team",
                "type": AgencyType.HEALTH_VISITING,
                "email": "",
                "is_active": "on",
            },
        ),
        (
            lambda a: ClosureDayFactory(authority=a, date=datetime.date(2031, 12, 29), description="Closure"),
            {"date": "2031-12-29", "description": "Christmas closure"},
        ),
    ],
    ids=["venue", "agency", "closure-day"],
)
def test_a_change_made_in_the_admin_is_kept_with_who_made_it_and_shown_only_to_that_authority(
    client, two_authorities, make, changes
):
    mine, theirs = two_authorities
    obj = make(mine)
    client.force_login(_admin_of(mine))

    response = client.post(_url(obj, "change"), data=changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = _latest(obj)
    assert record.history_type == "~" and record.history_user.full_name == "Alex Admin"

    page = client.get(_url(obj, "history")).content.decode()
    assert "Alex Admin" in page
    assert client.get(_url(obj, "simple_history", record.history_id)).status_code == 200

    client.force_login(_admin_of(theirs, name="Bea Admin"))
    assert client.get(_url(obj, "history")).status_code == 404
    assert client.get(_url(obj, "simple_history", record.history_id)).status_code == 404


def test_a_deleted_venues_history_stays_with_its_own_authority(client, two_authorities):
    mine, theirs = two_authorities
    venue = VenueFactory(authority=mine, name="Old annexe")
    client.force_login(_admin_of(mine))
    assert client.post(_url(venue, "delete"), data={"post": "yes"}).status_code == 302
    assert not Venue.framework_objects.filter(pk=venue.pk).exists()

    history = client.get(_url(venue, "history"))
    assert history.status_code == 200 and "Old annexe" in history.content.decode()
    client.force_login(_admin_of(theirs, name="Bea Admin"))
    assert client.get(_url(venue, "history")).status_code == 404


def test_a_person_changed_in_the_admin_has_history_without_their_password_or_sign_ins(
    client, two_authorities
):
    mine, _ = two_authorities
    person = MembershipFactory(authority=mine, user__full_name="Sam Worker").user
    client.force_login(_admin_of(mine))
    before = person.history.count()

    data = {"email": person.email, "full_name": "Sam Worker-Jones", "job_title": "", "phone": ""}
    data.update({"is_active": "on"})
    assert client.post(_url(person, "change"), data=data).status_code == 302
    record = _latest(person)
    assert record.full_name == "Sam Worker-Jones" and record.history_user.full_name == "Alex Admin"
    assert "password" not in {field.name for field in type(record)._meta.fields}

    assert "Alex Admin" in client.get(_url(person, "history")).content.decode()
    assert client.get(_url(person, "simple_history", record.history_id)).status_code == 200

    # Signing in stamps last_login: no history row for that.
    client.force_login(person)
    person.refresh_from_db()
    assert person.last_login is not None
    assert person.history.count() == before + 1


def test_an_authoritys_own_history_is_kept_and_shown_to_its_administrators_only(
    client, admin_client, two_authorities
):
    mine, theirs = two_authorities
    data = {"name": "Alphashire County", "slug": mine.slug, "time_zone": "Europe/London", "is_active": "on"}
    assert admin_client.post(_url(mine, "change"), data=data).status_code == 302
    record = _latest(Authority.objects.get(pk=mine.pk))
    assert record.name == "Alphashire County" and record.history_user.is_superuser

    client.force_login(_admin_of(mine))
    assert "Alphashire County" in client.get(_url(mine, "history")).content.decode()
    assert client.get(_url(mine, "simple_history", record.history_id)).status_code == 200
    assert client.get(_url(theirs, "history")).status_code == 404


def test_a_read_only_record_cannot_be_reverted_through_its_history_page(client, two_authorities):
    mine, _ = two_authorities
    report = AgencyReportFactory(invitation__conference__family__authority=mine)
    record = _latest(report)
    client.force_login(_admin_of(mine))
    url = _url(report, "simple_history", record.history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, data={"status": "draft", "version": 99}).status_code == 403
    report.refresh_from_db()
    assert report.version != 99


def test_a_row_never_moves_to_another_authority_even_for_an_administrator_of_both(client, two_authorities):
    mine, theirs = two_authorities
    venue = VenueFactory(authority=mine, name="Shared hall")
    client.force_login(_admin_of(mine, theirs))
    data = {"authority": theirs.pk, "name": "Shared hall", "address": "", "accessibility_notes": ""}
    assert client.post(_url(venue, "change"), data=data).status_code == 302
    venue.refresh_from_db()
    assert venue.authority_id == mine.pk


def test_an_administrator_cannot_take_over_someone_who_also_works_in_another_authority(
    client, two_authorities
):
    mine, theirs = two_authorities
    both = MembershipFactory(authority=mine, user__full_name="Pat Police").user
    MembershipFactory(authority=theirs, user=both)
    only_mine = MembershipFactory(authority=mine).user
    platform = MembershipFactory(authority=mine, user__is_superuser=True, user__is_staff=True).user
    client.force_login(_admin_of(mine))

    for person in (both, platform):
        password_url = reverse("admin:auth_user_password_change", args=[person.pk])
        assert (
            client.post(
                password_url, {"password1": "x-Hijack-2026!", "password2": "x-Hijack-2026!"}
            ).status_code
            == 403
        )
        data = {"email": "taken@example.test", "full_name": "Taken", "is_active": "on"}
        client.post(_url(person, "change"), data=data)
        person.refresh_from_db()
        assert person.email != "taken@example.test"
        assert not person.check_password("x-Hijack-2026!")

    # Someone who works only here: their administrator may correct their details.
    data = {"email": only_mine.email, "full_name": "Corrected Name", "is_active": "on"}
    assert client.post(_url(only_mine, "change"), data=data).status_code == 302
    only_mine.refresh_from_db()
    assert only_mine.full_name == "Corrected Name"


def test_other_authorities_children_are_not_offered_when_adding_a_strategy_discussion(
    client, two_authorities
):
    from tests.factories import ChildFactory

    mine, theirs = two_authorities
    ChildFactory(family__authority=mine, first_name="Amira")
    ChildFactory(family__authority=theirs, first_name="Bartholomew")
    client.force_login(_admin_of(mine))
    page = client.get(reverse("admin:cases_strategydiscussion_add")).content.decode()
    assert "Amira" in page and "Bartholomew" not in page
