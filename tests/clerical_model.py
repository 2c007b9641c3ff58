"""A small but real Splink model for the clerical-review tests, trained here on a few hundred
rows of the synthetic truth set with simple settings of these tests' own, so the tests of the
pair page and its explanation stand on their own (not on the linkage part's model).

`pair_of(...)` then makes two reports in the database and a `ReportPair` whose explanation is
Splink's own prediction record for them, scored with that model."""

import functools
from datetime import date
from typing import Any

import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from casereview.devdata.feeds_truth import make_truth_set
from casereview.feeds.linkage.explain import compare_records
from casereview.feeds.models import LinkageModel, Report, ReportPair
from casereview.partnerships.models import Agency, Partnership

COLUMNS = ("first_name", "surname", "date_of_birth", "postcode", "phone", "email")


def record_of(unique_id: int, row: dict[str, Any]) -> dict[str, Any]:
    """A report (or a feed row) as these tests' model reads it."""

    def clean(value: Any) -> str | None:
        text = "" if value is None else str(value).strip()
        return text or None

    postcode = clean(row.get("postcode"))
    phone = clean(row.get("phone"))
    email = clean(row.get("email"))
    return {
        "unique_id": unique_id,
        "first_name": (clean(row.get("first_name")) or "").lower() or None,
        "surname": (clean(row.get("surname")) or "").lower() or None,
        "date_of_birth": clean(row.get("date_of_birth")),
        "postcode": postcode.replace(" ", "").upper() if postcode else None,
        "phone": "0" + phone.replace(" ", "").removeprefix("+44").lstrip("0") if phone else None,
        "email": email.lower() if email else None,
    }


@functools.cache
def population() -> list[dict[str, Any]]:
    """The truth-set rows the model was trained on, as records (ids from 900,000 on, clear
    of the test database's reports): what term frequencies are counted over."""
    truth = make_truth_set(
        people=150,
        reports=320,
        agencies=("police", "council", "housing"),
        today=date(2026, 11, 1),
        seed=17,
    )
    rows = [row for agency_rows in truth.rows.values() for row in agency_rows]
    return [record_of(900_000 + n, row) for n, row in enumerate(rows)]


@functools.cache
def trained_settings() -> dict[str, Any]:
    records = population()
    settings = SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=0.005,
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[block_on("surname"), block_on("postcode")],
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(DuckDBAPI().register(pa.Table.from_pylist(records)), settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=50_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    saved: dict[str, Any] = linker.misc.save_model_to_json()
    return saved


def model_for(partnership: Partnership, version: int = 1) -> LinkageModel:
    model, _ = LinkageModel.objects.get_or_create(
        partnership=partnership, version=version, defaults={"settings": trained_settings()}
    )
    return model


_count = iter(range(1, 1_000_000))


def report(partnership: Partnership, agency: str, **fields: Any) -> Report:
    values: dict[str, Any] = {
        "agency_reference": f"REF-{next(_count)}",
        "reported_on": date(2026, 10, 1),
        "behaviour_on": date(2026, 9, 28),
        "first_name": "Robert",
        "surname": "Ashby",
        "date_of_birth": date(1970, 3, 4),
        "address": "12 Queen Street",
        "postcode": "ST5 1AB",
        "phone": "07700 900123",
        "email": "rob.ashby@example.org",
    }
    values.update(fields)
    return Report.objects.create(
        partnership=partnership,
        agency=Agency.objects.get(partnership=partnership, slug=agency),
        **values,
    )


def _row(r: Report) -> dict[str, Any]:
    return {c: getattr(r, c) for c in COLUMNS}


def pair_of(
    partnership: Partnership,
    first: dict[str, Any] | None = None,
    second: dict[str, Any] | None = None,
    **pair_fields: Any,
) -> ReportPair:
    """Two reports (police, then council) and the pair the model scored them as."""
    a = report(partnership, "police", **(first or {}))
    b = report(partnership, "council", **(second or {}))
    model = model_for(partnership)
    record = compare_records(
        model.settings, record_of(a.pk, _row(a)), record_of(b.pk, _row(b)), population()
    )
    values: dict[str, Any] = {
        "match_probability": record["match_probability"],
        "match_weight": record["match_weight"],
    }
    values.update(pair_fields)
    return ReportPair.objects.create(
        partnership=partnership, first=a, second=b, model=model, explanation=record, **values
    )
