import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import Authority, Role, RuleSet, RuleSetting
from tests.factories import MembershipFactory


def _inline_post_data(rule_set: RuleSet, **overrides) -> dict:
    """The admin change form as a browser would post it for this rule set."""
    data = {
        "authority": rule_set.authority_id,
        "effective_from": rule_set.effective_from.isoformat(),
        "wt_edition": rule_set.wt_edition,
        "wt_edition_source": json.dumps(rule_set.wt_edition_source),
        "chair_title": rule_set.chair_title,
        "chair_title_source": json.dumps(rule_set.chair_title_source),
        "due_soon_working_days": rule_set.due_soon_working_days,
        "due_soon_source": json.dumps(rule_set.due_soon_source),
        "framework_name": rule_set.framework_name,
        "framework_source": json.dumps(rule_set.framework_source),
        "agenda": json.dumps(rule_set.agenda),
        "report_headings": json.dumps(rule_set.report_headings),
        "notes": "",
    }
    settings = list(rule_set.settings.order_by("id"))
    prefix = "settings"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": len(settings),
            f"{prefix}-INITIAL_FORMS": len(settings),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    for index, setting in enumerate(settings):
        data.update(
            {
                f"{prefix}-{index}-id": setting.pk,
                f"{prefix}-{index}-rule_set": rule_set.pk,
                f"{prefix}-{index}-rule_id": setting.rule_id,
                f"{prefix}-{index}-mode": setting.mode,
                f"{prefix}-{index}-values": json.dumps(setting.values),
                f"{prefix}-{index}-source_kind": setting.source_kind,
                f"{prefix}-{index}-source_document": setting.source_document,
                f"{prefix}-{index}-source_quote": setting.source_quote,
                f"{prefix}-{index}-source_note": setting.source_note,
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def barnsley_admin(client):
    authority = Authority.objects.get(slug="barnsley")
    membership = MembershipFactory(authority=authority, role=Role.AUTHORITY_ADMIN, user__is_staff=True)
    client.force_login(membership.user)
    return authority


@pytest.mark.django_db
def test_editing_a_rule_set_in_the_admin_makes_a_new_version_and_keeps_the_old(client, barnsley_admin):
    original = RuleSet.objects.for_authority(barnsley_admin).get()
    url = reverse("admin:authorities_ruleset_change", args=[original.pk])
    settings = list(original.settings.order_by("id"))
    icpc_index = next(i for i, s in enumerate(settings) if s.rule_id == "ICPC-15WD")
    new_date = timezone.localdate() + timedelta(days=30)
    data = _inline_post_data(original, effective_from=new_date.isoformat(), _saveasnew="Save as new")
    data[f"settings-{icpc_index}-values"] = (
        '{"unit": "working_days", "amount": 12, "direction": "after", "counts_from": "strategy_discussion"}'
    )
    response = client.post(url, data)
    assert response.status_code == 302
    versions = list(RuleSet.objects.for_authority(barnsley_admin).order_by("effective_from"))
    assert [v.effective_from for v in versions] == [date(2015, 1, 1), new_date]
    assert versions[0].setting("ICPC-15WD").values["amount"] == 15
    assert versions[1].setting("ICPC-15WD").values["amount"] == 12
    assert RuleSetting.objects.for_authority(barnsley_admin).filter(rule_set=versions[1]).count() == len(
        settings
    )


@pytest.mark.django_db
def test_a_plain_save_of_a_rule_set_is_refused_so_the_past_is_never_rewritten(client, barnsley_admin):
    original = RuleSet.objects.for_authority(barnsley_admin).get()
    url = reverse("admin:authorities_ruleset_change", args=[original.pk])
    response = client.post(url, _inline_post_data(original, chair_title="Somebody else", _save="Save"))
    assert response.status_code == 200
    assert "Save as new" in response.content.decode()
    original.refresh_from_db()
    assert original.chair_title != "Somebody else"


@pytest.mark.django_db
def test_a_new_version_cannot_take_effect_in_the_past(client, barnsley_admin):
    original = RuleSet.objects.for_authority(barnsley_admin).get()
    url = reverse("admin:authorities_ruleset_change", args=[original.pk])
    client.post(url, _inline_post_data(original, effective_from="2020-01-01", _saveasnew="Save as new"))
    assert RuleSet.objects.for_authority(barnsley_admin).count() == 1


@pytest.mark.django_db
def test_a_version_in_force_cannot_be_deleted(client, barnsley_admin):
    original = RuleSet.objects.for_authority(barnsley_admin).get()
    client.post(reverse("admin:authorities_ruleset_delete", args=[original.pk]), {"post": "yes"})
    assert RuleSet.objects.for_authority(barnsley_admin).filter(pk=original.pk).exists()


@pytest.mark.django_db
def test_rule_set_edits_keep_their_history(client, barnsley_admin):
    original = RuleSet.objects.for_authority(barnsley_admin).get()
    data = _inline_post_data(
        original,
        effective_from=(timezone.localdate() + timedelta(days=7)).isoformat(),
        _saveasnew="Save as new",
    )
    client.post(reverse("admin:authorities_ruleset_change", args=[original.pk]), data)
    newest = RuleSet.objects.for_authority(barnsley_admin).order_by("-effective_from").first()
    assert newest.history.first().history_user.memberships.get().role == Role.AUTHORITY_ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["not-an-option", "-5", "9" * 30])
def test_a_membership_posted_with_a_user_that_is_no_id_is_a_form_error_not_a_500(
    client, barnsley_admin, user
):
    response = client.post(
        reverse("admin:authorities_membership_add"),
        {"user": user, "authority": barnsley_admin.pk, "role": Role.CHAIR, "is_active": "on"},
    )

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
