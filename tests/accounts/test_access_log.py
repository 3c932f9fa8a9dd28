"""Sign-ins in the read audit, the access log page and its CSV for authority administrators,
retention, and logs that name people by id."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.audit import Subject, record_access
from accounts.models import AccessAction, AccessEvent, AccessOutcome
from accounts.sign_in import client_str
from accounts.tasks import delete_expired_access_events
from authorities.models import Role
from cases.models import Child, Family
from cpc.log_filters import DropQueryStrings
from tests.factories import PASSWORD, ChildFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR="203.0.113.5")


def sign_ins(authority) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.for_authority(authority).filter(
            action__in=[AccessAction.SIGN_IN, AccessAction.SIGN_IN_FAILED]
        )
    )


# --- sign-ins -----------------------------------------------------------------------------------


def test_a_sign_in_is_recorded_once_in_each_of_the_persons_authorities(client, two_authorities):
    mine, theirs = two_authorities
    officer = MembershipFactory(authority=mine, role=Role.PRACTITIONER, user__email="pc.one@police.test")
    MembershipFactory(authority=theirs, role=Role.PRACTITIONER, user=officer.user)
    assert sign_in(client, "pc.one@police.test").status_code == 302
    for authority in (mine, theirs):
        (event,) = sign_ins(authority)
        assert (event.action, event.user_id, event.outcome, event.route) == (
            AccessAction.SIGN_IN,
            officer.user_id,
            AccessOutcome.OK,
            "login",
        )


def test_a_failed_sign_in_is_recorded_by_user_id_and_an_unknown_address_is_not(client, two_authorities):
    mine, _ = two_authorities
    me = MembershipFactory(authority=mine, role=Role.CHAIR, user__email="chair@alpha.test")
    assert sign_in(client, "Chair@Alpha.test", "wrong password").status_code == 200
    (event,) = sign_ins(mine)
    assert (event.action, event.user_id, event.outcome) == (
        AccessAction.SIGN_IN_FAILED,
        me.user_id,
        AccessOutcome.FAILED,
    )
    assert sign_in(client, "nobody@nowhere.test", "wrong password").status_code == 200
    assert len(sign_ins(mine)) == 1


# --- the access log page ------------------------------------------------------------------------


def access_log(slug: str) -> str:
    return reverse("audit:access-events", kwargs={"authority_slug": slug})


def access_csv(slug: str) -> str:
    return reverse("audit:access-events-csv", kwargs={"authority_slug": slug})


@pytest.fixture
def admin_of(two_authorities):
    mine, _ = two_authorities
    return MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__full_name="Ada Admin")


def event(
    authority,
    *,
    user_id,
    action=AccessAction.CASE_VIEW,
    at=None,
    model=Family,
    obj=None,
    route="cases:case-detail",
    subject_case=False,
    child=False,
):
    """An event as an audited read records it (a case read, or with child=True a child's)."""
    subject = Subject(case="family_id", child="pk") if child else Subject(case="pk" if subject_case else "")
    made = record_access(
        authority=authority,
        user_id=user_id,
        action=action,
        model=model,
        object_id=obj.pk if obj is not None else None,
        subject=subject,
        route=route,
    )
    if at is not None:  # appended only: a test back-dates through the queryset
        AccessEvent.objects.for_authority(authority).filter(pk=made.pk).update(at=at)
    return made


def test_only_authority_administrators_open_the_access_log(client, two_authorities):
    mine, _ = two_authorities
    for role in Role:
        client.force_login(MembershipFactory(authority=mine, role=role).user)
        expected = 200 if role == Role.AUTHORITY_ADMIN else 403
        assert client.get(access_log(mine.slug)).status_code == expected, role
        assert client.get(access_csv(mine.slug)).status_code == expected, role


def test_an_administrator_finds_the_access_log_from_home_and_the_account_bar(client, admin_of):
    client.force_login(admin_of.user)
    body = client.get(f"/{admin_of.authority.slug}/").content.decode()
    assert body.count(f'href="{access_log(admin_of.authority.slug)}"') == 2
    client.force_login(MembershipFactory(authority=admin_of.authority, role=Role.CHAIR).user)
    assert (
        access_log(admin_of.authority.slug) not in client.get(f"/{admin_of.authority.slug}/").content.decode()
    )


def test_the_access_log_filters_by_person_child_case_date_and_action(client, two_authorities, admin_of):
    mine, _ = two_authorities
    reader = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER, user__full_name="Sam Reader")
    other = MembershipFactory(authority=mine, role=Role.CHAIR, user__full_name="Chris Other")
    child = ChildFactory(family__authority=mine)
    sibling_case = ChildFactory(family__authority=mine).family
    # Long enough ago to be another day whatever day the suite runs.
    old = timezone.now() - timedelta(days=400)
    old_day = timezone.localdate(old).isoformat()
    case_read = event(mine, user_id=reader.user_id, obj=child.family, subject_case=True)
    child_read = event(
        mine,
        user_id=other.user_id,
        action=AccessAction.CHILD_VIEW,
        model=Child,
        obj=child,
        child=True,
        route="child-detail",
    )
    elsewhere = event(mine, user_id=reader.user_id, obj=sibling_case, subject_case=True, at=old)
    client.force_login(admin_of.user)

    def shown(**query) -> set[int]:
        response = client.get(access_log(mine.slug), query)
        assert response.status_code == 200, response.content.decode()[:2000]
        return {e.pk for e, _ in response.context["rows"]}

    everything = shown()
    assert {case_read.pk, child_read.pk, elsewhere.pk} <= everything
    assert shown(person=reader.user_id) == {case_read.pk, elsewhere.pk}
    # The child: their own record, and the opening of the case they belong to.
    assert shown(child=child.pk) == {case_read.pk, child_read.pk}
    assert shown(case=sibling_case.pk) == {elsewhere.pk}
    assert shown(date_from=old_day, date_to=old_day) == {elsewhere.pk}
    assert elsewhere.pk not in shown(date_from=timezone.localdate().isoformat())
    assert shown(action=AccessAction.CHILD_VIEW) == {child_read.pk}
    page = client.get(access_log(mine.slug), {"person": reader.user_id}).content.decode()
    assert "Sam Reader" in page and "Opened a case record" in page


def test_bad_filters_answer_400_naming_the_field(client, two_authorities, admin_of):
    mine, _ = two_authorities
    client.force_login(admin_of.user)
    for query, message in (
        ({"child": "Rivers"}, "Enter the child&#x27;s number, like 1234"),
        ({"case": "-3"}, "Enter the case number, like 1234"),
        ({"date_from": "2026-02-31"}, "From must be a real date"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "The last date must be the same as or after"),
        ({"person": "999999"}, "Choose a person from the list"),
        ({"action": "delete"}, "Select a valid choice"),
    ):
        for url in (access_log(mine.slug), access_csv(mine.slug)):
            response = client.get(url, query)
            assert response.status_code == 400, (url, query)
            assert message in response.content.decode(), (query, message)


def test_the_access_log_pages_fifty_at_a_time_keeping_the_filters(client, two_authorities, admin_of):
    mine, _ = two_authorities
    reader = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    child = ChildFactory(family__authority=mine)
    AccessEvent.objects.bulk_create(
        AccessEvent(
            authority=mine, user_id=reader.user_id, action=AccessAction.CASE_VIEW, case_id=child.family_id
        )
        for _ in range(60)
    )
    client.force_login(admin_of.user)
    response = client.get(access_log(mine.slug), {"case": child.family_id})
    assert len(response.context["rows"]) == 50
    assert f"case={child.family_id}&amp;page=2" in response.content.decode()
    second = client.get(access_log(mine.slug), {"case": child.family_id, "page": 2})
    assert len(second.context["rows"]) == 10


def test_the_csv_export_holds_the_filtered_events_with_ids_and_no_formulas(client, two_authorities, admin_of):
    mine, _ = two_authorities
    reader = MembershipFactory(
        authority=mine, role=Role.SOCIAL_WORKER, user__full_name="=HYPERLINK(1)", user__email="sam@alpha.test"
    )
    child = ChildFactory(family__authority=mine, first_name="Rowan", last_name="Rivers")
    read = event(
        mine,
        user_id=reader.user_id,
        action=AccessAction.CHILD_VIEW,
        model=Child,
        obj=child,
        child=True,
        route="child-detail",
    )
    event(mine, user_id=admin_of.user_id, obj=ChildFactory(family__authority=mine).family, subject_case=True)
    client.force_login(admin_of.user)
    response = client.get(access_csv(mine.slug), {"person": reader.user_id})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="access-{mine.slug}-')
    assert "no-store" in response["Cache-Control"]
    export = b"".join(response.streaming_content).decode()
    assert "Rivers" not in export and "Rowan" not in export
    rows = list(csv.reader(io.StringIO(export)))
    assert rows[0] == [
        "when",
        "user_id",
        "person",
        "action",
        "object_kind",
        "object_id",
        "case_id",
        "child_id",
        "route",
        "outcome",
    ]
    assert rows[1:] == [
        [
            timezone.localtime(AccessEvent.objects.for_authority(mine).get(pk=read.pk).at).isoformat(
                timespec="seconds"
            ),
            str(reader.user_id),
            "'=HYPERLINK(1) <sam@alpha.test>",
            "child.view",
            "cases.child",
            str(child.pk),
            str(child.family_id),
            str(child.pk),
            "child-detail",
            "ok",
        ]
    ]


def test_an_administrator_never_sees_another_authoritys_events(client, two_authorities, admin_of):
    mine, theirs = two_authorities
    stranger = MembershipFactory(
        authority=theirs, role=Role.SOCIAL_WORKER, user__full_name="Betashire Secret Person"
    )
    their_child = ChildFactory(family__authority=theirs)
    theirs_event = event(
        theirs,
        user_id=stranger.user_id,
        action=AccessAction.CHILD_VIEW,
        model=Child,
        obj=their_child,
        child=True,
        route="betashire-secret-route",
    )
    client.force_login(admin_of.user)
    for query in (
        {},
        {"child": their_child.pk},
        {"case": their_child.family_id},
        {"action": AccessAction.CHILD_VIEW},
    ):
        page = client.get(access_log(mine.slug), query)
        assert page.status_code == 200
        assert theirs_event.pk not in {e.pk for e, _ in page.context["rows"]}
        body = page.content.decode()
        assert "Betashire" not in body and "betashire" not in body
        export = b"".join(client.get(access_csv(mine.slug), query).streaming_content).decode()
        assert "betashire" not in export.lower()
    # Their people are not even a choice (and naming one by id is refused).
    assert client.get(access_log(mine.slug), {"person": stranger.user_id}).status_code == 400
    # Under their slug the log does not exist for me.
    assert client.get(access_log(theirs.slug)).status_code == 404
    assert client.get(access_csv(theirs.slug)).status_code == 404


def test_the_admin_shows_events_read_only_and_scoped(client, two_authorities, admin_of):
    mine, theirs = two_authorities
    admin_of.user.is_staff = True
    admin_of.user.save()
    mine_event = event(mine, user_id=admin_of.user_id, route="alphashire-route")
    theirs_event = event(theirs, user_id=admin_of.user_id, route="betashire-route")
    client.force_login(admin_of.user)
    listing = client.get(reverse("admin:accounts_accessevent_changelist"))
    assert listing.status_code == 200
    shown = {e.pk for e in listing.context["cl"].result_list}
    assert mine_event.pk in shown and theirs_event.pk not in shown
    change = client.get(reverse("admin:accounts_accessevent_change", args=[mine_event.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    client.post(reverse("admin:accounts_accessevent_delete", args=[mine_event.pk]), {"post": "yes"})
    assert AccessEvent.objects.for_authority(mine).filter(pk=mine_event.pk).exists()
    assert client.get(reverse("admin:accounts_accessevent_add")).status_code == 403


# --- retention ----------------------------------------------------------------------------------


def test_retention_deletes_events_older_than_the_setting_in_every_authority(two_authorities, settings):
    mine, theirs = two_authorities
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    kept, gone = [], []
    for authority in (mine, theirs):
        gone.append(event(authority, user_id=1, at=now - timedelta(days=31)))
        kept.append(event(authority, user_id=1, at=now - timedelta(days=29)))
    assert delete_expired_access_events.delay().get() == 2
    remaining = set(AccessEvent.objects.for_authority(mine).values_list("pk", flat=True)) | set(
        AccessEvent.objects.for_authority(theirs).values_list("pk", flat=True)
    )
    assert {e.pk for e in kept} <= remaining and not {e.pk for e in gone} & remaining
    assert delete_expired_access_events.delay().get() == 0  # a repeat deletes nothing


def test_the_purge_command_applies_the_default_two_years(two_authorities, settings, capsys):
    mine, _ = two_authorities
    assert settings.AUDIT_RETENTION_DAYS == 730
    old = event(mine, user_id=1, at=timezone.now() - timedelta(days=731))
    recent = event(mine, user_id=1, at=timezone.now() - timedelta(days=700))
    call_command("purge_access_events")
    assert "1 access events older than 730 days deleted" in capsys.readouterr().out
    assert list(AccessEvent.objects.for_authority(mine).values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_beat_runs_the_retention_task_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["audit-retention"]
    assert entry["task"] == "accounts.tasks.delete_expired_access_events"


# --- logs name people by id ---------------------------------------------------------------------


def test_sign_in_log_lines_name_the_user_by_id_never_the_address(two_authorities):
    user = UserFactory(email="dana@police.test")
    line = client_str("dana@police.test", "203.0.113.5", "UA", "/login/", None)
    assert f"user {user.pk}" in line and "dana" not in line
    assert "dana" not in client_str("dana@elsewhere.test", "203.0.113.5", "UA", "/login/", None)


def test_request_logs_drop_query_strings(caplog):
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /a/cases/?q=Rivers HTTP/1.1", 200, 5),
        None,
    )
    DropQueryStrings().filter(record)
    assert record.getMessage() == '"GET /a/cases/ HTTP/1.1" 200 5'


def test_the_gunicorn_access_log_has_no_query_string_referrer_or_user():
    conf = Path(settings.BASE_DIR, "gunicorn.conf.py").read_text()
    namespace: dict = {}
    exec(compile(conf, "gunicorn.conf.py", "exec"), namespace)
    log_format = namespace["access_log_format"]
    assert "%(U)s" in log_format
    for leaky in ("%(r)s", "%(q)s", "%(f)s", "%(u)s"):
        assert leaky not in log_format
    for launcher in ("scripts/run_stack.sh", "docker-compose.yml"):
        assert "gunicorn.conf.py" in Path(settings.BASE_DIR, launcher).read_text(), launcher
