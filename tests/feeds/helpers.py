"""Feed rows and files for the feeds tests."""

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date

from casereview.devdata.feeds_truth import make_truth_set

HEADER = ["agency_reference", "reported_on", "behaviour_on", "first_name", "surname"]


def row(**overrides: str) -> dict[str, str]:
    base = {
        "agency_reference": "POL-1",
        "reported_on": "2026-03-02",
        "behaviour_on": "2026-03-01",
        "first_name": "Jordan",
        "surname": "Example",
        "postcode": "st5 1ab",
    }
    base.update(overrides)
    return base


def csv_bytes(rows: Iterable[Mapping[str, str]], columns: list[str] | None = None) -> bytes:
    rows = list(rows)
    names = columns or list(dict.fromkeys(name for r in rows for name in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def truth_rows(count: int, agency: str = "police", seed: int = 3) -> list[dict[str, str]]:
    truth = make_truth_set(
        people=max(1, count // 2),
        reports=count,
        agencies=(agency,),
        today=date(2026, 11, 30),
        seed=seed,
    )
    return truth.rows[agency]
