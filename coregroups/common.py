"""What every core group service shares."""

from __future__ import annotations

REVIEW_RULES = ("RCPC1-3M", "RCPCN-6M")


REVIEW_RULES = ("RCPC1-3M", "RCPCN-6M")
ACTION_RULE = "OUTCOME"  # "actions with owner and date" (OUTCOME); flagged, never escalated
