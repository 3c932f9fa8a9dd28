import datetime

import pytest

from tests.coregroups.helpers import Clock


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, datetime.date(2026, 11, 30))
