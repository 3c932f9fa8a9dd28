import pytest

from tests.accounts.join_helpers import book, housing, invite_by_email
from tests.conferences.sw_helpers import make_case


@pytest.fixture
def invited(two_authorities, mailoutbox, django_capture_on_commit_callbacks):
    """Robin, new, invited by e-mail to one Alphashire conference."""
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = book(case)
    agency = housing(mine)
    invitation = invite_by_email(django_capture_on_commit_callbacks, case, conference, agency=agency)
    return case, conference, agency, invitation
