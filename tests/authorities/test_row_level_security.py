"""PostgreSQL holds the tenancy below the ORM: row-level security on every table with an
authority_id, a weak login role for the app, and a scope set for each request and task.

These tests go round the ORM's scoping on purpose (raw SQL, `_base_manager`) and prove the
database itself returns, changes and deletes nothing of another authority."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from authorities.models import Agency, Authority, Membership, Role
from authorities.rls.policies import POLICY, protect_tenant_tables, protection, tenant_tables
from authorities.rls.roles import role_facts
from authorities.rls.scope import (
    EVERY_AUTHORITY,
    NOTHING,
    DatabaseScope,
    connection_database_scope,
    current_database_scope,
    database_scope,
)
from authorities.rls.tasks import scope_of_task
from tests.accounts.join_helpers import book, housing, token_in
from tests.conferences.sw_helpers import make_case
from tests.factories import (
    AgencyReportFactory,
    ClosureDayFactory,
    DeadlineFactory,
    EscalationFactory,
    NotificationFactory,
    ReportSharingFactory,
    ReportUploadFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security is PostgreSQL's"
)


def _count(table: str, where: str = "", params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}" {where}', params)
        return cursor.fetchone()[0]


def _fill(authority: Authority) -> None:
    """Rows in as many tenant tables as the product's own services and the factories make."""
    case = make_case(authority, name=f"{authority.name} family")
    case.discussion()
    conference = book(case)
    ClosureDayFactory(authority=authority)
    housing(authority)
    EscalationFactory(deadline=DeadlineFactory(family=case.family))
    NotificationFactory(authority=authority, recipient=case.chair.user)
    report = AgencyReportFactory(invitation__conference=conference)
    ReportUploadFactory(authority=authority)
    ReportSharingFactory(invitation=report.invitation)
    assert conference.authority_id == authority.pk


@pytest.fixture
def filled(two_authorities):
    mine, theirs = two_authorities
    _fill(mine)
    _fill(theirs)
    return mine, theirs


def test_every_table_with_an_authority_id_has_rls_enabled_forced_and_the_policy(db):
    tables = tenant_tables(connection)
    states = protection(connection)
    unprotected = [state.table for state in states if not state.protected]
    assert len(tables) > 60  # the domain tables and their history tables
    assert {state.table for state in states} == set(tables)
    assert unprotected == [], f"tables with authority_id but no forced RLS and {POLICY}: {unprotected}"
    assert any(table.endswith("_historicalchild") for table in tables)  # history is covered too
    print(
        f"RLS coverage: {len(states) - len(unprotected)} tables protected / {len(tables)} with authority_id"
    )


def test_protecting_again_changes_nothing(db):
    # post_migrate runs it after every migrate (and the test database's flushes): idempotent.
    assert protect_tenant_tables(connection) == []


def test_the_app_connects_as_a_role_that_is_not_superuser_not_owner_and_cannot_bypass_rls(db):
    facts = role_facts(connection)
    assert facts.name == "cpc_app"
    assert not facts.superuser
    assert not facts.bypasses_rls
    assert facts.tables_owned == 0
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cases_child NO FORCE ROW LEVEL SECURITY")


def test_raw_sql_in_one_authority_sees_changes_and_deletes_nothing_of_another_in_any_table(filled):
    mine, theirs = filled
    tables = tenant_tables(connection)
    theirs_per_table = {table: _count(table, "WHERE authority_id = %s", [theirs.pk]) for table in tables}
    populated = [table for table, count in theirs_per_table.items() if count]
    assert len(populated) >= 25, populated  # the proof below is about real rows

    with database_scope(DatabaseScope.of([mine.pk])):
        for table in tables:
            assert _count(table, "WHERE authority_id <> %s", [mine.pk]) == 0, table
        with connection.cursor() as cursor:
            for table in populated:
                cursor.execute(
                    f'UPDATE "{table}" SET authority_id = authority_id WHERE authority_id = %s', [theirs.pk]
                )
                assert cursor.rowcount == 0, table
                cursor.execute(f'DELETE FROM "{table}" WHERE authority_id = %s', [theirs.pk])
                assert cursor.rowcount == 0, table
        assert _count("cases_child") > 0  # its own rows are there

    assert {
        table: _count(table, "WHERE authority_id = %s", [theirs.pk]) for table in tables
    } == theirs_per_table
    print(
        f"raw SQL under authority A: 0 rows of B in {len(tables)} tables ({len(populated)} holding B's rows)"
    )


def test_an_unscoped_orm_query_in_one_authority_returns_only_its_rows_for_every_tenant_model(filled):
    mine, _ = filled
    models = [m for m in apps.get_models() if "authority" in {f.name for f in m._meta.concrete_fields}]
    with database_scope(DatabaseScope.of([mine.pk])):
        seen = {m._meta.db_table: set(m._base_manager.values_list("authority_id", flat=True)) for m in models}
    assert all(ids <= {mine.pk} for ids in seen.values()), {
        t: ids for t, ids in seen.items() if ids - {mine.pk}
    }
    assert {m._meta.db_table for m in models} == set(tenant_tables(connection))


def test_a_row_for_another_authority_cannot_be_written(filled):
    mine, theirs = filled
    with database_scope(DatabaseScope.of([mine.pk])):
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Agency.objects.create(authority=theirs, name="Planted", type="police")
        agency = Agency.objects.for_authority(mine).first()
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Agency.framework_objects.filter(pk=agency.pk).update(authority=theirs)


def test_with_no_scope_a_connection_sees_no_tenant_row(filled):
    with database_scope(NOTHING):
        assert {table: _count(table) for table in tenant_tables(connection) if _count(table)} == {}


def _join_link(authority: Authority, capture_on_commit) -> str:
    """A professional invited without an account gets a join link by e-mail; its token."""
    from django.core import mail

    from conferences.preparation import services as scheduling

    case = make_case(authority, name="Joiners")
    case.discussion()
    conference = book(case)
    with capture_on_commit(execute=True):
        scheduling.invite_professional(
            by=case.social_worker,
            conference_id=conference.pk,
            name="Robin New",
            email="robin@housing.example.test",
            agency_id=housing(authority).pk,
        )
    return token_in(mail.outbox[-1])


def test_the_narrow_rules_open_only_own_memberships_and_the_one_join_link(
    filled, django_capture_on_commit_callbacks
):
    mine, theirs = filled
    person = Membership.objects.for_authority(theirs).first().user
    Membership.objects.create(authority=mine, user=person, role=Role.CHAIR)
    with database_scope(DatabaseScope(user_id=person.pk)):
        assert set(Membership._base_manager.values_list("user_id", "authority_id")) == {
            (person.pk, mine.pk),
            (person.pk, theirs.pk),
        }
        assert _count("cases_child") == 0 and _count("authorities_historicalmembership") == 0

    from accounts.services import hash_token, join_link_database_scope

    token = _join_link(theirs, django_capture_on_commit_callbacks)
    with database_scope(DatabaseScope(join_token_hash=hash_token(token))):
        assert _count("accounts_accountinvitationtoken") == 1
        assert _count("accounts_accountinvitation") == 0
    assert join_link_database_scope(token) == DatabaseScope.of([theirs.pk])
    assert join_link_database_scope("not-a-real-token") == NOTHING


# --- what sets the scope ---------------------------------------------------------------------


class ScopesSeen:
    """Records the connection's scope at every query Django runs while installed."""

    def __init__(self):
        self.scopes: list[DatabaseScope] = []

    def __call__(self, execute, sql, params, many, context):
        self.scopes.append(connection_database_scope())
        return execute(sql, params, many, context)


@pytest.fixture
def production_connection():
    """The test thread's connection as a server's is between requests: no scope at all."""
    with database_scope(NOTHING):
        yield


def test_a_page_request_runs_in_its_authority_and_leaves_no_scope_behind(
    client, two_authorities, member_of, production_connection
):
    mine, theirs = two_authorities
    with database_scope(EVERY_AUTHORITY):
        member = member_of(mine, Role.SOCIAL_WORKER)
        member_of(theirs, Role.CHAIR, user=member.user)  # a member of both
    client.force_login(member.user)
    seen = ScopesSeen()
    with connection.execute_wrapper(seen):
        assert client.get(f"/{mine.slug}/cases/").status_code == 200
    narrow = DatabaseScope.of([mine.pk], user_id=member.user_id)
    assert narrow in seen.scopes
    # The session and the user (no authority_id) are read first, with no scope; then, before the
    # URL's authority is resolved, only this person's authorities; after that only mine.
    both = DatabaseScope.of([mine.pk, theirs.pk], user_id=member.user_id)
    assert set(seen.scopes) <= {NOTHING, both, narrow}
    assert seen.scopes[-1] == narrow
    assert connection_database_scope() == NOTHING

    # A page without an authority (the picker) sees the authorities of the person's memberships.
    seen.scopes.clear()
    with connection.execute_wrapper(seen):
        assert client.get("/").status_code in (200, 302)
    assert set(seen.scopes) - {NOTHING} == {both}
    assert connection_database_scope() == NOTHING


def test_an_api_request_with_a_token_runs_in_its_authority(two_authorities, member_of, production_connection):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    mine, theirs = two_authorities
    with database_scope(EVERY_AUTHORITY):
        member = member_of(mine, Role.SOCIAL_WORKER)
        token = Token.objects.create(user=member.user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    seen = ScopesSeen()
    with connection.execute_wrapper(seen):
        response = api.get(f"/api/v1/{mine.slug}/agencies/")
    assert response.status_code == 200
    assert {row["name"] for row in response.json()["results"]} == {f"{mine.name} Police"}
    assert seen.scopes[-1] == DatabaseScope.of([mine.pk], user_id=member.user_id)
    assert all(not scope.all_authorities and theirs.pk not in scope.authority_ids for scope in seen.scopes)
    assert api.get(f"/api/v1/{theirs.slug}/agencies/").status_code == 404
    assert connection_database_scope() == NOTHING


def test_an_api_request_with_a_session_finds_its_membership_among_its_own_authorities_then_runs_in_one(
    client, two_authorities, member_of, production_connection
):
    """A session user's connection already carries their own authorities when the API looks up the
    membership (no second round trip to narrow it first): the look-up names the user, so it can only
    find their own membership, and everything after it runs in the URL's authority alone."""
    mine, theirs = two_authorities
    with database_scope(EVERY_AUTHORITY):
        member = member_of(mine, Role.SOCIAL_WORKER)
        member_of(theirs, Role.CHAIR, user=member.user)  # a member of both
        outsider = member_of(theirs, Role.SOCIAL_WORKER)
        make_case(mine, name="Alpha family")
        make_case(theirs, name="Beta family")
    client.force_login(member.user)
    seen = ScopesSeen()
    with connection.execute_wrapper(seen):
        response = client.get(f"/api/v1/{mine.slug}/families/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Alpha family"]
    both = DatabaseScope.of([mine.pk, theirs.pk], user_id=member.user_id)
    narrow = DatabaseScope.of([mine.pk], user_id=member.user_id)
    assert set(seen.scopes) <= {NOTHING, both, narrow}
    assert seen.scopes[-1] == narrow
    assert connection_database_scope() == NOTHING

    # Someone with no membership in the URL's authority: one answer, and no scope ever reached it.
    client.force_login(outsider.user)
    seen.scopes.clear()
    with connection.execute_wrapper(seen):
        assert client.get(f"/api/v1/{mine.slug}/families/").status_code == 404
    assert all(not scope.all_authorities and mine.pk not in scope.authority_ids for scope in seen.scopes)
    assert connection_database_scope() == NOTHING


def test_the_join_page_works_with_no_scope_and_sees_only_the_inviting_authority(
    client, two_authorities, django_capture_on_commit_callbacks
):
    mine, theirs = two_authorities
    token = _join_link(theirs, django_capture_on_commit_callbacks)
    with database_scope(NOTHING):
        seen = ScopesSeen()
        with connection.execute_wrapper(seen):
            response = client.get(f"/accounts/join/{token}/")
        assert response.status_code == 200
        assert theirs.name in response.content.decode()
        assert DatabaseScope.of([theirs.pk]) in seen.scopes
        assert all(mine.pk not in scope.authority_ids and not scope.all_authorities for scope in seen.scopes)
        assert client.get("/accounts/join/no-such-link/").status_code == 404
        assert connection_database_scope() == NOTHING


def test_a_task_runs_in_the_authorities_of_its_arguments_and_puts_the_scope_back(
    two_authorities, monkeypatch
):
    from scheduling import sweep, tasks

    mine, theirs = two_authorities
    inside = []
    monkeypatch.setattr(
        sweep, "sweep_batch", lambda ids, today: inside.append(connection_database_scope()) or []
    )
    with database_scope(NOTHING):
        tasks.sweep_authorities.delay(authority_ids=[theirs.pk, mine.pk], today="2026-03-02")
        assert inside == [DatabaseScope.of([mine.pk, theirs.pk])]
        assert connection_database_scope() == NOTHING
    assert scope_of_task({"authority_id": mine.pk}) == DatabaseScope.of([mine.pk])
    assert scope_of_task({"today": "2026-03-02"}) == NOTHING


def test_the_commands_work_from_a_connection_with_no_scope(db, capsys):
    call_command("deadlines", "barnsley", "ICPC-15WD", "2026-12-18")
    expected = capsys.readouterr().out
    with database_scope(NOTHING):
        call_command("deadlines", "barnsley", "ICPC-15WD", "2026-12-18")
        assert capsys.readouterr().out == expected
        call_command("sweep", "--authority", "barnsley", "--today", date(2026, 3, 2).isoformat())
        assert "Swept 1 authority" in capsys.readouterr().out
        assert connection_database_scope() == NOTHING


def test_the_admin_site_sees_only_the_authorities_the_person_administers(
    client, two_authorities, member_of, production_connection
):
    mine, theirs = two_authorities
    with database_scope(EVERY_AUTHORITY):
        admin = member_of(mine, Role.AUTHORITY_ADMIN, user__is_staff=True)
        member_of(theirs, Role.CHAIR, user=admin.user)  # a chair elsewhere: not an administrator there
    client.force_login(admin.user)
    seen = ScopesSeen()
    with connection.execute_wrapper(seen):
        response = client.get("/admin/cases/child/")
    assert response.status_code == 200
    assert seen.scopes[-1] == DatabaseScope.of([mine.pk], user_id=admin.user_id)
    assert connection_database_scope() == NOTHING


def test_a_platform_superuser_sees_every_authority_on_the_admin_site(client, db, production_connection):
    from tests.factories import UserFactory

    with database_scope(EVERY_AUTHORITY):
        staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    seen = ScopesSeen()
    with connection.execute_wrapper(seen):
        client.get("/admin/cases/child/")
    assert seen.scopes[-1].all_authorities
    assert connection_database_scope() == NOTHING


def test_a_sign_in_is_recorded_in_each_of_the_persons_authorities_from_a_connection_with_no_scope(
    two_authorities, member_of
):
    from accounts.audit import record_sign_in
    from accounts.models import AccessEvent

    mine, theirs = two_authorities
    member = member_of(mine)
    member_of(theirs, user=member.user)
    before = AccessEvent.objects.unscoped(reason="test").count()
    with database_scope(NOTHING):
        assert record_sign_in(user_id=member.user_id, succeeded=False) == 2
        assert connection_database_scope() == NOTHING
    assert AccessEvent.objects.unscoped(reason="test").count() == before + 2


def test_the_audit_retention_purge_reaches_every_authority_from_a_connection_with_no_scope(two_authorities):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.audit import delete_expired_events, record_access
    from accounts.models import AccessAction, AccessEvent

    long_ago = timezone.now() - timedelta(days=10_000)
    for authority in two_authorities:
        event = record_access(authority=authority, user_id=1, action=AccessAction.SIGN_IN, route="test")
        AccessEvent.objects.unscoped(reason="test").filter(pk=event.pk).update(at=long_ago)
    with database_scope(NOTHING):
        assert delete_expired_events() >= 2
        assert connection_database_scope() == NOTHING


def test_the_scope_survives_the_connection_being_closed_and_opened_again(transactional_db, filled):
    # Celery closes old connections before each task (after the task's scope is set): the next
    # connection carries the scope the thread asked for.
    mine, _ = filled
    with database_scope(DatabaseScope.of([mine.pk])):
        connection.close()
        assert connection.connection is None
        assert connection_database_scope() == DatabaseScope.of([mine.pk])
        assert _count("cases_child", "WHERE authority_id <> %s", [mine.pk]) == 0
    assert current_database_scope() == EVERY_AUTHORITY  # the test thread's, put back


def test_another_thread_starts_with_no_scope_and_its_scope_stays_in_it(transactional_db, filled):
    import threading

    mine, _ = filled
    seen = {}

    def work():
        try:
            seen["at start"] = connection_database_scope()
            seen["children at start"] = _count("cases_child")
            with database_scope(DatabaseScope.of([mine.pk])):
                seen["inside"] = connection_database_scope()
        finally:
            connection.close()

    with database_scope(EVERY_AUTHORITY):
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(30)
        assert current_database_scope() == EVERY_AUTHORITY
    assert seen == {"at start": NOTHING, "children at start": 0, "inside": DatabaseScope.of([mine.pk])}


def test_a_streamed_export_is_read_in_the_requests_authority_and_the_scope_is_put_back_after(
    client, two_authorities, member_of, production_connection
):
    from django.urls import reverse

    from accounts.audit import record_access
    from accounts.models import AccessAction

    mine, _ = two_authorities
    with database_scope(EVERY_AUTHORITY):
        admin = member_of(mine, Role.AUTHORITY_ADMIN)
        for authority in two_authorities:
            record_access(authority=authority, user_id=admin.user_id, action=AccessAction.SIGN_IN, route="t")
    client.force_login(admin.user)
    response = client.get(reverse("audit:access-events-csv", kwargs={"authority_slug": mine.slug}))
    assert response.status_code == 200 and response.streaming
    # The body is produced as it is read, after the middleware has returned: still in mine.
    assert current_database_scope() == DatabaseScope.of([mine.pk], user_id=admin.user_id)
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert connection_database_scope() == NOTHING  # put back when the response was closed
    with database_scope(EVERY_AUTHORITY):
        from accounts.models import AccessEvent

        mine_events = AccessEvent.objects.for_authority(mine).count()
    assert mine_events >= 2 and len(lines) == 1 + mine_events  # the header, then every event of mine
