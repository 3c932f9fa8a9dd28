import pytest

from tests.coregroups.helpers import HELD_ON


@pytest.fixture
def clock(clock):
    """Core group tests start on the day their initial conference is held."""
    clock.day = HELD_ON
    return clock
