"""Splink, with nothing of Django but a few settings: train a model on a linkage table (on
DuckDB), and predict the pairs of a table with a model on an engine: DuckDB in this process
(the default) or Apache Spark (`spark.py`), chosen by `LINKAGE_ENGINE`, by `use_engine` or
by `predict(..., engine=)`. The same model JSON runs on both and gives the same pairs.
`model` and `run` wrap these with the database."""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from casereview.feeds.linkage import settings as shape
from casereview.feeds.linkage import spark

# Random sampling for u: enough pairs to see rare agreements, fixed seed so that the same
# reports always train the same model.
U_MAX_PAIRS = 1_000_000
U_SEED = 20260101


@dataclass(frozen=True)
class Label:
    """A coordinator's verdict on a pair of reports (unique ids), as a training label."""

    first: int
    second: int
    same: bool


def duckdb_api() -> DuckDBAPI:
    """DuckDB in this process, its memory capped (`LINKAGE_DUCKDB_MEMORY`): past the cap a
    large link spills to disk under `LINKAGE_WORKDIR` rather than taking the worker's memory."""
    from django.conf import settings

    spill = Path(settings.LINKAGE_WORKDIR) / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True, mode=0o700)
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": settings.LINKAGE_DUCKDB_MEMORY,
        "temp_directory": str(spill),
    }
    return DuckDBAPI(duckdb.connect(config=config))


def _linker(table: pa.Table, settings: Any) -> tuple[DuckDBAPI, Linker]:
    db = duckdb_api()
    # Splink narrates every EM iteration at INFO; the worker's log wants only problems.
    linker = Linker(db.register(table), settings, log_level=logging.WARNING)
    return db, linker


def complete(model: dict[str, Any], fallback: dict[str, Any] | None) -> dict[str, Any]:
    """Make a trained model whole: a level training never saw (no pair in the sample agreed
    that way) takes its m or u from `fallback` (the shipped default model); then every m is
    kept at least `PROBABILITY_FLOOR` (renormalised), so that no disagreement is treated as
    impossible for one person (people change phones and move)."""
    known: dict[tuple[str, str], dict[str, Any]] = {}
    for comparison in (fallback or {}).get("comparisons", []):
        for level in comparison["comparison_levels"]:
            known[(comparison["output_column_name"], level["label_for_charts"])] = level
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            default = known.get((comparison["output_column_name"], level["label_for_charts"]), {})
            for key, last_resort in (
                ("m_probability", shape.PROBABILITY_FLOOR),
                ("u_probability", shape.PROBABILITY_FLOOR / 10),
            ):
                if level.get(key) is None:
                    level[key] = default.get(key, last_resort)
        floored = [max(float(lv["m_probability"]), shape.PROBABILITY_FLOOR) for lv in levels]
        pinned = [bool(lv.get("fix_m_probability")) for lv in levels]
        free = sum(v for v, pin in zip(floored, pinned, strict=True) if not pin)
        fixed = sum(v for v, pin in zip(floored, pinned, strict=True) if pin)
        for level, value in zip(levels, floored, strict=True):
            if not level.get("fix_m_probability"):
                level["m_probability"] = value * (1 - fixed) / free
    return model


def train(
    table: pa.Table, labels: Iterable[Label] = (), fallback: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A model trained on these reports: λ from near-certain rules, u by random sampling,
    m by EM on each training block; then m from the coordinator's labels where there are
    enough. Returns Splink's model JSON, made whole by `complete`."""
    db, linker = _linker(table, shape.settings_creator())
    linker.training.estimate_probability_two_random_records_match(
        shape.DETERMINISTIC_RULES, recall=shape.DETERMINISTIC_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=U_SEED)
    for block in shape.TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block, estimate_without_term_frequencies=True
        )
    same = [label for label in labels if label.same]
    if len(same) >= shape.MIN_LABELS:
        # m from the pairs the coordinator said were one person (Splink averages these with
        # the EM estimates); "different" labels tell u, which random sampling knows better.
        rows = [{"unique_id_l": lb.first, "unique_id_r": lb.second} for lb in same]
        linker.training.estimate_m_from_pairwise_labels(db.register(pa.Table.from_pylist(rows)))
    model: dict[str, Any] = linker.misc.save_model_to_json()
    return complete(model, fallback)


ENGINES = ("duckdb", "spark")

# The engine `use_engine` chose for this thread or task; None: the LINKAGE_ENGINE setting.
_chosen: ContextVar[str | None] = ContextVar("linkage_engine", default=None)


def check_engine(name: str) -> str:
    if name not in ENGINES:
        raise ValueError(f"Unknown linkage engine {name!r}: use one of {', '.join(ENGINES)}.")
    return name


@contextmanager
def use_engine(name: str | None) -> Iterator[None]:
    """Every `predict` inside runs on this engine (None: the setting), e.g. a
    `casereview feeds link --engine spark` run, without threading the choice through
    `link_partnership`."""
    token = _chosen.set(check_engine(name) if name else None)
    try:
        yield
    finally:
        _chosen.reset(token)


def current_engine() -> str:
    """The engine a `predict` without `engine=` runs on."""
    from django.conf import settings

    return check_engine(_chosen.get() or settings.LINKAGE_ENGINE)


def spark_config() -> spark.SparkConfig:
    """Spark's master, work directory and memory from the settings."""
    from django.conf import settings

    return spark.SparkConfig(
        master=settings.SPARK_MASTER,
        workdir=str(settings.LINKAGE_WORKDIR),
        driver_memory=settings.SPARK_DRIVER_MEMORY,
        executor_memory=settings.SPARK_EXECUTOR_MEMORY,
    )


def predict(
    table: pa.Table, model: dict[str, Any], threshold: float, *, engine: str | None = None
) -> pa.Table:
    """Every blocked pair with match probability ≥ `threshold`, with the matching columns and
    intermediate calculation columns (the pair page's explanation), computed by `engine`
    ("duckdb" or "spark"; None: `current_engine()`)."""
    chosen = check_engine(engine) if engine else current_engine()
    if chosen == "spark":
        return spark.predict(table, model, threshold, config=spark_config())
    settings = dict(model)
    settings["retain_matching_columns"] = True
    settings["retain_intermediate_calculation_columns"] = True
    _, linker = _linker(table, settings)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    result: pa.Table = predictions.as_pyarrow_table()
    return result
