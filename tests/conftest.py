from __future__ import annotations

import uuid
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.db import connection

from authorities.models import Authority, Role, RuleSet
from authorities.rls.roles import ensure_app_role
from authorities.rls.scope import EVERY_AUTHORITY, NOTHING, set_database_scope
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    AuthorityFactory,
    MembershipFactory,
    VenueFactory,
    copy_rule_set,
)

pytest_plugins = ["tests.clock"]

SHIPPED_SLUGS = ("west-sussex", "staffordshire", "stoke-on-trent", "hartlepool", "barnsley", "birmingham")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL the test database is created and migrated by the owner (DATABASE_URL's role,
    as in production's DATABASE_OWNER_URL); everything after runs as the app's role, which row-level
    security holds to its policies, as in production.

    Test code itself (factories, fixtures, assertions) works across authorities, so the test
    thread's connections are in platform mode; requests under test go through the middleware, which
    narrows the connection to the request's authority and puts platform mode back after the
    response. The live server's thread gets no platform mode: its requests are scoped as in
    production. The app role may also TRUNCATE here, so transactional tests can empty the tables."""
    if connection.vendor != "postgresql":
        yield
        return
    owner = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}
    role = django_settings.DATABASE_APP_ROLE
    password = django_settings.DATABASE_APP_PASSWORD
    with django_db_blocker.unblock():
        ensure_app_role(connection, role=role, password=password, extra_privileges=("TRUNCATE",))
    connection.close()
    connection.settings_dict.update(USER=role, PASSWORD=password)
    # The scope is per thread: this is the test thread's; other threads (the live server's, a
    # test's own) start with none, as a server's do.
    set_database_scope(EVERY_AUTHORITY)
    try:
        yield
    finally:
        set_database_scope(NOTHING)
        connection.close()
        connection.settings_dict.update(owner)  # the owner drops the test database


def _restore_shipped_authorities() -> None:
    ship = import_module("authorities.migrations.0002_shipped_authorities").ship
    ship(django_apps)
    # Their DfE LA codes came in a later data migration: restore those too (the census needs them).
    give_codes = import_module("authorities.migrations.0008_shipped_authorities_dfe_la_codes").give_codes
    give_codes(django_apps, None)


@pytest.fixture(autouse=True)
def _shipped_authorities_survive_flush(request, django_db_blocker):
    """Transactional tests end with a flush that deletes the rows the data migration made.
    Put them back, so later tests see every environment's six authorities."""
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames))
    uses_db = transactional or request.node.get_closest_marker("django_db") or "db" in request.fixturenames
    if uses_db:
        # pytest-django's own autouse fixtures may set transactional_db up before this one, so its
        # flush can run after this fixture's teardown: the next database test repairs it at setup.
        with django_db_blocker.unblock():
            if connection.vendor == "postgresql":
                set_database_scope(EVERY_AUTHORITY)  # whatever the previous test left behind
            if Authority.objects.filter(slug__in=SHIPPED_SLUGS).count() != len(SHIPPED_SLUGS):
                _restore_shipped_authorities()
    yield
    if transactional:
        with django_db_blocker.unblock():
            if Authority.objects.filter(slug__in=SHIPPED_SLUGS).count() != len(SHIPPED_SLUGS):
                _restore_shipped_authorities()


@pytest.fixture(autouse=True)
def _celery_runs_eagerly_unless_testing_the_worker(request):
    """Most tests want a task's effect at once. Tests marked `worker` use the real Redis broker and
    a real worker process instead."""
    from cpc.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Every test makes users, and the production hasher spends a deliberate second or so on each
    password. Tests hash with MD5 instead, except those whose users sign in to another process
    (the worker tests), which knows only the production hashers."""
    if not request.node.get_closest_marker("worker"):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _a_cache_namespace_of_its_own(settings):
    """Rate-limit counts (join links per IP, API calls per user or IP) live in the default cache,
    which in CI is a Redis that outlives a test and a run and is the Celery broker too, so it is
    never flushed. Each test gets cache keys of its own instead: no test's counts reach another, nor
    another run's (a new test database repeats the user ids that API throttles count by).
    Sign-in lockouts are database rows, so they go with each test's data."""
    namespace = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {name: {**cache, "KEY_PREFIX": namespace} for name, cache in settings.CACHES.items()}


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def two_authorities(db):
    """Two authorities with real rule sets (copies of Barnsley's and West Sussex's), plus
    reference data in each whose names say which authority they belong to."""
    barnsley = RuleSet.objects.for_authority(Authority.objects.get(slug="barnsley")).get()
    west_sussex = RuleSet.objects.for_authority(Authority.objects.get(slug="west-sussex")).get()
    mine = AuthorityFactory(name="Alphashire", slug="alphashire")
    theirs = AuthorityFactory(name="Betashire", slug="betashire")
    copy_rule_set(barnsley, mine)
    copy_rule_set(west_sussex, theirs)
    for authority in (mine, theirs):
        AgencyFactory(authority=authority, name=f"{authority.name} Police", type="police")
        VenueFactory(authority=authority, name=f"{authority.name} Civic Centre")
    return mine, theirs


@pytest.fixture
def member_of():
    """member_of(authority, role) → a Membership with a logged-in-able user."""

    def make(authority, role: str = Role.SOCIAL_WORKER, **kwargs):
        return MembershipFactory(authority=authority, role=role, **kwargs)

    return make


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected once per run the way the image collects them (scripts/collect_static.sh:
    production storage, hashed names, the manifest), for the tests that serve pages with DEBUG off."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path_factory.mktemp("production-static")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        ["bash", "scripts/collect_static.sh", "--verbosity", "0"],
        cwd=root,
        env={**env, "PY": sys.executable, "DJANGO_STATIC_ROOT": str(folder)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def give_session_second_factor(client, user) -> None:
    """Mark `client`'s session as having given a code from an authenticator app, as the verify
    page does, creating a confirmed app device for `user` when they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(request, monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in: for someone who must give a code
    (platform staff, authority administrators, roles an authority ticks) it also marks the session
    as verified with an app, so tests of other features need not go through the code page. Tests of
    the second factor itself are marked `password_only_sign_in` and get Django's plain force_login."""
    if request.node.get_closest_marker("password_only_sign_in"):
        yield
        return
    from django.test.client import ClientMixin

    from accounts import two_factor

    plain_force_login = ClientMixin.force_login

    def force_login(self, user, backend=None):
        plain_force_login(self, user, backend)
        if two_factor.must_verify(user):
            give_session_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
    yield
