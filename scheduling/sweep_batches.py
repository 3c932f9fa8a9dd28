"""The sweep's batched SQL: status changes and escalations written in a few statements, with their
history rows and events, for a batch of authorities' plans (`sweep_plan.py`) at once."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection

from authorities.rules.catalogue import RULES

from .ladder import next_rung
from .models import EscalationEvent
from .sweep_common import _table
from .sweep_plan import SweepPlan

MONTHS = [date(2000, n, 1).strftime("%B") for n in range(1, 13)]


class _Dialect:
    """The few places PostgreSQL and SQLite differ for these statements."""

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"
        self.ops = connection.ops

    def q(self, name: str) -> str:
        return self.ops.quote_name(name)

    def json_param(self) -> str:
        return "CAST(%s AS jsonb)" if self.pg else "%s"

    def date_param(self) -> str:
        return "CAST(%s AS date)" if self.pg else "%s"

    def int_param(self) -> str:
        return "CAST(%s AS integer)" if self.pg else "%s"

    def long_date(self, column: str) -> str:
        """`column` (a date) as people read it, "7 December 2026" (`authorities.human_dates`)."""
        if self.pg:
            return f"to_char({column}, 'FMDD FMMonth YYYY')"
        months = " ".join(f"WHEN '{n:02}' THEN '{name}'" for n, name in enumerate(MONTHS, start=1))
        return (
            f"(CAST(CAST(strftime('%%d', {column}) AS INTEGER) AS TEXT) || ' ' "
            f"|| CASE strftime('%%m', {column}) {months} END || ' ' || strftime('%%Y', {column}))"
        )

    def roles_contain(self, roles: str, role: str) -> str:
        """`roles` (a JSON list column) holds `role`."""
        if self.pg:
            return f"{roles} ? {role}"
        return f"{role} IN (SELECT value FROM json_each({roles}))"

    def records(
        self, alias: str, columns: Sequence[tuple[str, str]], rows: Sequence[dict]
    ) -> tuple[str, list]:
        """A small table of per-authority inputs, as a relation named `alias` for FROM or JOIN,
        passed as one JSON parameter: its SQL does not grow with the number of authorities, so
        the statement plans the same for one authority as for a batch of them."""
        payload = json.dumps(list(rows), default=_json_default)
        if self.pg:
            typed = ", ".join(f"{name} {kind}" for name, kind in columns)
            return f"jsonb_to_recordset(CAST(%s AS jsonb)) AS {alias}({typed})", [payload]
        picked = ", ".join(f"json_extract(value, '$.{name}') AS {name}" for name, _ in columns)
        return f"(SELECT {picked} FROM json_each(%s)) AS {alias}", [payload]

    def any_of(self, column: str, ids: Sequence[int]) -> tuple[str, list]:
        """`column` is one of `ids`, as one parameter whose values the planner sees (so it picks the
        authority index for a small batch and a scan for a large one)."""
        if self.pg:
            return f"{column} = ANY(CAST(%s AS bigint[]))", [list(ids)]
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]

    def returning(self, alias: str) -> str:
        """RETURNING for an UPDATE ... FROM: the updated table's columns only (SQLite returns only
        those anyway and refuses `alias.*`)."""
        return f"RETURNING {alias}.*" if self.pg else "RETURNING *"

    def day(self, value: date):
        return self.ops.adapt_datefield_value(value)

    def moment(self, value: datetime):
        return self.ops.adapt_datetimefield_value(value)


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


@dataclass(frozen=True)
class _Batch:
    """The per-authority inputs of one sweep statement chain: every authority's plan, as small
    JSON-parameter tables joined on authority_id (the sweep's SQL is the same for one authority or
    for many, so its planning cost is paid once per batch, not once per authority)."""

    today: date
    plans: tuple[SweepPlan, ...]

    PARAMS = (
        ("authority_id", "bigint"),
        ("slug", "text"),
        ("soon_before", "date"),
        ("esc_on", "boolean"),
        ("l1_level", "integer"),
        ("l1_label", "text"),
        ("l1_roles", "jsonb"),
        ("l1_respond_by", "date"),
        ("unbooked_before", "date"),
        ("unbooked_rules", "jsonb"),
    )
    RUNGS = (
        ("authority_id", "bigint"),
        ("from_level", "integer"),
        ("level", "integer"),
        ("label", "text"),
        ("roles", "jsonb"),
        ("respond_by", "date"),
    )
    STEPS = (("authority_id", "bigint"), ("step", "integer"), ("reached_before", "date"))

    def params(self, dialect: _Dialect, alias: str = "p") -> tuple[str, list]:
        rows = []
        for plan in self.plans:
            first = plan.first_rung
            rows.append(
                {
                    "authority_id": plan.authority_id,
                    "slug": plan.slug,
                    "soon_before": plan.soon_before,
                    "esc_on": plan.escalation_on,
                    "l1_level": first.level if first else None,
                    "l1_label": first.label if first else None,
                    "l1_roles": list(first.roles) if first else [],
                    "l1_respond_by": plan.respond_by.get(first.level) if first else None,
                    "unbooked_before": plan.unbooked_before if plan.unbooked_rules else None,
                    "unbooked_rules": list(plan.unbooked_rules),
                }
            )
        return dialect.records(alias, self.PARAMS, rows)

    def rungs(self, dialect: _Dialect, alias: str = "r") -> tuple[str, list]:
        """from_level → the next rung's level, label, roles and respond-by, where escalation is on."""
        rows = []
        for plan in self.plans:
            if not plan.escalation_on:
                continue
            for rung in plan.ladder:
                following = next_rung(plan.ladder, rung.level)
                if following is not None:
                    rows.append(
                        {
                            "authority_id": plan.authority_id,
                            "from_level": rung.level,
                            "level": following.level,
                            "label": following.label,
                            "roles": list(following.roles),
                            "respond_by": plan.respond_by[following.level],
                        }
                    )
        return dialect.records(alias, self.RUNGS, rows)

    def steps(self, dialect: _Dialect, alias: str = "s") -> tuple[str, list]:
        rows = [
            {"authority_id": plan.authority_id, "step": step, "reached_before": before}
            for plan in self.plans
            for step, before in plan.reminder_steps
        ]
        return dialect.records(alias, self.STEPS, rows)

    def of_batch(self, dialect: _Dialect, column: str) -> tuple[str, list]:
        return dialect.any_of(column, [plan.authority_id for plan in self.plans])

    @property
    def escalation_on(self) -> bool:
        return any(plan.escalation_on for plan in self.plans)

    @property
    def moving_up(self) -> bool:
        return any(plan.escalation_on and len(plan.ladder) > 1 for plan in self.plans)

    @property
    def reminding(self) -> bool:
        return any(plan.reminder_steps for plan in self.plans)


@dataclass(frozen=True)
class _Part:
    """One statement of a chain. `sql` may name earlier returning parts as {name}; a part with a
    `table` ends in RETURNING * and its rows can be read by later parts and by the caller."""

    name: str
    sql: str
    params: list
    table: type | None = None
    # "SELECT 1 FROM ... WHERE ..." finding the rows this part would write (for a cheap
    # nothing-to-do test), with its parameters.
    check: tuple[str, list] | None = None


def _run_chain(
    cursor,
    dialect: _Dialect,
    parts: list[_Part],
    results: dict[str, str],
    checks: Sequence[_Part] = (),
    probes: dict[str, tuple[str, list]] | None = None,
) -> dict[str, list[tuple]]:
    """Run dependent writes as one statement on PostgreSQL (data-modifying CTEs: one round trip,
    one snapshot) or one after another elsewhere. `results` maps a returning part to the column
    (besides id and authority_id) the caller wants back; returns {part: [(id, authority_id,
    column), ...]}. On PostgreSQL, in the same round trip: each of `checks` as {name: [(None, None,
    'true' | 'false')]}, and each of `probes` (a SELECT of authority_id) as {name: [(None,
    authority_id, None), ...]}."""
    if dialect.pg:
        return _run_as_one_statement(cursor, parts, results, checks, probes or {})
    return _run_one_by_one(cursor, parts, results)


def _run_as_one_statement(
    cursor,
    parts: list[_Part],
    results: dict[str, str],
    checks: Sequence[_Part],
    probes: dict[str, tuple[str, list]],
) -> dict[str, list[tuple]]:
    """PostgreSQL: the parts as data-modifying CTEs, their results, checks and probes as one UNION."""
    returning = {part.name: part for part in parts if part.table is not None}
    ctes, params = [], []
    for part in parts:
        ctes.append(f"{part.name} AS ({part.sql.format(**{n: n for n in returning})})")
        params += part.params
    selects = [
        f"SELECT '{name}', id, authority_id, CAST({column} AS TEXT) FROM {name}"
        for name, column in results.items()
    ]
    # Whether later parts would find anything, judged in the same round trip.
    for part in checks:
        selects.append(f"SELECT '{part.name}', NULL, NULL, CAST(EXISTS ({part.check[0]}) AS TEXT)")
        params += part.check[1]
    for name, (sql, probe_params) in probes.items():
        selects.append(f"SELECT '{name}', NULL, probe.authority_id, NULL FROM ({sql}) probe")
        params += probe_params
    cursor.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}", params)
    out: dict[str, list[tuple]] = {name: [] for name in [*results, *(part.name for part in checks), *probes]}
    for name, row_id, authority_id, value in cursor.fetchall():
        out[name].append((row_id, authority_id, value))
    return out


def _run_one_by_one(cursor, parts: list[_Part], results: dict[str, str]) -> dict[str, list[tuple]]:
    """Elsewhere (SQLite): each part in turn, later parts reading earlier parts' rows back by id."""
    sources: dict[str, str] = {}
    out = {}
    for part in parts:
        cursor.execute(part.sql.format(**sources), part.params)
        if part.table is None:
            continue
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
        ids = [row[columns.index("id")] for row in rows]
        # Later parts read these rows back by id (ints only, so inlining the list is safe).
        sources[part.name] = (
            f"(SELECT * FROM {_table(part.table)} "
            f"WHERE id IN (SELECT value FROM json_each('{json.dumps(ids)}')))"
        )
        if part.name in results:
            column = results[part.name]
            out[part.name] = [
                (
                    row[columns.index("id")],
                    row[columns.index("authority_id")],
                    None if column == "NULL" else row[columns.index(column)],
                )
                for row in rows
            ]
    return out


@functools.cache
def _historical_model(model):
    # simple-history builds a new manager class on every `Model.history` access: look it up once.
    return model.history.model


def _history(
    dialect: _Dialect,
    model,
    source: str,
    *,
    history_type: str,
    now: datetime,
    reason: str = "",
    reason_sql: str = "",
) -> _Part:
    """The simple-history rows for rows written by SQL: a copy of each row as it now is. The change
    reason is `reason`, or `reason_sql` computed from each row (as `src`)."""
    historical = _historical_model(model)
    columns = ", ".join(dialect.q(f.column) for f in model._meta.concrete_fields)
    reason_column, params = (reason_sql, []) if reason_sql else ("%s", [reason[:100]])
    return _Part(
        f"{source}_history",
        f"INSERT INTO {_table(historical)} ({columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {columns}, %s, {reason_column}, %s, NULL FROM {{{source}}} src",
        [dialect.moment(now), *params, history_type],
    )


def _events(
    dialect: _Dialect,
    source: str,
    *,
    action: str,
    note_sql: str,
    params: list,
    now,
    join: str = "",
    join_params: Sequence = (),
) -> _Part:
    """One EscalationEvent per escalation in `source` (`note_sql` may use its columns as e.*)."""
    return _Part(
        f"{source}_events",
        f"INSERT INTO {_table(EscalationEvent)} "
        f"(authority_id, escalation_id, action, by_id, note, {dialect.q('at')}) "
        f"SELECT e.authority_id, e.id, %s, NULL, {note_sql}, %s FROM {{{source}}} e {join}",
        [action, *params, dialect.moment(now), *join_params],
    )


# Family.case_reference in SQL (the family row as f): notifications are e-mailed, so they name the
# case by its reference (else its number), never by the family's name (a deadline's label has it).
_CASE_REFERENCE = "COALESCE(NULLIF(f.reference, ''), 'no. ' || CAST(f.id AS TEXT))"


def rule_title_sql(column: str) -> str:
    """The catalogue title of the rule id in `column`, in SQL ("A deadline" for an id the catalogue
    lacks). A CASE of literals rather than a join: the statement stays the same for every batch,
    and the e-mailed text can lead with what is due without the deadline's label (which names
    the family)."""
    whens = " ".join(f"WHEN {_literal(rule.id)} THEN {_literal(rule.title)}" for rule in RULES)
    return f"(CASE {column} {whens} ELSE 'A deadline' END)"


def _literal(text: str) -> str:
    # The catalogue is code, not input; quotes are doubled, and % doubled for the DB-API format.
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"
