import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from authorities.models import Authority
from tests.conftest import SHIPPED_SLUGS
from tests.factories import ClosureDayFactory


def deadlines(*args: str) -> str:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SHIPPED_SLUGS)
@pytest.mark.parametrize(
    ("rule_id", "event", "due"),
    [
        ("ICPC-15WD", "2026-12-18", "2027-01-13"),  # 25, 28 Dec and 1 Jan are bank holidays
        ("CG1-10WD", "2027-03-22", "2027-04-07"),  # Good Friday 26 Mar and Easter Monday 29 Mar
        ("RCPC1-3M", "2026-11-30", "2027-02-26"),  # 28 Feb is a Sunday: previous working day
        ("RCPCN-6M", "2027-06-28", "2027-12-24"),  # 28 Dec 2027 is a substitute bank holiday
        ("REPORT-2WD", "2027-01-05", "2026-12-31"),  # 2nd working day before the conference
    ],
)
def test_deadlines_prints_the_due_date_for_every_authority(slug, rule_id, event, due):
    assert deadlines(slug, rule_id, event) == f"{due}\n"


@pytest.mark.django_db
def test_deadlines_counts_the_authoritys_closure_days():
    authority = Authority.objects.get(slug="hartlepool")
    for day in (29, 30, 31):
        ClosureDayFactory(authority=authority, date=f"2026-12-{day}")
    assert deadlines("hartlepool", "ICPC-15WD", "2026-12-18") == "2027-01-18\n"
    assert deadlines("barnsley", "ICPC-15WD", "2026-12-18") == "2027-01-13\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere", "ICPC-15WD", "2026-12-18"), "unknown authority 'nowhere'"),
        (("barnsley", "ICPC-99WD", "2026-12-18"), "unknown rule 'ICPC-99WD'"),
        (("barnsley", "QUORUM", "2026-12-18"), "QUORUM"),
        (("barnsley", "ICPC-15WD", "18/12/2026"), "bad date '18/12/2026'"),
        (("barnsley", "ICPC-15WD", "2014-06-01"), "no rule set in force on 1 June 2014"),
        (("staffordshire", "CG-6WK", "2026-12-18"), "The rule is off in Staffordshire (rule set from"),
    ],
)
def test_deadlines_refuses_with_one_line_naming_the_problem(args, message):
    with pytest.raises(CommandError) as error:
        deadlines(*args)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_deadlines_runs_from_the_shell_and_exits_with_status_2_on_error():
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}

    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "manage.py", "deadlines", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False, env=env)

    ok = run("west-sussex", "ICPC-15WD", "2026-12-18")
    assert (ok.returncode, ok.stdout) == (0, "2027-01-13\n")
    bad = run("nowhere", "ICPC-15WD", "2026-12-18")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == ["CommandError: unknown authority 'nowhere'"]


@pytest.mark.django_db
@pytest.mark.parametrize("event", ["9999-12-30", "2999-12-24"])
def test_deadlines_refuses_a_date_it_cannot_count_with_exit_2_not_a_traceback(event):
    for rule_id in ("ICPC-15WD", "RCPC1-3M"):
        with pytest.raises(CommandError, match=r"outside the dates deadlines are counted between") as refused:
            deadlines("barnsley", rule_id, event)
        assert refused.value.returncode == 2
