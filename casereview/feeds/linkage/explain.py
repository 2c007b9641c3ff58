"""Why the model scored two reports as it did, for the coordinator checking a pair.

Drawn from a trained Splink model (`LinkageModel.settings`, Splink's own model JSON) and a
Splink prediction record (`ReportPair.explanation`: one row of `predict()` with the matching
and intermediate columns kept: `gamma_<comparison>`, `<column>_l`, `<column>_r`,
`match_weight`, `match_probability`). Two things come out:

- `explain`: each comparison of the model with what each report had, the comparison level
  reached (Splink's `label_for_charts`) and whether it agreed, partly agreed, disagreed or
  was missing, with the match weight it added. The page lists these in a table, which is also
  the chart's text alternative.
- `chart_svg`: Splink's own match-weights (waterfall) chart, rendered offline to SVG with
  vl-convert. It is drawn with Splink's `remove_sensitive_data`, so it holds the comparisons'
  names and weights but none of the reports' values, and it has no script: the page shows it
  as an image from its own URL.

`compare_reports` scores two reports that are not in the queue with the current model, so the
same explanation is offered for any two reports linked to one person.
"""

import functools
import json
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pyarrow as pa
import vl_convert
from splink import DuckDBAPI, Linker
from splink.internals.charts import WaterfallChart
from splink.internals.waterfall_chart import records_to_waterfall_data


class Outcome(StrEnum):
    AGREED = "agreed"
    PARTLY = "partly"
    DISAGREED = "disagreed"
    MISSING = "missing"


OUTCOME_TEXT = {
    Outcome.AGREED: "Agreed",
    Outcome.PARTLY: "Partly agreed",
    Outcome.DISAGREED: "Disagreed",
    Outcome.MISSING: "Missing on one or both",
}
# GOV.UK tag colours for each outcome (the words say it too; colour is never the only cue).
OUTCOME_COLOUR = {
    Outcome.AGREED: "green",
    Outcome.PARTLY: "yellow",
    Outcome.DISAGREED: "red",
    Outcome.MISSING: "grey",
}

# What the page calls Splink's comparison columns (anything else is shown as Splink names it).
COMPARISON_NAMES = {
    "first_name": "First name",
    "surname": "Surname",
    "full_name": "Full name",
    "name": "Name",
    "date_of_birth": "Date of birth",
    "dob": "Date of birth",
    "address": "Address",
    "address_line": "Address",
    "home": "Address and postcode",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
}


class ExplanationUnavailable(Exception):
    """The stored record does not fit the model (a comparison the record lacks)."""


@dataclass(frozen=True)
class Compared:
    """One comparison of the model for one pair."""

    comparison: str  # Splink's output column name, e.g. "first_name"
    name: str  # what the page calls it, e.g. "First name"
    left: str  # what the first report had ("" when nothing was recorded)
    right: str
    level: str  # the comparison level reached: Splink's label_for_charts
    outcome: Outcome
    weight: float  # the match weight (log2 Bayes factor) this comparison added

    @property
    def outcome_text(self) -> str:
        return OUTCOME_TEXT[self.outcome]

    @property
    def colour(self) -> str:
        return OUTCOME_COLOUR[self.outcome]


@dataclass(frozen=True)
class Explanation:
    comparisons: list[Compared]
    match_probability: float
    match_weight: float
    prior_weight: float  # where every pair starts: the model's prior, as a match weight


def _side(values: list[Any]) -> str:
    """What one report had for a comparison, as the coordinator reads it: its columns'
    values, leaving out lists (a name's nickname forms) and any value already inside another
    (a house number within the address line, a postcode sector within the postcode)."""
    texts = [str(v) for v in values if v not in (None, "") and not isinstance(v, list | tuple)]
    kept: list[str] = []
    for text in texts:
        if text in kept or any(text in other for other in texts if other != text):
            continue
        kept.append(text)
    return ", ".join(kept)


def _record_columns(record: dict[str, Any]) -> dict[str, Any]:
    """One side of the pair as an input row: just enough for a Linker to accept the model."""
    row = {
        key[:-2]: value
        for key, value in record.items()
        if key.endswith("_l") and not key.startswith(("tf_", "gamma_", "mw_", "bf_"))
    }
    # Columns Splink needs typed even when this side was empty: strings throughout.
    return {key: (None if value is None else str(value)) for key, value in row.items()}


def _settings_key(settings: dict[str, Any]) -> str:
    return json.dumps(settings, sort_keys=True, default=str)


@functools.lru_cache(maxsize=8)
def _settings_object(settings_text: str, columns: tuple[str, ...]) -> Any:
    """Splink's settings object for a saved model: a Linker over a one-row table of empty
    columns. Only the (pure Python) settings object is used afterwards."""
    row = {column: None for column in columns}
    table = pa.Table.from_pylist([row], schema=pa.schema([(c, pa.string()) for c in columns]))
    linker = Linker(DuckDBAPI().register(table), json.loads(settings_text))
    return linker._settings_obj


def _settings_for(settings: dict[str, Any], record: dict[str, Any]) -> Any:
    columns = tuple(sorted(_record_columns(record)))
    try:
        return _settings_object(_settings_key(settings), columns)
    except Exception as exc:  # Splink refuses a model that does not fit the columns
        raise ExplanationUnavailable(str(exc)) from exc


def _outcome(comparison: Any, gamma: int) -> Outcome:
    if gamma < 0:
        return Outcome.MISSING
    values = [
        level.comparison_vector_value
        for level in comparison.comparison_levels
        if not level.is_null_level
    ]
    if gamma >= max(values):
        return Outcome.AGREED
    if gamma <= min(values):
        return Outcome.DISAGREED
    return Outcome.PARTLY


def explain(settings: dict[str, Any], record: dict[str, Any]) -> Explanation:
    """Each comparison of the model for this prediction record, in the model's order."""
    settings_obj = _settings_for(settings, record)
    lines = []
    for comparison in settings_obj.comparisons:
        gamma_column = comparison._gamma_column_name
        if gamma_column not in record:
            raise ExplanationUnavailable(f"The record has no {gamma_column}")
        gamma = int(record[gamma_column])
        level = comparison._get_comparison_level_by_comparison_vector_value(gamma)
        used = comparison._input_columns_used_by_case_statement
        left = _side([record.get(c.unquote().name_l) for c in used])
        right = _side([record.get(c.unquote().name_r) for c in used])
        weight = 0.0 if level.is_null_level else float(level._log2_bayes_factor)
        tf_column = f"mw_tf_adj_{comparison.output_column_name}"
        if record.get(tf_column):
            weight += float(record[tf_column])
        name = comparison.output_column_name
        lines.append(
            Compared(
                comparison=name,
                name=COMPARISON_NAMES.get(name, name.replace("_", " ").capitalize()),
                left=left,
                right=right,
                level=level.label_for_charts,
                outcome=_outcome(comparison, gamma),
                weight=round(weight, 2),
            )
        )
    return Explanation(
        comparisons=lines,
        match_probability=float(record["match_probability"]),
        match_weight=float(record["match_weight"]),
        prior_weight=_prior_weight(settings_obj),
    )


def _prior_weight(settings_obj: Any) -> float:
    p = float(settings_obj._probability_two_random_records_match)
    return round(math.log2(p / (1 - p)), 2)


def chart_spec(settings: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """Splink's match-weights waterfall chart (Vega-Lite) for this record, with the
    reports' values left out (Splink's `remove_sensitive_data`)."""
    settings_obj = _settings_for(settings, record)
    try:
        data = records_to_waterfall_data([record], settings_obj, True)
    except KeyError as exc:
        raise ExplanationUnavailable(f"The record has no {exc}") from exc
    spec: dict[str, Any] = WaterfallChart(data, filter_nulls=True).chart_dict
    # The slider that steps through several records means nothing for one pair.
    spec.pop("params", None)
    spec["transform"] = [
        step for step in spec["transform"] if "record_number" not in str(step.get("filter", ""))
    ]
    return spec


@functools.lru_cache(maxsize=64)
def _svg(spec_text: str) -> str:
    svg: str = vl_convert.vegalite_to_svg(json.loads(spec_text))
    return svg


def chart_svg(settings: dict[str, Any], record: dict[str, Any]) -> str:
    """The chart as SVG: drawn offline, no script, no values from the reports."""
    spec = chart_spec(settings, record)
    return _svg(json.dumps(spec, sort_keys=True, default=str))


def compare_records(
    settings: dict[str, Any],
    left: dict[str, Any],
    right: dict[str, Any],
    population: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score two input records (as `normalise.report_record` makes them) with a model:
    Splink's prediction record for the pair, with the matching and intermediate columns,
    the same shape as a stored `ReportPair.explanation`.

    Term-frequency adjustments (a common surname counts for less) are taken from
    `population`, the partnership's other records; without it only the two records are
    known, so give it whenever the model adjusts for term frequencies. Without a population
    the answer is kept for a while, so a page and its chart score a pair once."""
    if population is None:
        record: dict[str, Any] = json.loads(
            _compared(
                _settings_key(settings),
                json.dumps(left, sort_keys=True, default=str),
                json.dumps(right, sort_keys=True, default=str),
            )
        )
        return record
    return _score(settings, left, right, population)


@functools.lru_cache(maxsize=32)
def _compared(settings_text: str, left_text: str, right_text: str) -> str:
    record = _score(json.loads(settings_text), json.loads(left_text), json.loads(right_text), [])
    return json.dumps(record, default=str)


def _score(
    settings: dict[str, Any],
    left: dict[str, Any],
    right: dict[str, Any],
    population: list[dict[str, Any]],
) -> dict[str, Any]:
    rows = [left, right] + [
        r
        for r in population
        if r.get("unique_id") not in (left.get("unique_id"), right.get("unique_id"))
    ]
    columns = sorted(set(left) | set(right))
    table = pa.Table.from_pylist(
        [{c: row.get(c) for c in columns} for row in rows],
        schema=pa.schema([(c, _arrow_type(left, right, c)) for c in columns]),
    )
    linker = Linker(DuckDBAPI().register(table), settings)
    records: list[dict[str, Any]] = linker.inference.score_pair(left, right).as_record_list()
    return {key: _plain(value) for key, value in records[0].items()}


def _arrow_type(left: dict[str, Any], right: dict[str, Any], column: str) -> pa.DataType:
    for value in (left.get(column), right.get(column)):
        if isinstance(value, bool):
            return pa.bool_()
        if isinstance(value, int):
            return pa.int64()
        if isinstance(value, float):
            return pa.float64()
        if isinstance(value, list):
            return pa.list_(pa.string())
    return pa.string()


def _plain(value: Any) -> Any:
    """JSON-safe (dates as ISO text), as the stored records are."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
