"""The periods returns cover: the census's collection year, and any period the Annex A lists ask for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class CollectionYear:
    """A CIN census collection year: 1 April to 31 March, the reference date its last day."""

    first_year: int

    @classmethod
    def parse(cls, text: str) -> CollectionYear:
        """ "2025-26" → the year from 1 April 2025 to 31 March 2026. Refuses anything else, saying why."""
        match = _YEAR.match(text.strip())
        if not match:
            raise ValueError(f"Give the collection year as YYYY-YY, for example 2025-26 (not {text!r}).")
        first, second = int(match.group(1)), int(match.group(2))
        if (first + 1) % 100 != second:
            raise ValueError(f"{text} is not one year: the second part follows the first, as in 2025-26.")
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> CollectionYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.first_year}-{(self.first_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.first_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.first_year + 1, 3, 31)

    @property
    def reference_date(self) -> date:
        return self.end

    @property
    def census_year(self) -> int:
        """The census's <Year>: the year the collection ends (2026 for 2025-26)."""
        return self.first_year + 1

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Period:
    """A chosen period for the Annex A lists, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period's end is before its start.")
