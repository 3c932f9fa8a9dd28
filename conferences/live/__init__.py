"""The conference on the day: attendance, agenda, opinions and decisions, the outline plan and
its actions, closing, minutes."""
