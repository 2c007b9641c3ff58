"""The coordinator's verdict on a pair of reports the model was unsure about, and the
verdicts as Splink's pairwise labels for retraining.

A verdict wins over the model in every later linkage run (the run reads `ReportPair.verdict`),
so recording one asks linkage to run again, once the verdict has committed."""

import pyarrow as pa
import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.feeds.events import reports_changed
from casereview.feeds.linkage.model import labels_for
from casereview.feeds.models import ReportPair, Verdict

CHECK_PURPOSE = "checking whether two partner reports were made by the same person"

# Splink's pairwise labels (`estimate_m_from_pairwise_labels`, `accuracy_analysis_from_labels
# _table`): the reports are one input table, so every report's source dataset is the same.
SOURCE_DATASET = "reports"
LABEL_COLUMNS = (
    "source_dataset_l",
    "unique_id_l",
    "source_dataset_r",
    "unique_id_r",
    "clerical_match_score",
)
LABELS_SCHEMA = pa.schema(
    [
        ("source_dataset_l", pa.string()),
        ("unique_id_l", pa.int64()),
        ("source_dataset_r", pa.string()),
        ("unique_id_r", pa.int64()),
        ("clerical_match_score", pa.float64()),
    ]
)


def pair_decide(*, membership: Membership, pair: ReportPair, verdict: str) -> ReportPair:
    """Record (or change) the coordinator's verdict on a pair: same person or different
    people, with who and when. Audited each time; linkage runs again after commit."""
    if not rules.test_rule("feeds.check_pairs", membership) or (
        pair.partnership_id != membership.partnership_id
    ):
        raise PermissionDenied("feeds.check_pairs")
    if verdict not in (Verdict.SAME, Verdict.DIFFERENT):
        raise InvalidInput(
            [FieldError("verdict", "Select whether the two reports were made by the same person")]
        )
    with transaction.atomic():
        locked = ReportPair.objects.select_for_update().get(pk=pair.pk)
        before = locked.verdict
        locked.verdict = verdict
        locked.decided_by = membership.user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["verdict", "decided_by", "decided_at"])
        said = Verdict(verdict).label.lower()
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.ALTER,
            object_type="report_pair",
            object_id=locked.pk,
            partnership_id=locked.partnership_id,
            purpose=f"{CHECK_PURPOSE}: {said}"
            if before == Verdict.PENDING
            else f"{CHECK_PURPOSE}: changed from {Verdict(before).label.lower()} to {said}",
        )
        partnership_id = locked.partnership_id
        transaction.on_commit(
            lambda: reports_changed.send(sender=ReportPair, partnership_id=partnership_id)
        )
    pair.verdict, pair.decided_by, pair.decided_at = (
        locked.verdict,
        locked.decided_by,
        locked.decided_at,
    )
    return pair


def labels_table(partnership_id: int) -> pa.Table:
    """The partnership's decided pairs as Splink pairwise labels: `unique_id` is the report's
    id (the linkage records' `unique_id`), `clerical_match_score` 1.0 for the same person and
    0.0 for different people, oldest decision first.

    Splink's `estimate_m_from_pairwise_labels` treats every row as a match, so pass it only
    the rows scored 1.0; `accuracy_analysis_from_labels_table` uses both."""
    columns: dict[str, list[object]] = {name: [] for name in LABEL_COLUMNS}
    for label in labels_for(partnership_id):
        columns["source_dataset_l"].append(SOURCE_DATASET)
        columns["unique_id_l"].append(label.first)
        columns["source_dataset_r"].append(SOURCE_DATASET)
        columns["unique_id_r"].append(label.second)
        columns["clerical_match_score"].append(1.0 if label.same else 0.0)
    return pa.table(columns, schema=LABELS_SCHEMA)
