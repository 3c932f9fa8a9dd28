from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch

from .human_dates import long_date
from .models import Authority, Membership, RuleSet, RuleSetting
from .rule_set_cache import kept


class NoRuleSetInForce(LookupError):
    def __init__(self, authority: Authority, on: date) -> None:
        super().__init__(f"{authority.name} has no rule set in force on {long_date(on)}")


def rule_set_in_force(
    authority: Authority | int, *, on: date, rule_ids: Iterable[str] | None = None
) -> RuleSet:
    """The version of the authority's rules that judges an event on `on`, settings prefetched
    (only those of `rule_ids` where given: a page that asks one rule need not build fifty)."""
    authority_id = authority if isinstance(authority, int) else authority.pk
    wanted = None if rule_ids is None else tuple(sorted(set(rule_ids)))
    rule_set = kept(
        "rule set in force", authority_id, (on, wanted), lambda: _load_rule_set(authority_id, on, wanted)
    )
    if rule_set is None:
        if isinstance(authority, int):
            authority = Authority.objects.get(pk=authority)
        raise NoRuleSetInForce(authority, on)
    if isinstance(authority, Authority):
        rule_set.authority = authority  # the caller's own row: its name may be newer than the kept one
    return rule_set


def _load_rule_set(authority_id: int, on: date, rule_ids: tuple[str, ...] | None) -> RuleSet | None:
    settings = RuleSetting.framework_objects.order_by("id")
    if rule_ids is not None:
        settings = settings.filter(rule_id__in=rule_ids)
    rule_set = (
        RuleSet.objects.for_authority(authority_id)
        .in_force_on(on)
        .select_related("authority")
        .prefetch_related(Prefetch("settings", queryset=settings))
        .first()
    )
    if rule_set is not None:
        rule_set.settings_by_id  # noqa: B018 - built once here, shared by every copy handed out
    return rule_set


def rule_set_versions(authority: Authority) -> list[RuleSet]:
    return list(RuleSet.objects.for_authority(authority).order_by("-effective_from"))


def memberships_with_role(authority: Authority, roles: list[str]) -> list[Membership]:
    return list(
        Membership.objects.for_authority(authority)
        .filter(role__in=roles, is_active=True)
        .select_related("user", "agency")
    )
