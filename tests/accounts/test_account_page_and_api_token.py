"""The person's own account page: two-factor status, and the API token made there and shown once.
The API takes a session only once it has given a code (for those who must), and a token only from
someone who either need not give a code or has set up an app."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from authorities.models import Role
from tests.accounts.two_factor_helpers import app_with_key, code_for, sign_in_with_password
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.password_only_sign_in]


def _token_from(response) -> str:
    match = re.search(r'id="api-token">([0-9a-f]{40})</code>', response.content.decode())
    assert match, "no token on the page"
    return match.group(1)


def test_the_account_page_is_linked_from_every_page_and_says_how_to_get_an_api_token(client, two_authorities):
    mine, _ = two_authorities
    user = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user
    sign_in_with_password(client, user.email)
    assert f'href="{reverse("account")}"' in client.get(f"/{mine.slug}/").content.decode()
    page = client.get(reverse("account"))
    html = page.content.decode()
    assert "Create an API token" in html and "Set up two-factor sign-in" in html
    assert "signed out after 30 minutes" in html
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]


def test_a_token_is_shown_once_works_on_the_api_and_is_replaced_by_the_next(client, two_authorities):
    mine, theirs = two_authorities
    user = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user
    sign_in_with_password(client, user.email)
    made = client.post(reverse("account-api-token"), {"action": "create"})
    assert "no-store" in made["Cache-Control"]
    key = _token_from(made)
    assert Token.objects.get(user=user).key == key
    assert key not in client.get(reverse("account")).content.decode()
    assert "Replace your API token" in client.get(reverse("account")).content.decode()

    api = client.__class__()  # no session: the token alone
    url = f"/api/v1/{mine.slug}/agencies/"
    assert api.get(url, headers={"Authorization": f"Token {key}"}).status_code == 200
    assert (
        api.get(f"/api/v1/{theirs.slug}/agencies/", headers={"Authorization": f"Token {key}"}).status_code
        == 404
    )

    new_key = _token_from(client.post(reverse("account-api-token"), {"action": "create"}))
    assert new_key != key
    assert api.get(url, headers={"Authorization": f"Token {key}"}).status_code in {401, 403}
    assert api.get(url, headers={"Authorization": f"Token {new_key}"}).status_code == 200

    client.post(reverse("account-api-token"), {"action": "revoke"})
    assert not Token.objects.filter(user=user).exists()
    assert api.get(url, headers={"Authorization": f"Token {new_key}"}).status_code in {401, 403}


def test_someone_who_must_give_a_code_gets_a_token_only_after_giving_it(client, two_authorities):
    mine, _ = two_authorities
    admin = MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__is_staff=True).user
    device = app_with_key(admin)
    sign_in_with_password(client, admin.email)
    refused = client.post(reverse("account-api-token"), {"action": "create"})
    assert refused["Location"].startswith(reverse("two-factor-verify"))
    assert not Token.objects.filter(user=admin).exists()
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    key = _token_from(client.post(reverse("account-api-token"), {"action": "create"}))
    assert (
        client.__class__()
        .get(f"/api/v1/{mine.slug}/agencies/", headers={"Authorization": f"Token {key}"})
        .status_code
        == 200
    )


def test_the_api_refuses_a_session_that_has_not_given_its_code(client, two_authorities):
    mine, _ = two_authorities
    admin = MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__is_staff=True).user
    device = app_with_key(admin)
    sign_in_with_password(client, admin.email)
    url = f"/api/v1/{mine.slug}/agencies/"
    refused = client.get(url)
    assert refused.status_code in {401, 403}
    assert "Two-factor sign-in is needed" in refused.json()["detail"]
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert client.get(url).status_code == 200


def test_a_token_of_someone_who_must_use_two_factor_but_has_no_app_is_refused(client, two_authorities):
    mine, _ = two_authorities
    mine.two_factor_roles = [Role.CHAIR]
    mine.save()
    chair = MembershipFactory(authority=mine, role=Role.CHAIR).user
    token = Token.objects.create(user=chair)  # made before the authority ticked the role
    response = client.get(f"/api/v1/{mine.slug}/agencies/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code in {401, 403}
    assert "Set up two-factor sign-in" in response.json()["detail"]
