"""What every core group service shares."""

from __future__ import annotations

from authorities.rules.ids import RuleId

REVIEW_RULES = (RuleId.RCPC1_3M, RuleId.RCPCN_6M)


REVIEW_RULES = (RuleId.RCPC1_3M, RuleId.RCPCN_6M)
ACTION_RULE = RuleId.OUTCOME  # "actions with owner and date" (OUTCOME); flagged, never escalated
