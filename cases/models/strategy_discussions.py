"""The strategy discussion that starts section 47 enquiries and, with them, the ICPC-15WD timescale."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from authorities.human_dates import long_date
from authorities.models import Membership
from authorities.scoping import TenantModel

from .families import Child, Family


class StrategyDiscussion(TenantModel):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="strategy_discussions")
    children = models.ManyToManyField(Child, related_name="strategy_discussions")
    held_on = models.DateField()
    attendees = models.TextField(help_text="Who took part, and for which agency.")
    outcome = models.TextField()
    section47_started = models.BooleanField(
        "section 47 enquiries started", default=False, help_text="Starts the ICPC-15WD timescale."
    )
    icpc_not_required = models.BooleanField(
        "enquiries concluded: no initial conference needed",
        default=False,
        help_text="The census's ICPCnotRequired: the section 47 enquiries ended without a conference.",
    )
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[children])

    class Meta(TenantModel.Meta):
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["authority", "held_on"])]

    def __str__(self) -> str:
        return f"Strategy discussion {long_date(self.held_on)} – {self.family}"
