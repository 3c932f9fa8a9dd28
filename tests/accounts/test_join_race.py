"""Two requests with the same join link at the same moment: the compare-and-set on accepted_at
lets one through; the other is refused, and there is one user."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection

from accounts.services import JoinRefused, accept_as_new_user, join_link_database_scope
from authorities.models import Authority
from authorities.rls.scope import database_scope
from conferences.preparation import services as scheduling
from tests.accounts.join_helpers import NEW_PASSWORD, book, housing, token_in
from tests.conferences.sw_helpers import make_case


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks between connections")
def test_the_same_link_used_twice_at_once_makes_one_user(transactional_db):
    if not Authority.objects.filter(slug="hartlepool").exists():
        from tests.conftest import _restore_shipped_authorities

        _restore_shipped_authorities()
    authority = Authority.objects.get(slug="hartlepool")
    case = make_case(authority)
    case.discussion()
    conference = book(case)
    mail.outbox = []
    scheduling.invite_professional(
        by=case.social_worker,
        conference_id=conference.pk,
        name="Robin New",
        email="robin@housing.example.test",
        agency_id=housing(authority).pk,
    )
    token = token_in(mail.outbox[0])
    start, outcomes = threading.Barrier(2), []

    def accept():
        try:
            start.wait()
            # What the join page does: this thread's connection sees the inviting authority only.
            with database_scope(join_link_database_scope(token)):
                accept_as_new_user(
                    token=token, full_name="Robin New", job_title="Officer", password=NEW_PASSWORD
                )
            outcomes.append("joined")
        except JoinRefused as refused:
            outcomes.append(refused.reason.value)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["joined", "used"]
    assert get_user_model().objects.filter(email="robin@housing.example.test").count() == 1
