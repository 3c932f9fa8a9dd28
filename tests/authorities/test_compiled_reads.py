"""A read compiled once and run again with other ids answers exactly what the ORM answers, never
another authority's rows, and refuses at once a build it could not run again safely."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from authorities.compiled_reads import MAX_SHAPES, CompiledRead, CompiledReadError
from authorities.models import Membership, Role
from cases.models import Child, Family
from conferences.models import Conference
from tests.factories import ChildFactory, ConferenceFactory, FamilyFactory, InvitationFactory


def _fields(instance) -> dict:
    return {key: value for key, value in instance.__dict__.items() if key != "_state"}


@pytest.fixture
def families(two_authorities):
    mine, theirs = two_authorities
    ours = FamilyFactory(authority=mine, name="Ashby")
    other = FamilyFactory(authority=mine, name="Brook")
    foreign = FamilyFactory(authority=theirs, name="Carver")
    for family, names in ((ours, ["Amy", "Ben"]), (other, ["Cal"]), (foreign, ["Dee"])):
        for name in names:
            ChildFactory(family=family, first_name=name)
    return ours, other, foreign


def _children_of(authority, family):
    return Child.objects.for_authority(authority).filter(family_id=family).order_by("first_name", "pk")


def test_model_rows_are_the_orms_rows_for_each_family(families):
    ours, other, _ = families
    read = CompiledRead(_children_of)
    for family in (ours, other, ours):
        compiled = read(family.authority_id, family.pk)
        expected = list(_children_of(family.authority_id, family.pk))
        assert [_fields(child) for child in compiled] == [_fields(child) for child in expected]
        assert all(child._state.db == "default" and not child._state.adding for child in compiled)
    assert [child.first_name for child in read(ours.authority_id, ours.pk)] == ["Amy", "Ben"]


def test_another_authoritys_id_finds_nothing(families):
    ours, _, foreign = families
    read = CompiledRead(_children_of)
    read(ours.authority_id, ours.pk)
    assert read(ours.authority_id, foreign.pk) == []
    assert read(foreign.authority_id, ours.pk) == []
    assert [child.first_name for child in read(foreign.authority_id, foreign.pk)] == ["Dee"]


def test_joined_rows_values_and_named_tuples_come_back_as_the_orm_gives_them(families):
    ours, _, _ = families
    dale = FamilyFactory(authority=ours.authority, name="Dale")
    conference = ConferenceFactory(authority=ours.authority, family=dale)
    joined = CompiledRead(
        lambda authority, pk: (
            Conference.objects.for_authority(authority)
            .select_related("family", "chair__user", "venue")
            .filter(pk=pk)
        )
    )
    [compiled] = joined(conference.authority_id, conference.pk)
    expected = Conference.objects.for_authority(ours.authority).select_related("family", "chair__user").get()
    assert _fields(compiled) == _fields(expected)
    assert _fields(compiled.family) == _fields(expected.family)
    assert _fields(compiled.chair.user) == _fields(expected.chair.user)
    with CaptureQueriesContext(connection) as reads:
        assert compiled.family.name == "Dale" and compiled.chair.user.pk == expected.chair.user.pk
    assert reads.captured_queries == []

    values = CompiledRead(
        lambda authority, family: _children_of(authority, family).values("first_name", "family__name")
    )
    assert values(ours.authority_id, ours.pk) == [
        {"first_name": "Amy", "family__name": "Ashby"},
        {"first_name": "Ben", "family__name": "Ashby"},
    ]
    named = CompiledRead(
        lambda authority, family: _children_of(authority, family).values_list(
            "first_name", "date_of_birth", named=True
        )
    )
    rows = named(ours.authority_id, ours.pk)
    assert [row.first_name for row in rows] == ["Amy", "Ben"]
    assert rows == list(
        _children_of(ours.authority_id, ours.pk).values_list("first_name", "date_of_birth", named=True)
    )


def test_after_the_first_call_nothing_is_compiled_again(families, monkeypatch):
    ours, other, _ = families
    read = CompiledRead(_children_of)
    read(ours.authority_id, ours.pk)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k)
    )
    with CaptureQueriesContext(connection) as reads:
        assert [child.first_name for child in read(other.authority_id, other.pk)] == ["Cal"]
    assert compiled == []
    assert len(reads.captured_queries) == 1


def test_an_id_used_twice_is_put_in_both_places(families):
    ours, other, _ = families
    read = CompiledRead(
        lambda authority, family: (
            Child.objects.for_authority(authority)
            .filter(family_id=family, family__authority_id=authority)
            .order_by("first_name")
        )
    )
    assert [child.first_name for child in read(ours.authority_id, other.pk)] == ["Cal"]
    assert [child.first_name for child in read(ours.authority_id, ours.pk)] == ["Amy", "Ben"]


def test_arguments_that_are_not_ids_choose_a_shape_of_their_own(families):
    ours, _, _ = families
    read = CompiledRead(
        lambda authority, family, eldest_first: _children_of(authority, family).order_by(
            "first_name" if eldest_first else "-first_name"
        )
    )
    assert [c.first_name for c in read(ours.authority_id, ours.pk, True)] == ["Amy", "Ben"]
    assert [c.first_name for c in read(ours.authority_id, ours.pk, False)] == ["Ben", "Amy"]
    assert [c.first_name for c in read(ours.authority_id, ours.pk, True)] == ["Amy", "Ben"]
    nobody = CompiledRead(lambda authority, name: Family.objects.for_authority(authority).filter(name=name))
    assert [f.name for f in nobody(ours.authority_id, "Ashby")] == ["Ashby"]
    assert nobody(ours.authority_id, None) == []


def test_a_thread_of_its_own_uses_its_own_connection(families):
    ours, _, _ = families
    read = CompiledRead(_children_of)
    read(ours.authority_id, ours.pk)  # compiled on this thread's connection
    answers, errors = [], []

    def other_thread():
        try:
            answers.append([child.first_name for child in read(ours.authority_id, ours.pk)])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    # The other thread's connection does not see this test's uncommitted rows; what matters is
    # that it ran on its own connection rather than failing on this thread's.
    assert errors == [] and answers == [[]]


@pytest.mark.parametrize(
    ("build", "why"),
    [
        (
            lambda authority, family: Child.objects.for_authority(authority).extra(
                where=[f"family_id = {family}"]
            ),
            "as a parameter",
        ),
        (lambda authority, family: _children_of(authority, family)[: family % 5 + 1], "depends on the ids"),
        (
            lambda authority, family: _children_of(authority, family) if family % 2 else Child.objects.none(),
            "depends on the ids",
        ),
        (lambda authority, family: _children_of(authority, family).prefetch_related("family"), "prefetch"),
        (lambda authority, family: list(_children_of(authority, family)), "QuerySet"),
    ],
    ids=["id-in-sql-text", "limit-by-value", "shape-by-value", "prefetch", "not-a-queryset"],
)
def test_a_build_that_cannot_be_run_again_safely_is_refused_at_once(families, build, why):
    ours, _, _ = families
    with pytest.raises(CompiledReadError, match=why):
        CompiledRead(build)(ours.authority_id, ours.pk)


def test_ids_given_as_strings_are_refused_before_they_fill_memory(families):
    ours, _, _ = families
    read = CompiledRead(lambda authority, name: Family.objects.for_authority(authority).filter(name=name))
    with pytest.raises(CompiledReadError, match="ids must be int"):
        for number in range(MAX_SHAPES + 1):
            read(ours.authority_id, str(number))


def test_visibility_narrows_by_role_with_the_members_id_as_a_parameter(families, member_of):
    ours, other, _ = families
    practitioner, invited = (
        member_of(ours.authority, Role.PRACTITIONER),
        member_of(ours.authority, Role.PRACTITIONER),
    )
    conference = ConferenceFactory(authority=ours.authority, family=other)
    InvitationFactory(authority=ours.authority, conference=conference, membership=invited)
    chair = member_of(ours.authority, Role.CHAIR)
    read = CompiledRead(
        lambda authority, role, member: (
            Family.objects.for_authority(authority)
            .visible_to(Membership.made_of_ids(authority, role, member))
            .order_by("name")
        )
    )
    assert [f.name for f in read(ours.authority_id, chair.role, chair.pk)] == ["Ashby", "Brook"]
    assert read(ours.authority_id, practitioner.role, practitioner.pk) == []
    assert [f.name for f in read(ours.authority_id, invited.role, invited.pk)] == ["Brook"]
    assert [f.name for f in read(ours.authority_id, chair.role, chair.pk)] == ["Ashby", "Brook"]


def test_a_list_of_ids_is_swapped_in_whole_and_an_empty_one_asks_nothing(families):
    ours, other, foreign = families
    read = CompiledRead(
        lambda authority, ids: (
            Child.objects.for_authority(authority)
            .filter(family_id__in=ids)
            .order_by("first_name")
            .values_list("first_name", flat=True)
        )
    )
    assert read(ours.authority_id, [ours.pk, other.pk]) == ["Amy", "Ben", "Cal"]
    assert read(ours.authority_id, [other.pk, foreign.pk]) == ["Cal"]
    assert read(ours.authority_id, (ours.pk,)) == ["Amy", "Ben"]
    assert read(foreign.authority_id, [ours.pk, other.pk, foreign.pk]) == ["Dee"]
    with CaptureQueriesContext(connection) as reads:
        assert read(ours.authority_id, []) == []
    assert reads.captured_queries == []
