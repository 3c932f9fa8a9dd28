"""The deadlines and escalations of the scale data: what the sweep would have opened, met and
raised for each family's story by the last sweep (`as_of`)."""

from __future__ import annotations

from authorities.human_dates import long_date
from authorities.models import Mode
from authorities.rules.ids import RuleId
from scheduling.engine import DeadlineStatus, status_on
from scheduling.models import Deadline, Escalation, EscalationEvent, EscalationKind
from scheduling.sweep import ladder_of


class ScaleDeadlines:
    """The deadline phases of `ScaleCases` (it supplies `command`, `rnd`, `as_of`, `soon`, `modes`,
    `authority`, `rule_set` and `calendar`)."""

    def _deadlines(self, stories, sds, by_story):
        # Deadlines: met ones for the history, open ones for what comes next.
        self._new_deadlines = []
        for index, (s, sd) in enumerate(zip(stories, sds, strict=True)):
            self._story_deadlines(s, sd, by_story, index)
        deadlines = self.command._bulk(Deadline, self._new_deadlines)
        del self._new_deadlines
        return deadlines

    def _add_deadline(
        self, rule_id, subject_type, subject_id, family, event, label, met_on=None, due=None, booked=None
    ):
        mode = self.modes[rule_id]
        if mode == Mode.OFF:
            return
        due = due or self.command._due(self.rule_set, rule_id, event, self.calendar)
        if met_on is not None and met_on > self.as_of:
            met_on = None  # not yet happened as on the last sweep
        status = status_on(
            due=due, today=self.as_of, calendar=self.calendar, met_on=met_on, due_soon_working_days=self.soon
        )
        self._new_deadlines.append(
            Deadline(
                authority=self.authority,
                rule_id=rule_id,
                mode=mode,
                subject_type=subject_type,
                subject_id=subject_id,
                family=family,
                label=label,
                event_on=event,
                due_on=due,
                status=status,
                met_on=met_on,
                responsible=family.social_worker,
                status_changed_on=self.as_of,
                booked_for=booked,
            )
        )

    def _story_deadlines(self, s, sd, by_story, index: int) -> None:
        """One family's: ICPC-15WD from its strategy discussion, then (once it had an initial
        conference) the first core group, each review and each booked conference's report."""
        add, calendar = self._add_deadline, self.calendar
        family = s["family"]
        add(
            RuleId.ICPC_15WD,
            self.command.sd_type,
            sd.pk,
            family,
            s["sd"],
            f"Initial conference for {family.name}",
            s["icpc"],
            booked=s["icpc"],
        )
        if s["icpc"] is None:
            return
        story = by_story[index]  # only a story with an initial conference has one
        held = [(kind, day, c) for kind, day, c in story if kind != "booked"]
        booked = [(day, c) for kind, day, c in story if kind == "booked"]
        initial = held[0][2]
        first_core_group = calendar.add_working_days(s["icpc"], self.rnd.choice((5, 8, 10, 10, 12)))
        add(
            RuleId.CG1_10WD,
            self.command.conference_type,
            initial.pk,
            family,
            s["icpc"],
            f"First core group: {family.name}",
            first_core_group,
            booked=first_core_group,
        )
        upcoming = booked[0][0] if booked else None
        for (_, day, conference), (_, next_day, _) in zip(held, [*held[1:], (None, None, None)], strict=True):
            rule = RuleId.RCPC1_3M if conference.kind == "initial" else RuleId.RCPCN_6M
            add(
                rule,
                self.command.conference_type,
                conference.pk,
                family,
                day,
                f"Review conference: {family.name}",
                next_day,
                booked=next_day or upcoming,
            )
        for day, conference in booked:
            due = calendar.subtract_working_days(day, 2)
            add(
                RuleId.SW_REPORT,
                self.command.conference_type,
                conference.pk,
                family,
                day,
                f"Social worker's report: {family.name}",
                None,
                due,
            )

    def _escalations(self, deadlines):
        as_of = self.as_of
        authority = self.authority
        rule_set = self.rule_set
        calendar = self.calendar
        # Escalations already raised at the last sweep, for deadlines overdue then (required ones).
        ladder = ladder_of(rule_set)
        if ladder and rule_set.mode(RuleId.ESCALATION) != Mode.OFF:
            rung = ladder[0]
            respond_by = calendar.add_working_days(as_of, rung.working_days)
            raised = self.command._bulk(
                Escalation,
                [
                    Escalation(
                        authority=authority,
                        kind=EscalationKind.DEADLINE,
                        deadline=d,
                        family=d.family,
                        level=rung.level,
                        level_label=rung.label,
                        roles=list(rung.roles),
                        reason=f"{d.label} was due by {long_date(d.due_on)} and is overdue ({d.rule_id}).",
                        respond_by=respond_by,
                    )
                    for d in deadlines
                    if d.status == DeadlineStatus.OVERDUE and d.mode == Mode.REQUIRED
                ],
            )
            self.command._bulk(
                EscalationEvent,
                [
                    EscalationEvent(
                        authority=authority,
                        escalation=e,
                        action=EscalationEvent.Action.RAISED,
                        note="Raised by the deadline sweep",
                    )
                    for e in raised
                ],
            )
