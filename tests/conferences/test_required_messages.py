"""The social worker's forms say which field is missing ("Enter the child's first name"), never
Django's generic "This field is required."."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from conferences.preparation import services as scheduling
from tests.conferences.sw_helpers import at, make_case, working_day

pytestmark = pytest.mark.django_db

GENERIC = "This field is required."
VERBS = ("Enter ", "Choose ", "Say ", "Give ", "Answer ")


def _pages(case, conference, observer, slot) -> list[tuple[object, str]]:
    slug = case.authority.slug
    c = f"/{slug}/conferences/{conference.pk}"
    sw, chair = case.social_worker, case.chair
    return [
        (sw, f"/{slug}/cases/new/"),
        (sw, f"/{slug}/cases/{case.family.pk}/edit/"),
        (sw, f"/{slug}/cases/{case.family.pk}/children/new/"),
        (sw, f"/{slug}/cases/{case.family.pk}/people/new/"),
        (sw, f"/{slug}/cases/{case.family.pk}/strategy-discussions/new/"),
        (sw, f"/{slug}/cases/{case.family.pk}/conferences/new/"),
        (sw, f"{c}/move/"),
        (sw, f"{c}/cancel/"),
        (sw, f"{c}/invite/professional/"),
        (sw, f"{c}/invite/family/"),
        (sw, f"{c}/invite/child/"),
        (sw, f"{c}/invite/other/"),
        (sw, f"{c}/professional-slot/"),
        (sw, f"{c}/observer/"),
        (sw, f"/{slug}/conferences/observers/{observer.pk}/family/"),
        (sw, f"{c}/separate/"),
        (sw, f"{c}/pre-meeting/"),
        (sw, f"{c}/social-worker-report/"),
        (chair, f"/{slug}/conferences/professional-slots/{slot.pk}/decide/"),
        (chair, f"/{slug}/conferences/observers/{observer.pk}/decide/"),
    ]


def _blank(client, url: str) -> dict:
    """What a browser sends for the form left empty: every text box and select, with nothing in
    it (unticked radios and checkboxes send nothing), and the CSRF token."""
    fields = client.get(url).context["form"].fields
    return {"csrfmiddlewaretoken": "token"} | {
        name: ""
        for name, field in fields.items()
        if getattr(field.widget, "input_type", "") not in ("radio", "checkbox")
        and not getattr(field.widget, "allow_multiple_selected", False)
    }


def test_every_social_worker_form_submitted_empty_names_each_missing_field(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind="initial",
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    observer = scheduling.request_observer(
        by=case.social_worker,
        conference_id=conference.pk,
        observer_name="Sam",
        observer_role="Student",
        reason="x",
    )
    slot = scheduling.request_professional_slot(
        by=case.social_worker, conference_id=conference.pk, reason="x"
    )
    for member, url in _pages(case, conference, observer, slot):
        client.force_login(member.user)
        response = client.post(url, _blank(client, url))
        assert response.status_code == 200, url
        page = response.content.decode()
        assert GENERIC not in page, url
        form = response.context["form"]
        required = {name for name, field in form.fields.items() if field.required}
        assert required <= set(form.errors), url
        for name in required:
            message = form.errors[name][0]
            assert message == form.fields[name].error_messages["required"] and message.startswith(VERBS), url
            assert escape(message) in page, f"{url}: {message}"


def test_required_messages_read_as_instructions_naming_the_field(client, two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    client.force_login(case.social_worker.user)
    child = client.post(
        url := f"/{mine.slug}/cases/{case.family.pk}/children/new/", _blank(client, url)
    ).content.decode()
    assert escape("Enter the child's first name") in child and escape("Enter the child's last name") in child
    booking = client.post(
        url := f"/{mine.slug}/cases/{case.family.pk}/conferences/new/", _blank(client, url)
    ).content.decode()
    for message in ("Choose the conference chair", "Enter the start time", "Choose a venue or give a link"):
        assert message in booking
    discussion = client.post(
        url := f"/{mine.slug}/cases/{case.family.pk}/strategy-discussions/new/", _blank(client, url)
    ).content
    assert "Enter the date of the strategy discussion" in discussion.decode()
