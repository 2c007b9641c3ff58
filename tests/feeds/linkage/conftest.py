"""Fixtures for linkage tests: the two demo partnerships and a report maker."""

from collections.abc import Callable
from datetime import date
from itertools import count
from typing import Any

import pytest

from casereview.feeds.models import Report
from casereview.partnerships.models import Agency, Partnership


@pytest.fixture
def newcastle(demo: None) -> Partnership:
    return Partnership.objects.get(slug="newcastle-under-lyme")


@pytest.fixture
def stafford(demo: None) -> Partnership:
    return Partnership.objects.get(slug="stafford")


@pytest.fixture
def make_report() -> Callable[..., Report]:
    """A report of the partnership's agency: a Jane Smith unless told otherwise."""
    serial = count(1)

    def make(partnership: Partnership, agency: str = "police", **fields: Any) -> Report:
        values: dict[str, Any] = {
            "agency_reference": f"REF-{next(serial):05d}",
            "reported_on": date(2026, 5, 1),
            "behaviour_on": date(2026, 5, 1),
            "first_name": "Jane",
            "surname": "Smith",
        }
        values.update(fields)
        return Report.objects.create(
            partnership=partnership,
            agency=Agency.objects.get(partnership=partnership, slug=agency),
            **values,
        )

    return make
