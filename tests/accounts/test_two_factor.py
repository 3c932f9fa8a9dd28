"""Two-factor sign-in: who must use it, setting up an app, giving a code, recovery codes, the admin.

These tests sign in with the password on the sign-in page, so force_login's shortcut (which gives
the second factor to other features' tests) is off here."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from authorities.models import Role
from tests.accounts.two_factor_helpers import (
    app_with_key,
    code_for,
    code_for_key,
    secret_from_enrol_page,
    sign_in_with_password,
    wrong_code_for,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.password_only_sign_in]


@pytest.fixture
def no_throttle(settings):
    """django-otp makes the next try after a wrong code wait 1, 2, 4… seconds; tests that follow a
    wrong code with a right one at once turn the wait off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _admin(authority):
    return MembershipFactory(authority=authority, role=Role.AUTHORITY_ADMIN, user__is_staff=True).user


def _location(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"]


# --- who must ------------------------------------------------------------------------------------


def test_an_authority_administrator_without_an_app_is_sent_to_set_one_up_before_anything_else(
    client, two_authorities
):
    mine, _ = two_authorities
    admin = _admin(mine)
    sign_in_with_password(client, admin.email)
    for path in (f"/{mine.slug}/", "/admin/", "/", "/my-conferences/", reverse("account")):
        location = _location(client.get(path))
        assert location.startswith(reverse("two-factor-enrol")), path
        assert "next=" in location
    assert client.get(reverse("two-factor-enrol")).status_code == 200


def test_platform_staff_must_use_it_too(client, db):
    platform = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    sign_in_with_password(client, platform.email)
    assert _location(client.get("/admin/")).startswith(reverse("two-factor-enrol"))
    assert two_factor.requirement(platform).reason == "you can use the administration pages"


def test_a_role_the_authority_has_not_ticked_signs_in_with_a_password_alone(client, two_authorities):
    mine, _ = two_authorities
    social_worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user
    sign_in_with_password(client, social_worker.email)
    assert client.get(f"/{mine.slug}/").status_code == 200
    assert not two_factor.is_required(social_worker)


def test_a_role_the_authority_ticks_must_set_up_an_app_in_that_authority_only(client, two_authorities):
    mine, theirs = two_authorities
    mine.two_factor_roles = [Role.CHAIR]
    mine.save()
    chair_here = MembershipFactory(authority=mine, role=Role.CHAIR).user
    chair_there = MembershipFactory(authority=theirs, role=Role.CHAIR).user
    sign_in_with_password(client, chair_here.email)
    assert _location(client.get(f"/{mine.slug}/")).startswith(reverse("two-factor-enrol"))
    assert "Alphashire asks every conference chair" in two_factor.requirement(chair_here).reason
    client.logout()
    sign_in_with_password(client, chair_there.email)
    assert client.get(f"/{theirs.slug}/").status_code == 200


def test_a_page_loaded_by_htmx_is_sent_to_the_code_page_as_a_whole_page(client, two_authorities):
    mine, _ = two_authorities
    sign_in_with_password(client, _admin(mine).email)
    response = client.get(f"/{mine.slug}/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("two-factor-enrol"))


# --- setting up an app ---------------------------------------------------------------------------


def test_setting_up_with_the_code_from_the_app_shows_recovery_codes_once_and_opens_the_admin(
    client, two_authorities
):
    mine, _ = two_authorities
    admin = _admin(mine)
    sign_in_with_password(client, admin.email)
    page = client.get(f"{reverse('two-factor-enrol')}?next=/admin/")
    html = page.content.decode()
    assert "because you can use the administration pages" in html
    assert "otpauth://totp/" in html and reverse("two-factor-qr-code") in html
    key = secret_from_enrol_page(html)
    # Reloading the page keeps the same key, so someone part way through scanning is not undone.
    assert secret_from_enrol_page(client.get(reverse("two-factor-enrol")).content.decode()) == key

    done = client.post(reverse("two-factor-enrol"), {"code": code_for_key(key), "next": "/admin/"})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(
        StaticDevice.objects.get(user=admin).token_set.values_list("token", flat=True)
    )
    device = TOTPDevice.objects.get(user=admin)
    assert device.confirmed and device.bin_key == key

    assert client.get("/admin/").status_code == 200
    assert client.get(f"/{mine.slug}/").status_code == 200
    account = client.get(reverse("account")).content.decode()
    assert "Recovery codes left" in account and not any(code in account for code in codes)


def test_a_wrong_code_does_not_set_up_the_app(client, two_authorities):
    mine, _ = two_authorities
    admin = _admin(mine)
    sign_in_with_password(client, admin.email)
    client.get(reverse("two-factor-enrol"))
    pending = TOTPDevice.objects.get(user=admin)
    for bad in (wrong_code_for(pending), "12ab56", ""):
        response = client.post(reverse("two-factor-enrol"), {"code": bad})
        assert response.status_code == 200
        assert "Code: " in response.content.decode() or "Enter the code" in response.content.decode()
        TOTPDevice.objects.filter(pk=pending.pk).update(throttling_failure_count=0)
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert _location(client.get(f"/{mine.slug}/")).startswith(reverse("two-factor-enrol"))


def test_the_qr_code_is_an_svg_image_of_the_pending_app_and_is_not_cached(client, two_authorities):
    mine, _ = two_authorities
    sign_in_with_password(client, _admin(mine).email)
    assert client.get(reverse("two-factor-qr-code")).status_code == 404  # nothing pending yet
    client.get(reverse("two-factor-enrol"))
    response = client.get(reverse("two-factor-qr-code"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert b"<svg" in response.content and b"<script" not in response.content


def test_a_password_alone_cannot_replace_someones_app(client, two_authorities):
    mine, _ = two_authorities
    admin = _admin(mine)
    original = app_with_key(admin)
    sign_in_with_password(client, admin.email)
    assert _location(client.get(reverse("two-factor-enrol"))).startswith(reverse("two-factor-verify"))
    assert client.get(reverse("two-factor-qr-code")).status_code == 404
    client.post(reverse("two-factor-enrol"), {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=admin)) == [original]


# --- giving a code -------------------------------------------------------------------------------


def test_signing_in_asks_for_the_apps_code_and_refuses_a_wrong_one(client, two_authorities, no_throttle):
    mine, _ = two_authorities
    admin = _admin(mine)
    device = app_with_key(admin)
    response = sign_in_with_password(client, admin.email)
    home = f"/{mine.slug}/"
    location = _location(client.get(home))
    assert location == f"{reverse('two-factor-verify')}?next=%2F{mine.slug}%2F"

    wrong = client.post(reverse("two-factor-verify"), {"code": wrong_code_for(device), "next": home})
    assert wrong.status_code == 200
    assert "Code: that code is not right" in wrong.content.decode()
    assert _location(client.get(home)).startswith(reverse("two-factor-verify"))

    right = client.post(reverse("two-factor-verify"), {"code": code_for(device), "next": home})
    assert _location(right) == home
    assert client.get(home).status_code == 200
    assert response.wsgi_request.session.session_key != client.session.session_key  # cycled


def test_after_a_wrong_code_the_next_try_must_wait(client, two_authorities):
    mine, _ = two_authorities
    admin = _admin(mine)
    device = app_with_key(admin)
    sign_in_with_password(client, admin.email)
    client.post(reverse("two-factor-verify"), {"code": wrong_code_for(device)})
    response = client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert "too many wrong codes. Wait" in response.content.decode()
    assert _location(client.get(f"/{mine.slug}/")).startswith(reverse("two-factor-verify"))


def test_a_code_goes_only_to_a_safe_next_page(client, two_authorities):
    mine, _ = two_authorities
    admin = _admin(mine)
    device = app_with_key(admin)
    sign_in_with_password(client, admin.email)
    response = client.post(
        reverse("two-factor-verify"), {"code": code_for(device), "next": "https://evil.test/"}
    )
    assert _location(response) == reverse("authority-picker")


def test_a_recovery_code_works_once(client, two_authorities, no_throttle):
    mine, _ = two_authorities
    admin = _admin(mine)
    app_with_key(admin)
    codes = two_factor.replace_recovery_codes(user=admin)
    home = f"/{mine.slug}/"

    sign_in_with_password(client, admin.email)
    used = client.post(reverse("two-factor-verify"), {"code": codes[0].upper(), "next": home}, follow=True)
    assert used.redirect_chain[-1][0] == home
    assert "You used a recovery code" in used.content.decode() and "You have 9 left" in used.content.decode()

    client.post(reverse("logout"))
    sign_in_with_password(client, admin.email)
    again = client.post(reverse("two-factor-verify"), {"code": codes[0], "next": home})
    assert again.status_code == 200 and "not right" in again.content.decode()
    assert _location(client.post(reverse("two-factor-verify"), {"code": codes[1], "next": home})) == home
    assert two_factor.recovery_codes_left(admin) == 8


def test_new_recovery_codes_replace_the_old_ones(client, two_authorities, no_throttle):
    mine, _ = two_authorities
    admin = _admin(mine)
    device = app_with_key(admin)
    old = two_factor.replace_recovery_codes(user=admin)
    sign_in_with_password(client, admin.email)
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    page = client.post(reverse("two-factor-recovery-codes"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.verify_code(user=admin, code=old[0]).device is None
    assert two_factor.verify_code(user=admin, code=new[0]).device is not None


def test_someone_who_chose_two_factor_is_asked_for_a_code_and_may_turn_it_off(client, two_authorities):
    mine, _ = two_authorities
    social_worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user
    device = app_with_key(social_worker)
    sign_in_with_password(client, social_worker.email)
    assert _location(client.get(f"/{mine.slug}/")).startswith(reverse("two-factor-verify"))
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert "Turn off two-factor sign-in" in client.get(reverse("account")).content.decode()
    client.post(reverse("two-factor-turn-off"))
    assert not two_factor.has_app(social_worker)
    client.post(reverse("logout"))
    sign_in_with_password(client, social_worker.email)
    assert client.get(f"/{mine.slug}/").status_code == 200


def test_someone_who_must_use_two_factor_cannot_turn_it_off(client, two_authorities):
    mine, _ = two_authorities
    admin = _admin(mine)
    device = app_with_key(admin)
    sign_in_with_password(client, admin.email)
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert "Turn off two-factor sign-in" not in client.get(reverse("account")).content.decode()
    client.post(reverse("two-factor-turn-off"))
    assert two_factor.has_app(admin)


def test_signing_out_works_before_giving_a_code(client, two_authorities):
    mine, _ = two_authorities
    sign_in_with_password(client, _admin(mine).email)
    client.post(reverse("logout"))
    assert _location(client.get(f"/{mine.slug}/")).startswith(reverse("login"))


# --- the admin -------------------------------------------------------------------------------------


def test_the_admin_refuses_an_administrator_whose_session_has_no_code(client, two_authorities, rf):
    from django.contrib import admin as django_admin

    mine, _ = two_authorities
    admin = _admin(mine)
    client.force_login(admin)  # the plain one here: a password's worth of sign-in
    assert _location(client.get("/admin/")).startswith(reverse("two-factor-enrol"))
    request = rf.get("/admin/")
    request.user = admin
    admin.is_verified = lambda: False
    assert not django_admin.site.has_permission(request)
    admin.is_verified = lambda: True
    assert django_admin.site.has_permission(request)


def test_an_authority_administrator_chooses_the_roles_of_their_own_authority_only(client, two_authorities):
    from tests.conftest import give_session_second_factor

    mine, theirs = two_authorities
    admin = _admin(mine)
    client.force_login(admin)
    give_session_second_factor(client, admin)
    url = reverse("admin:authorities_authority_change", args=[mine.pk])
    form = client.get(url).content.decode()
    assert 'name="two_factor_roles"' in form and 'value="chair"' in form
    response = client.post(url, {"two_factor_roles": ["chair", "social_worker"], "name": "Renamed"})
    assert _location(response)
    mine.refresh_from_db()
    assert mine.two_factor_roles == ["chair", "social_worker"] and mine.name == "Alphashire"
    other = reverse("admin:authorities_authority_change", args=[theirs.pk])
    assert client.post(other, {"two_factor_roles": ["chair"]}).status_code in {302, 404}
    theirs.refresh_from_db()
    assert theirs.two_factor_roles == []


def test_an_unknown_role_is_refused_naming_the_field(two_authorities):
    from django.core.exceptions import ValidationError

    mine, _ = two_authorities
    mine.two_factor_roles = ["chair", "janitor"]
    with pytest.raises(ValidationError) as refused:
        mine.full_clean()
    assert "two_factor_roles" in refused.value.message_dict
    assert "janitor" in refused.value.message_dict["two_factor_roles"][0]


def test_an_administrator_resets_the_second_factor_of_their_own_people_only(client, two_authorities):
    from tests.conftest import give_session_second_factor

    mine, theirs = two_authorities
    admin = _admin(mine)
    client.force_login(admin)
    give_session_second_factor(client, admin)
    colleague = MembershipFactory(authority=mine, role=Role.CHAIR).user
    stranger = MembershipFactory(authority=theirs, role=Role.CHAIR).user
    for person in (colleague, stranger):
        app_with_key(person)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [colleague.pk, stranger.pk]},
    )
    assert not two_factor.has_app(colleague)
    assert two_factor.has_app(stranger)


def test_devices_in_the_admin_are_for_platform_superusers_only(client, two_authorities):
    from tests.conftest import give_session_second_factor

    mine, _ = two_authorities
    admin = _admin(mine)
    client.force_login(admin)
    give_session_second_factor(client, admin)
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403
    assert client.get(reverse("admin:otp_static_staticdevice_changelist")).status_code == 403


def test_a_role_ticked_while_someone_is_signed_in_reaches_them_within_the_recheck_time(
    client, two_authorities
):
    from accounts.middleware import NO_CODE_NEEDED_UNTIL

    mine, _ = two_authorities
    chair = MembershipFactory(authority=mine, role=Role.CHAIR).user
    sign_in_with_password(client, chair.email)
    assert client.get(f"/{mine.slug}/").status_code == 200
    mine.two_factor_roles = [Role.CHAIR]
    mine.save()
    assert client.get(f"/{mine.slug}/").status_code == 200  # remembered for a few minutes
    session = client.session
    session[NO_CODE_NEEDED_UNTIL] = 0  # as if TWO_FACTOR_RECHECK_MINUTES had passed
    session.save()
    assert _location(client.get(f"/{mine.slug}/")).startswith(reverse("two-factor-enrol"))
    assert client.get(f"/api/v1/{mine.slug}/agencies/").status_code in {401, 403}
