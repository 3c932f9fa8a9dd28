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
