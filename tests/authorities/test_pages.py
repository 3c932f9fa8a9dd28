import pytest
from django.urls import reverse

from authorities.models import Authority, Role
from authorities.rules.catalogue import RULES
from tests.conftest import SHIPPED_SLUGS
from tests.factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_a_person_signs_in_with_their_email_address(client, password):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"), role=Role.CHAIR)
    response = client.post(
        reverse("login"), {"username": membership.user.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/barnsley/"
    assert "Conference chair" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_someone_in_two_authorities_picks_one(client):
    user = UserFactory()
    for slug in ("staffordshire", "stoke-on-trent"):
        MembershipFactory(authority=Authority.objects.get(slug=slug), user=user, role=Role.PRACTITIONER)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Staffordshire" in page and "Stoke-on-Trent" in page
    assert "Barnsley" not in page
    assert client.get("/stoke-on-trent/").status_code == 200
    assert client.get("/barnsley/").status_code == 404


@pytest.mark.django_db
def test_someone_with_no_membership_is_told_so(client):
    client.force_login(UserFactory())
    assert "do not have access to any authority" in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_home_page_that_says_what_they_can_do(client, role):
    membership = MembershipFactory(authority=Authority.objects.get(slug="birmingham"), role=role)
    client.force_login(membership.user)
    page = client.get("/birmingham/").content.decode()
    assert membership.get_role_display() in page
    assert "What you can do today" in page
    assert "/birmingham/due-dates/" in page and "/birmingham/rules/" in page
    assert ("/admin/" in page) == (role == Role.AUTHORITY_ADMIN)


@pytest.mark.django_db
def test_rules_in_force_shows_every_rule_for_all_six_authorities_with_no_blank_cell(client):
    user = UserFactory()
    for slug in SHIPPED_SLUGS:
        MembershipFactory(authority=Authority.objects.get(slug=slug), user=user, role=Role.CHAIR)
    client.force_login(user)
    import re

    for slug in SHIPPED_SLUGS:
        page = client.get(f"/{slug}/rules/").content.decode()
        for rule in RULES:
            match = re.search(
                rf'<tr class="govuk-table__row" id="rule-{re.escape(rule.id)}">(.*?)</tr>', page, re.S
            )
            assert match, f"{slug}: {rule.id} missing"
            cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", match.group(1), re.S)
            assert len(cells) == 4
            for cell in cells:
                text = re.sub(r"<[^>]+>", "", cell).strip()
                assert text, f"{slug}: {rule.id} has a blank cell"


@pytest.mark.django_db
def test_rules_in_force_differ_by_authority(client):
    user = UserFactory()
    for slug in ("barnsley", "west-sussex"):
        MembershipFactory(authority=Authority.objects.get(slug=slug), user=user, role=Role.CHAIR)
    client.force_login(user)
    barnsley = client.get("/barnsley/rules/").content.decode()
    west_sussex = client.get("/west-sussex/rules/").content.decode()
    assert "app-mode--on" in barnsley.split('id="rule-SCALING"')[1].split("</tr>")[0]
    assert "app-mode--off" in west_sussex.split('id="rule-SCALING"')[1].split("</tr>")[0]


@pytest.mark.django_db
def test_rules_in_force_before_the_first_version_says_so(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    page = client.get("/barnsley/rules/?on=2010-01-01").content.decode()
    assert "no rule set in force on 1 January 2010" in page


@pytest.mark.django_db
def test_due_date_page_gives_the_icpc_date_in_working_days(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    page = client.get(
        "/barnsley/due-dates/", {"rule_id": "ICPC-15WD", "event": "2026-12-18"}
    ).content.decode()
    assert "Due by Wednesday 13 January 2027" in page
    assert "(ICPC-15WD),</span> counted from the" in page
    # The timescales are radios, each with its whole title (a dropdown cut long ones off on a
    # phone), words first and the rule id after as a reference.
    assert 'type="radio" value="ICPC-15WD" checked' in page and "<select" not in page
    title = "Initial conference within 15 working days"
    assert f'{title} <span class="app-nowrap">(ICPC-15WD)</span></label>' in page
    assert ">ICPC-15WD:" not in page


@pytest.mark.django_db
def test_due_date_page_without_a_timescale_asks_for_one(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    response = client.get("/barnsley/due-dates/", {"event": "2026-12-18"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the timescale to work out" in page and "#id_rule_id" in page


@pytest.mark.django_db
def test_due_date_page_names_the_bad_field(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    page = client.get(
        "/barnsley/due-dates/", {"rule_id": "ICPC-15WD", "event": "not-a-date"}
    ).content.decode()
    assert "govuk-error-summary" in page and "#id_event" in page


@pytest.mark.django_db
def test_due_date_page_answers_htmx_with_the_result_only(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="barnsley"))
    client.force_login(membership.user)
    response = client.get(
        "/barnsley/due-dates/", {"rule_id": "RCPC1-3M", "event": "2026-11-30"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Friday 26 February 2027" in body and "<html" not in body
    assert response["Vary"].count("HX-Request") >= 1


@pytest.mark.django_db
def test_health_check_needs_no_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_a_page_offers_switch_authority_only_to_someone_with_another_active_membership(client):
    user = UserFactory()
    stoke = MembershipFactory(
        authority=Authority.objects.get(slug="stoke-on-trent"), user=user, role=Role.PRACTITIONER
    )
    client.force_login(user)
    assert "Switch authority" not in client.get("/stoke-on-trent/").content.decode()
    other = MembershipFactory(
        authority=Authority.objects.get(slug="staffordshire"), user=user, role=Role.PRACTITIONER
    )
    assert "Switch authority" in client.get("/stoke-on-trent/").content.decode()
    other.is_active = False
    other.save()
    assert "Switch authority" not in client.get("/stoke-on-trent/").content.decode()
    assert client.get("/staffordshire/").status_code == 404
    stoke.is_active = False
    stoke.save()
    assert client.get("/stoke-on-trent/").status_code == 404


@pytest.mark.django_db
def test_a_membership_of_an_authority_no_longer_active_opens_nothing_there(client):
    membership = MembershipFactory(authority=Authority.objects.get(slug="hartlepool"), role=Role.CHAIR)
    client.force_login(membership.user)
    assert client.get("/hartlepool/").status_code == 200
    Authority.objects.filter(slug="hartlepool").update(is_active=False)
    assert client.get("/hartlepool/").status_code == 404


@pytest.mark.django_db
def test_the_membership_and_the_person_s_memberships_are_one_query(client, django_assert_num_queries):
    from authorities.models import Membership

    user = UserFactory()
    for slug in ("staffordshire", "stoke-on-trent"):
        MembershipFactory(authority=Authority.objects.get(slug=slug), user=user, role=Role.PRACTITIONER)
    with django_assert_num_queries(1):
        current, own = Membership.objects.current_and_own(user=user, authority_slug="stoke-on-trent")
    assert current == Membership.objects.current(user=user, authority_slug="stoke-on-trent")
    assert [m.authority.slug for m in own] == ["staffordshire", "stoke-on-trent"]
    assert current.user == user and current.agency is not None
    assert Membership.objects.current_and_own(user=user, authority_slug="barnsley")[0] is None
