"""Which model links a partnership's reports, and training a new version of it.

A partnership with fewer than `MIN_TRAINING_REPORTS` reports links with the shipped default
model (default_model.json: these comparisons, m and u trained on the synthetic truth set;
rebuilt by bench/feeds_default_model.py). From then on its own model is trained on its own
reports, saved as a new `LinkageModel` version (never overwritten), and used by every run
until the next retrain. A retrain also uses the coordinator's verdicts as labels."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import transaction
from django.db.models import Max, Q

from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.feeds.linkage import engine
from casereview.feeds.models import LinkageModel, ReportPair, Verdict

DEFAULT_MODEL_PATH = Path(__file__).with_name("default_model.json")
# Bumped whenever default_model.json is rebuilt; named in audit entries and `feeds link`.
DEFAULT_MODEL_VERSION = 1

# Below this many reports a partnership's own model would be trained on too few pairs for EM
# to tell matches from non-matches; the default model links them instead.
MIN_TRAINING_REPORTS = 1000


@lru_cache(maxsize=1)
def _default_settings() -> str:
    return DEFAULT_MODEL_PATH.read_text()


def default_model() -> dict[str, Any]:
    """A fresh copy of the shipped default model's JSON."""
    model: dict[str, Any] = json.loads(_default_settings())
    return model


def latest_model(partnership_id: int) -> LinkageModel | None:
    return LinkageModel.objects.filter(partnership_id=partnership_id).order_by("-version").first()


def model_label(model: LinkageModel | None) -> str:
    """How a run names its model, e.g. "model v3" or "default model v1"."""
    if model is None:
        return f"default model v{DEFAULT_MODEL_VERSION}"
    return f"model v{model.version}"


def labels_for(partnership_id: int) -> list[engine.Label]:
    """The coordinator's decisions on pairs, as training labels (report ids), oldest
    decision first."""
    decided = (
        ReportPair.objects.filter(partnership_id=partnership_id)
        .filter(Q(verdict=Verdict.SAME) | Q(verdict=Verdict.DIFFERENT))
        .order_by("decided_at", "pk")
    )
    return [
        engine.Label(first=first, second=second, same=verdict == Verdict.SAME)
        for first, second, verdict in decided.values_list("first_id", "second_id", "verdict")
    ]


def train_model(*, partnership_id: int, table: pa.Table, actor: Actor) -> LinkageModel:
    """Train a model on the partnership's reports (the linkage table) and its coordinator's
    verdicts, and keep it as the next version. Deterministic: the same reports and verdicts
    train the same m and u."""
    labels = labels_for(partnership_id)
    settings = engine.train(table, labels, fallback=default_model())
    with transaction.atomic():
        version = (
            LinkageModel.objects.filter(partnership_id=partnership_id).aggregate(v=Max("version"))[
                "v"
            ]
            or 0
        ) + 1
        model = LinkageModel.objects.create(
            partnership_id=partnership_id,
            version=version,
            settings=settings,
            trained_on_reports=table.num_rows,
            labels_used=len(labels),
        )
        audit_record(
            actor=actor,
            action=AuditAction.ALTER,
            purpose=(
                f"Linkage model v{version} trained on {table.num_rows} reports "
                f"and {len(labels)} decisions on pairs"
            ),
            object_type="linkage_model",
            object_id=model.pk,
            partnership_id=partnership_id,
        )
    return model
