"""Rebuild the shipped default linkage model (casereview/feeds/linkage/default_model.json).

The default model is what a partnership links with until it has enough reports to train its
own (`MIN_TRAINING_REPORTS`): the same comparisons, with m and u trained on the synthetic truth
set (casereview/devdata/feeds_truth.py, 5,000 reports of 2,500 people, seed 1). Rerun after
changing the model's shape in casereview/feeds/linkage/settings.py, and bump
`DEFAULT_MODEL_VERSION` in casereview/feeds/linkage/model.py.

    .venv/bin/python bench/feeds_default_model.py
"""

import json
import os
import sys
from datetime import date
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.test")
django.setup()

import pyarrow as pa  # noqa: E402

from casereview.devdata.feeds_truth import make_truth_set  # noqa: E402
from casereview.feeds.linkage import engine  # noqa: E402
from casereview.feeds.linkage.model import DEFAULT_MODEL_PATH  # noqa: E402
from casereview.feeds.linkage.normalise import SCHEMA, records  # noqa: E402


def truth_table(reports: int, seed: int) -> pa.Table:
    truth = make_truth_set(
        people=reports // 2,
        reports=reports,
        agencies=("police", "council", "housing"),
        today=date(2026, 6, 1),
        seed=seed,
    )
    rows = [
        (n, r["first_name"], r["surname"], r["date_of_birth"] or None, r["address"],
         r["postcode"], r["phone"], r["email"])
        for n, r in enumerate((r for rows in truth.rows.values() for r in rows), start=1)
    ]  # fmt: skip
    return pa.Table.from_pylist(list(records(rows)), schema=SCHEMA)


def main() -> None:
    model = engine.train(truth_table(5000, seed=1))
    DEFAULT_MODEL_PATH.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n")
    print(f"wrote {DEFAULT_MODEL_PATH}")


if __name__ == "__main__":
    main()
