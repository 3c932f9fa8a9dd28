"""Fuzzing every API operation from the app's own OpenAPI schema, with schemathesis.

The schema is loaded from /api/schema/ through the Django WSGI app, so what is fuzzed is what a
client reads. Every operation is called as a real member of the authority in the path, with the
ids of real objects of that authority in the path (the model comes from the route, as in the
tenant-isolation harness), so that the generated queries and bodies reach the code instead of
stopping at 404. Each response must not be a 5xx, must use a status code the schema documents,
and must match the documented body.

Examples per operation are bounded (API_FUZZ_EXAMPLES, default 12) and generation is
derandomised, so a CI run is repeatable and stays within a few minutes on two cores; raise the
number locally to fuzz harder.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.urls import resolve
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token

from authorities.models import Membership, Role
from scheduling.models import Notification
from tests.factories import InvitationFactory, MembershipFactory
from tests.test_tenant_isolation import OBJECT_MAKERS

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
# Schemathesis' coverage phase (every boundary value of every field, several thousand calls here)
# takes over ten minutes on two cores: CI runs the explicit examples and the bounded fuzzing
# phase; API_FUZZ_COVERAGE=1 adds it for a deeper run by hand.
CONFIG = schemathesis.Config.from_dict(
    {"phases": {"coverage": {"enabled": os.environ.get("API_FUZZ_COVERAGE") == "1"}}}
)
CHECKS = ("not_a_server_error", "status_code_conformance", "response_schema_conformance")

# Each operation is fuzzed as someone allowed to use it, so that the generated input reaches the
# code instead of stopping at 403: a practitioner on their own invitation, a head of service on
# plans (ending one is for managers, step-down oversight for a head of service), the object's own
# chair on a live conference and its recipient on a notification; a chair everywhere else.
RESOURCE_PERSONAS = {
    "report-invitations": Role.PRACTITIONER,
    "protection-plans": Role.HEAD_OF_SERVICE,
    "in-need-plans": Role.HEAD_OF_SERVICE,
}
OBJECT_OWNERS = {
    "live-conferences": lambda conference: conference.chair.user,
    "notifications": lambda notification: notification.recipient,
}


@dataclass
class FuzzWorld:
    """Two members of one authority, a token each, and one object per model that paths name."""

    slug: str
    tokens: dict[str, str]
    objects: dict = field(default_factory=dict)
    requests: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)

    def token_for(self, path_template: str) -> str:
        resource = path_template.split("/")[4] if path_template.count("/") > 4 else ""
        owner = OBJECT_OWNERS.get(resource)
        if owner and "{id}" in path_template:
            user = owner(self.objects[self.model_of(path_template)])
            return Token.objects.get_or_create(user=user)[0].key
        return self.tokens[RESOURCE_PERSONAS.get(resource, Role.CHAIR)]

    def model_of(self, path_template: str):
        """The model behind the route, found by resolving the path with every id set to 1."""
        probe = path_template.replace("{authority_slug}", self.slug)
        for part in path_template.split("/"):
            if part.startswith("{") and part != "{authority_slug}":
                probe = probe.replace(part, "1")
        return resolve(probe).func.cls.model

    def path_parameters(self, path_template: str) -> dict[str, str]:
        """`{authority_slug}` is ours; any other parameter is the id of our object of the model
        behind the route."""
        parameters = {"authority_slug": self.slug}
        names = [part[1:-1] for part in path_template.split("/") if part.startswith("{")]
        others = [name for name in names if name != "authority_slug"]
        if others:
            model = self.model_of(path_template)
            for name in others:
                parameters[name] = str(self.objects[model].pk)
        return parameters


@pytest.fixture
def fuzz_world(db, two_authorities) -> FuzzWorld:
    mine, _ = two_authorities
    chair = MembershipFactory(authority=mine, role=Role.CHAIR)
    invitation = InvitationFactory(conference__family__authority=mine, conference__chair=chair)
    practitioner: Membership = invitation.membership
    head_of_service = MembershipFactory(authority=mine, role=Role.HEAD_OF_SERVICE)
    world = FuzzWorld(
        slug=mine.slug,
        tokens={
            Role.CHAIR: Token.objects.create(user=chair.user).key,
            Role.PRACTITIONER: Token.objects.create(user=practitioner.user).key,
            Role.HEAD_OF_SERVICE: Token.objects.create(user=head_of_service.user).key,
        },
    )
    world.objects = {model: make(mine) for model, make in OBJECT_MAKERS.items()}
    world.objects[type(invitation)] = invitation
    # The notification's recipient works here, so that reading their own notification reaches the code.
    MembershipFactory(authority=mine, user=world.objects[Notification].recipient)
    return world


@pytest.fixture
def api_schema(fuzz_world, settings):
    # The fuzzer makes far more calls than a person: the throttle is tested on its own elsewhere.
    unthrottled = {"anon": None, "user": None}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": unthrottled}
    # Calls go through the real WSGI handler, which closes the database connection after each
    # request and so would roll back the test's transaction; Django's test client unhooks the
    # same two handlers for the same reason.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        # The schema is for signed-in people only, like the API it describes.
        signed_in = {"Authorization": f"Token {fuzz_world.tokens[Role.CHAIR]}"}
        yield schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", get_wsgi_application(), config=CONFIG, headers=signed_in
        )
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def fuzz_tally(request):
    """Totals over the whole run, written to the terminal at the end (CI's log keeps them)."""
    tally = {"operations": set(), "requests": 0, "statuses": Counter()}
    yield tally
    line = (
        f"API fuzz: {len(tally['operations'])} operations, {tally['requests']} requests, "
        f"statuses {dict(sorted(tally['statuses'].items()))}"
    )
    # Past pytest's output capture, so that the figures reach the terminal and CI's log.
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\n{line}")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_api_operation_answers_within_its_schema(case, fuzz_world, fuzz_tally):
    case.path_parameters = fuzz_world.path_parameters(case.path)
    token = fuzz_world.token_for(case.path)
    case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
    # One savepoint per call: a database error in one request (a 500 this test then reports) must
    # not abort the transaction the next calls run in.
    savepoint = transaction.savepoint()
    response = case.call()
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    fuzz_tally["operations"].add(case.operation.label)
    fuzz_tally["requests"] += 1
    fuzz_tally["statuses"][response.status_code] += 1
    case.validate_response(response, checks=[getattr(schemathesis.checks, name) for name in CHECKS])
