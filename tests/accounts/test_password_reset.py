"""Password reset by e-mail: linked from the sign-in page, the same answer whether or not the
address has an account, a link that works once, and the second factor still asked afterwards."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from authorities.models import Role
from tests.accounts.two_factor_helpers import app_with_key
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.password_only_sign_in]

NEW_PASSWORD = "harbour-lantern-2027"


def _ask_for_link(client, email: str):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def _link_in(message) -> str:
    match = re.search(r"http://testserver(/accounts/password-reset/\S+/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_sign_in_page_links_to_the_password_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
    assert client.get(reverse("password_reset")).status_code == 200


def test_someone_resets_their_password_through_the_e_mailed_link(
    client, two_authorities, mailoutbox, settings
):
    settings.SITE_URL = "http://testserver"
    mine, _ = two_authorities
    user = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER, user__email="sam@example.test").user
    done = _ask_for_link(client, "Sam@Example.test ")
    assert done.redirect_chain[-1][0] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["sam@example.test"]
    assert message.subject == "Reset your password – Child protection conferences"
    assert "works once, for 60 minutes" in message.body

    form = client.get(_link_in(message), follow=True)
    assert "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something-else-1"})
    assert mismatch.status_code == 200 and "govuk-error-summary" in mismatch.content.decode()
    complete = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert complete.redirect_chain[-1][0] == reverse("password_reset_complete")
    assert "Password changed" in complete.content.decode()

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    again = client.get(_link_in(message), follow=True)
    assert "This link does not work" in again.content.decode()
    assert (
        client.post(reverse("login"), {"username": user.email, "password": NEW_PASSWORD}).status_code == 302
    )
    assert client.get(f"/{mine.slug}/").status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, two_authorities, mailoutbox):
    mine, _ = two_authorities
    MembershipFactory(authority=mine, role=Role.CHAIR, user__email="known@example.test")
    known = _ask_for_link(client, "known@example.test")
    unknown = _ask_for_link(client, "nobody@example.test")
    assert known.redirect_chain == unknown.redirect_chain
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|name="csrf-token" content="[^"]+"')
    assert strip.sub("", known.content.decode()) == strip.sub("", unknown.content.decode())
    assert [m.to for m in mailoutbox] == [["known@example.test"]]


def test_a_badly_typed_address_is_refused_naming_the_field(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert 'href="#id_email"' in response.content.decode()
    assert mailoutbox == []


def test_a_deactivated_account_gets_no_e_mail(client, db, mailoutbox):
    UserFactory(email="gone@example.test", is_active=False)
    _ask_for_link(client, "gone@example.test")
    assert mailoutbox == []


def test_a_new_password_does_not_skip_the_second_factor(client, two_authorities, mailoutbox, settings):
    settings.SITE_URL = "http://testserver"
    mine, _ = two_authorities
    admin = MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__is_staff=True).user
    app_with_key(admin)
    _ask_for_link(client, admin.email)
    set_url = client.get(_link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("login"), {"username": admin.email, "password": NEW_PASSWORD})
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-verify"))
