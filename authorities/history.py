"""Change history (django-simple-history) with one refinement every app may use."""

from __future__ import annotations

from simple_history.models import HistoricalRecords


class ChangeHistory(HistoricalRecords):
    """Keeps no history row for a save that touches only excluded fields: a sign-in stamps
    `last_login` on the user, and a person's history should list changes, not every sign-in."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


# simple-history's change reason column holds 100 characters.
CHANGE_REASON_LENGTH = 100


def stamp(obj, *, by, reason: str) -> None:
    """Name who makes the next save of `obj` and why, for its history row. `by` is a membership,
    a user, or None (the system)."""
    obj._history_user = getattr(by, "user", by)
    obj._change_reason = reason[:CHANGE_REASON_LENGTH]


def save_with_history(obj, *, by, reason: str, **save_kwargs) -> None:
    """Save `obj`, its history row naming `by` and `reason` (see `stamp`)."""
    stamp(obj, by=by, reason=reason)
    obj.save(**save_kwargs)
