"""People and reports for the radar's tests, made directly (linkage and the import are
tested elsewhere)."""

import itertools
from datetime import date, timedelta
from typing import Any

from casereview.core.dates import local_today
from casereview.feeds.models import Person, Report
from casereview.partnerships.models import Agency, Partnership

_numbers = itertools.count(1)


def person(partnership: str = "newcastle-under-lyme") -> Person:
    return Person.objects.create(
        partnership=Partnership.objects.get(slug=partnership),
        public_id=f"p{next(_numbers):06d}",
    )


def report(
    who: Person,
    agency: str = "police",
    *,
    days_ago: int = 10,
    late_by: int = 0,
    behaviour_on: date | None = None,
    reported_on: date | None = None,
    **fields: Any,
) -> Report:
    """A report of `who` to `agency`, reported `days_ago` days ago (`late_by` days after the
    behaviour)."""
    today = local_today()
    reported = reported_on or today - timedelta(days=days_ago)
    behaviour = behaviour_on or reported - timedelta(days=late_by)
    n = next(_numbers)
    values: dict[str, Any] = {
        "first_name": "Alex",
        "surname": f"Radar{n}",
        "postcode": "ST5 1AB",
        "address": f"{n} High Street",
    }
    values.update(fields)
    return Report.objects.create(
        partnership_id=who.partnership_id,
        agency=Agency.objects.get(partnership_id=who.partnership_id, slug=agency),
        agency_reference=f"{agency.upper()}-{n}",
        reported_on=reported,
        behaviour_on=behaviour,
        person=who,
        **values,
    )
