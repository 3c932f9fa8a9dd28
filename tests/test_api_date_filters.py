"""Every date a list endpoint filters by is bounded: a date nobody means (the year 1, the year
9999) is a 400 naming the query parameter and the range, never a 500 or a silent full scan.

The cases are found by walking the API's routes, so a date filter added later is covered (and one
left unbounded fails the inventory test)."""

from __future__ import annotations

import pytest
from django_filters import filters as filter_types
from django_filters.rest_framework import DjangoFilterBackend

from authorities.api_dates import BOUNDED_FILTERS, FILTER
from authorities.date_fields import _resolve
from authorities.human_dates import long_date
from authorities.models import Role
from cpc.api_urls import router
from tests.factories import MembershipFactory

DATE_FILTERS = (filter_types.DateFilter, filter_types.IsoDateTimeFilter, filter_types.DateFromToRangeFilter)


def _filterset_class(viewset):
    if getattr(viewset, "filterset_class", None) is not None:
        return viewset.filterset_class
    if getattr(viewset, "filterset_fields", None) and getattr(viewset, "model", None) is not None:
        return DjangoFilterBackend().get_filterset_class(viewset(), viewset.model._default_manager.none())
    return None


def _date_filters() -> list[tuple[str, str, object]]:
    found = []
    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "list"):
            continue
        filterset = _filterset_class(viewset)
        for param, filter_ in filterset.base_filters.items() if filterset else ():
            if isinstance(filter_, DATE_FILTERS):
                found.append((prefix, param, filter_))
    return found


DATE_FILTER_CASES = _date_filters()
IDS = [f"{prefix}?{param}" for prefix, param, _ in DATE_FILTER_CASES]


def test_the_walk_finds_the_date_filters_we_know_of():
    found = {(prefix, param) for prefix, param, _ in DATE_FILTER_CASES}
    known = {("deadlines", "due_on__gte"), ("conferences", "starts_after"), ("families", "due_before")}
    assert known <= found
    assert len(found) >= 10


@pytest.mark.parametrize(("prefix", "param", "filter_"), DATE_FILTER_CASES, ids=IDS)
def test_every_list_date_filter_is_bounded(prefix, param, filter_):
    unbounded = f"/{prefix}/?{param} is an unbounded {type(filter_).__name__}"
    assert isinstance(filter_, BOUNDED_FILTERS), unbounded


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "param", "filter_"), DATE_FILTER_CASES, ids=IDS)
def test_a_date_out_of_range_is_a_400_naming_the_parameter_and_the_range(
    client, two_authorities, prefix, param, filter_
):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=Role.TEAM_MANAGER).user)
    url = f"/api/v1/{mine.slug}/{prefix}/"
    earliest, latest = (long_date(_resolve(bound)) for bound in FILTER)
    for value in ("0001-01-01", "9999-12-31", "1989-12-31T10:00:00Z"):
        if "T" in value and not isinstance(filter_, filter_types.IsoDateTimeFilter):
            value = value[:10]
        answer = client.get(url, {param: value})
        assert answer.status_code == 400, (value, answer.content[:300])
        messages = answer.json()[param]
        assert messages == [f"{param} must be between {earliest} and {latest}"]
    ok = "2026-12-07T10:00:00Z" if isinstance(filter_, filter_types.IsoDateTimeFilter) else "2026-12-07"
    assert client.get(url, {param: ok}).status_code == 200
