"""How a lower app asks a higher one for work without importing it.

Dependencies between the apps run one way (see the import-linter contracts in pyproject.toml). Where
an app must have work done by an app above it (the sweep asking reports for reminders, a conference
booking the first core group meeting, a case page listing the family's conferences), the lower app
declares a `Hook` and calls it; the higher app registers the one function that answers it in its
`AppConfig.ready()`, as Django's own apps connect signal receivers there. Work that several apps
react to is a Django signal instead (`authorities.signals`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Hook:
    """One question asked below and answered above: exactly one answer, registered once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._answer: Callable[..., Any] | None = None

    def register(self, answer: Callable[..., Any]) -> Callable[..., Any]:
        """Answer this hook with `answer` (usable as a decorator); registering again replaces it,
        so a second `ready()` in one process does no harm."""
        self._answer = answer
        return answer

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._answer is None:
            raise ImproperlyConfigured(f"nothing answers the hook {self.name!r}: is its app installed?")
        return self._answer(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"


# What a person's home page shows besides the links of their role: the apps above answer with the
# work waiting for them (a chair's conferences, a social worker's nearest deadlines, a practitioner's
# invitations, a manager's overdue deadlines and escalations).
home_panels = Hook("home_panels")
