"""Cross-tenant harness for the Django admin: every URL the admin site generates.

The harness does not list views: it asks the admin site for its URL patterns (site-level ones, and
each registered ModelAdmin's `get_urls()`, simple-history's record view included), fills each
pattern's ids with an object of another authority (and that object's history record ids), and walks
them all as the administrator of one authority. A model registered later, or a view added to a
ModelAdmin, is walked without anyone remembering: a tenant model needs a maker in
`tests.test_tenant_isolation.OBJECT_MAKERS`, a pattern with a parameter the harness cannot fill
fails here and says so.

What must hold, as the administrator of Alphashire:
- against Betashire's objects: every URL answers 404 (after any redirect), or 403 where the whole
  model is closed to authority administrators; nothing of Betashire appears in any answer; a POST
  (form, delete confirmation, history revert, every action) changes nothing;
- against Alphashire's own objects: every URL answers without a server error, and the history pages
  (Django's and simple-history's list and record views) answer 200.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from authorities.models import Authority, Role
from authorities.scoping import TenantModel
from tests.factories import MembershipFactory
from tests.test_tenant_isolation import OBJECT_MAKERS

# simple-history's record view is `^([^/]+)/history/([^/]+)/$`: positional groups, in this order.
POSITIONAL_PARAMS = ("object_id", "history_id")
OBJECT_PARAMS = {"object_id", "id", "pk", "history_id", "content_type_id", "url"}
SECRET = "Betashire"


@dataclass(frozen=True)
class AdminRoute:
    """One admin URL pattern as a template: `authorities/agency/{object_id}/history/{history_id}/`."""

    model: type[models.Model] | None  # None: a site-level route
    template: str
    params: frozenset[str]

    @property
    def about_an_object(self) -> bool:
        return bool(self.params & OBJECT_PARAMS)

    @property
    def is_history(self) -> bool:
        return "/history/" in self.template

    def url(self, **values) -> str:
        missing = self.params - set(values)
        assert not missing, f"{self.template}: the harness cannot fill {sorted(missing)}; teach it how"
        return reverse("admin:index") + self.template.format(**values)


def _regex_template(regex: str) -> tuple[str, set[str]]:
    body = regex.removeprefix("^").removesuffix("$")
    out, params, depth, start, positional = [], set(), 0, 0, iter(POSITIONAL_PARAMS)
    for i, char in enumerate(body):
        if char == "(" and (i == 0 or body[i - 1] != "\\"):
            if depth == 0:
                start = i
            depth += 1
        elif char == ")" and body[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                group = body[start + 1 : i]
                named = re.match(r"\?P<(\w+)>", group)
                assert named or not group.startswith("?"), f"unsupported group in {regex!r}"
                name = named.group(1) if named else next(positional)
                out.append("{" + name + "}")
                params.add(name)
        elif depth == 0:
            out.append(char)
    return "".join(out).replace("\\", ""), params


def _template(pattern) -> tuple[str, set[str]]:
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route), params
    assert isinstance(pattern, RegexPattern), pattern
    return _regex_template(pattern._regex)


def _flatten(patterns, prefix: str = "", params: frozenset[str] = frozenset()):
    for entry in patterns:
        template, own = _template(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _flatten(entry.url_patterns, prefix + template, params | own)
        elif isinstance(entry, URLPattern):
            yield prefix + template, params | own


def admin_routes() -> list[AdminRoute]:
    routes = []
    for model, model_admin in admin.site._registry.items():
        base = f"{model._meta.app_label}/{model._meta.model_name}/"
        for template, params in _flatten(model_admin.get_urls()):
            routes.append(AdminRoute(model, base + template, frozenset(params)))
    for entry in admin.site.get_urls():
        if isinstance(entry, URLPattern):  # the per-model includes are walked above
            template, params = _template(entry.pattern)
            routes.append(AdminRoute(None, template, frozenset(params)))
    return routes


def _keeps_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _closed_to(user, model) -> bool:
    """A model the user may not use at all in the admin: 403 for it reveals nothing about an object."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return not admin.site._registry[model].has_module_permission(request)


@dataclass(frozen=True)
class Unreachable:
    """Stands for an object of a model closed to authority administrators: any id answers 403."""

    pk: int = 1


def _make(model, authority: Authority, user_maker, admin_user):
    if _closed_to(admin_user, model):
        return Unreachable()
    if model is Authority:
        return authority
    if model._meta.label == "accounts.User":
        return user_maker(authority)
    assert model in OBJECT_MAKERS, f"{model._meta.label}: add a maker to OBJECT_MAKERS"
    return OBJECT_MAKERS[model](authority)


def _values(model, obj) -> dict[str, str]:
    history = getattr(type(obj), "history", None)
    history_id = "1"
    if history is not None and hasattr(history, "model"):
        record = history.model.objects.filter(**{obj._meta.pk.attname: obj.pk}).order_by("-history_id")
        history_id = str(record.values_list("history_id", flat=True).first() or 1)
    return {
        "object_id": str(obj.pk),
        "id": str(obj.pk),
        "pk": str(obj.pk),
        "history_id": history_id,
        "content_type_id": str(ContentType.objects.get_for_model(model).pk),
        "url": f"{model._meta.app_label}/{model._meta.model_name}/{obj.pk}",
        "app_label": model._meta.app_label,
    }


def _snapshot(obj):
    if isinstance(obj, Unreachable):
        return None
    row = type(obj)._base_manager.filter(pk=obj.pk).first()
    return None if row is None else model_to_dict(row)


def _secret_user(authority):
    return MembershipFactory(authority=authority, user__full_name=f"{SECRET} Secret Person").user


def _own_user(authority):
    return MembershipFactory(authority=authority, user__full_name="Alpha Colleague").user


def _targets(authority, user_maker, admin_user) -> dict:
    return {model: _make(model, authority, user_maker, admin_user) for model in admin.site._registry}


def _walk_object_routes(routes, targets):
    """Yields (route, model, url, target) for each route that takes an object id, filled with the
    target's ids; a site-level route (view on site, the catch-all) once per registered model."""
    for route in routes:
        if not route.about_an_object:
            continue
        models_to_aim_at = [route.model] if route.model is not None else list(targets)
        for model in models_to_aim_at:
            target = targets[model]
            yield route, model, route.url(**_values(model, target)), target


def _secrets_in(response, what: str) -> list[str]:
    found = [f"{what}: redirect names {hop}" for hop, _ in response.redirect_chain if SECRET in hop]
    if SECRET in response.content.decode(errors="replace"):
        found.append(f"{what}: shows Betashire's data")
    return found


@pytest.fixture
def authority_admin(client, two_authorities):
    mine, _ = two_authorities
    me = MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__is_staff=True)
    client.force_login(me.user)
    # A server error is one more finding to list, not the end of the walk.
    client.raise_request_exception = False
    return me.user


def test_the_harness_finds_every_admin_view_including_history_records_and_autocomplete():
    routes = admin_routes()
    templates = {route.template for route in routes}
    for expected in (
        "cases/child/{object_id}/history/",
        "cases/child/{object_id}/history/{history_id}/",
        "cases/child/{object_id}/delete/",
        "cases/childinneedreview/{object_id}/history/",
        "cases/childinneedreview/{object_id}/history/{history_id}/",
        "accounts/user/{id}/password/",
        "autocomplete/",
        "r/{content_type_id}/{object_id}/",
    ):
        assert expected in templates, expected
    for model in admin.site._registry:
        assert any(route.model is model for route in routes), model


def _not_found(response) -> bool:
    """404, 403 for a model closed to this user, or Django's own answer for an id it cannot find
    (a redirect to the admin index, the same for an id that never existed)."""
    if response.status_code in {403, 404}:
        return True
    return bool(response.redirect_chain) and response.request["PATH_INFO"] == reverse("admin:index")


def test_every_admin_of_an_authoritys_data_goes_through_the_one_scoped_base():
    """Tenant rows, authorities and people: one base decides what an administrator may reach."""
    from accounts.models import User
    from authorities.admin_scoping import ScopedModelAdmin

    for model, model_admin in admin.site._registry.items():
        if issubclass(model, (TenantModel, Authority, User)):
            assert isinstance(model_admin, ScopedModelAdmin), f"{model._meta.label}: use ScopedModelAdmin"


@pytest.mark.django_db
def test_an_authority_administrator_reaches_nothing_of_another_authority_through_any_admin_url(
    client, two_authorities, authority_admin
):
    mine, theirs = two_authorities
    targets = _targets(theirs, _secret_user, authority_admin)
    routes = admin_routes()
    problems, walked, requests = [], set(), 0
    for route, model, url, target in _walk_object_routes(routes, targets):
        closed = _closed_to(authority_admin, model)
        before = _snapshot(target)
        response = client.get(url, follow=True)
        requests += 1
        if not _not_found(response) or (response.status_code == 403 and not closed):
            problems.append(f"GET {url}: {response.status_code}")
        problems += _secrets_in(response, f"GET {url}")
        if route.model is not None:
            data = {"post": "yes", "name": "hijacked", "_change_history": "1", "authority": mine.pk}
            response = client.post(url, data=data, follow=True)
            requests += 1
            if not (_not_found(response) or response.status_code == 405):
                problems.append(f"POST {url}: {response.status_code}")
            problems += _secrets_in(response, f"POST {url}")
        if _snapshot(target) != before:
            problems.append(f"{url} changed Betashire's {model._meta.label}")
        walked.add((route.template, model))

    for route in routes:
        if route.about_an_object or route.template in {"logout/", "autocomplete/"}:
            continue  # signing out ends the walk; autocomplete has its own test below
        for url in _list_urls(route, targets):
            response = client.get(url, follow=True)
            requests += 1
            # 403: a model closed to this user, or an add form for rows made only by services;
            # 404: an app none of whose models this user may see.
            if response.status_code not in {200, 403, 404} or (
                response.status_code == 404 and "app_label" not in route.params
            ):
                problems.append(f"GET {url}: {response.status_code}")
            problems += _secrets_in(response, f"GET {url}")
            walked.add((route.template, route.model))
    models_walked = len(admin.site._registry)
    print(f"admin harness: {len(walked)} URL x model pairs over {models_walked} models, {requests} requests")
    assert not problems, "\n".join(problems)
    # Every registered model's object URLs, at least change, delete, history and its catch-all.
    assert len(walked) >= 4 * len(admin.site._registry)


def _list_urls(route: AdminRoute, targets) -> list[str]:
    if "app_label" in route.params:
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return [route.url(app_label=label) for label in labels]
    url = route.url()
    if route.model is None or not route.template.endswith(f"{route.model._meta.model_name}/"):
        return [url]
    # A changelist: also searched for and filtered by their authority, which must find nothing.
    target = targets[route.model]
    # The search box repeats its term, so search for a word the targets carry after "Betashire".
    extra = [f"{url}?q=Secret"]
    if issubclass(route.model, TenantModel):
        extra.append(f"{url}?authority__id__exact={target.authority_id}")
    return [url, *extra]


@pytest.mark.django_db
def test_no_admin_action_reaches_another_authoritys_rows(client, two_authorities, authority_admin):
    _, theirs = two_authorities
    targets = _targets(theirs, _secret_user, authority_admin)
    request = RequestFactory().get("/admin/")
    request.user = authority_admin
    acted = 0
    for model, model_admin in admin.site._registry.items():
        if _closed_to(authority_admin, model):
            continue
        target = targets[model]
        before = _snapshot(target)
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action in model_admin.get_actions(request):
            data = {"action": action, "_selected_action": [str(target.pk)], "index": "0", "post": "yes"}
            response = client.post(changelist, data=data, follow=True)
            assert response.status_code in {200, 403, 404}, f"{action} on {model._meta.label}"
            assert not _secrets_in(response, f"{action} on {model._meta.label}")
            assert _snapshot(target) == before, f"{action} changed Betashire's {model._meta.label}"
            acted += 1
    print(f"admin harness: {acted} actions aimed at another authority's rows")
    assert acted  # delete_selected at least


@pytest.mark.django_db
def test_no_admin_autocomplete_offers_another_authoritys_rows(client, two_authorities, authority_admin):
    _, theirs = two_authorities
    _targets(theirs, _secret_user, authority_admin)
    asked = 0
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model in admin.site._registry):
                continue
            query = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field.name,
                "term": SECRET,
            }
            response = client.get(reverse("admin:autocomplete"), query)
            assert response.status_code in {200, 403, 404}, query
            assert SECRET not in response.content.decode(), f"autocomplete {query} offers Betashire's rows"
            asked += 1
    print(f"admin harness: {asked} autocomplete fields searched")
    assert asked


@pytest.mark.django_db
def test_an_authority_administrator_opens_every_admin_url_of_their_own_authority(
    client, two_authorities, authority_admin
):
    mine, _ = two_authorities
    targets = _targets(mine, _own_user, authority_admin)
    for target in targets.values():
        if hasattr(type(target), "history"):
            # A second version, so the history page works out a change between two (its diff
            # reads every field and related row, which a single version never does).
            target.save()
    problems, opened = [], 0
    for route, model, url, _target in _walk_object_routes(admin_routes(), targets):
        response = client.get(url, follow=True)
        opened += 1
        if _closed_to(authority_admin, model):
            ok = _not_found(response)
        elif route.model is None:
            # view_on_site: no model here has a page of its own to send to, so 404 for every one.
            ok = response.status_code in {200, 404}
        elif route.is_history and "{history_id}" in route.template and not _keeps_history(model):
            # An append-only log (the read audit) has no versions: the record view has nothing to show.
            ok = response.status_code == 404
        elif route.is_history:
            ok = response.status_code == 200 and not response.redirect_chain
        else:
            # 403: a view this admin class closes (deleting a submitted report), never a server error.
            ok = response.status_code in {200, 403}
        if not ok:
            problems.append(f"GET {url}: {response.status_code} via {response.redirect_chain}")
    print(f"admin harness: {opened} object URLs opened on the administrator's own authority")
    assert not problems, "\n".join(problems)
