"""The verdict service: validates first, records who and when, audits, asks linkage to run
again once committed; and the verdicts as Splink pairwise labels a retrain can use."""

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from clerical_model import pair_of, population, trained_settings
from django.core.exceptions import PermissionDenied
from splink import DuckDBAPI, Linker

from casereview.accounts.models import Membership
from casereview.core.errors import InvalidInput
from casereview.core.models import AuditEntry
from casereview.feeds.events import reports_changed
from casereview.feeds.models import ReportPair, Verdict
from casereview.feeds.services.pairs import LABEL_COLUMNS, labels_table, pair_decide
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def nul(demo: None) -> Partnership:
    return Partnership.objects.get(slug="newcastle-under-lyme")


def _member(email: str) -> Membership:
    return Membership.objects.select_related("user").get(user__email=email)


def test_a_verdict_is_recorded_audited_and_starts_linkage_after_commit(
    nul, django_capture_on_commit_callbacks
) -> None:
    pair = pair_of(nul)
    heard: list[int] = []

    def listener(sender: object, partnership_id: int, **kwargs: object) -> None:
        heard.append(partnership_id)

    reports_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pair_decide(membership=_member("pso@nul.example"), pair=pair, verdict="same")
        assert heard == []  # nothing is said before the verdict has committed
        for callback in callbacks:
            callback()
    finally:
        reports_changed.disconnect(listener)
    assert heard == [nul.pk]
    stored = ReportPair.objects.get(pk=pair.pk)
    assert stored.verdict == Verdict.SAME
    assert stored.decided_by.email == "pso@nul.example" and stored.decided_at is not None
    entry = AuditEntry.objects.get(action="alter", object_type="report_pair")
    assert entry.object_id == str(pair.pk) and entry.partnership_id == nul.pk
    assert entry.actor_label == "pso@nul.example"


def test_a_verdict_must_be_one_of_the_two(nul) -> None:
    pair = pair_of(nul)
    for bad in ("", "pending", "maybe"):
        with pytest.raises(InvalidInput) as refused:
            pair_decide(membership=_member("pso@nul.example"), pair=pair, verdict=bad)
        assert refused.value.errors[0].field == "verdict"
    assert ReportPair.objects.get(pk=pair.pk).verdict == Verdict.PENDING
    assert not AuditEntry.objects.filter(object_type="report_pair").exists()


def test_only_the_partnerships_coordinator_may_decide(nul) -> None:
    pair = pair_of(nul)
    for email in ("chair@nul.example", "police@nul.example", "pso@sta.example"):
        with pytest.raises(PermissionDenied):
            pair_decide(membership=_member(email), pair=pair, verdict="same")
    assert ReportPair.objects.get(pk=pair.pk).verdict == Verdict.PENDING


def test_the_labels_table_is_what_splink_retrains_and_evaluates_from(nul) -> None:
    same = pair_of(nul)
    different = pair_of(nul, {"first_name": "Ruth"}, {"first_name": "Sam", "date_of_birth": None})
    pair_of(nul)  # still pending: not a label
    pso = _member("pso@nul.example")
    pair_decide(membership=pso, pair=same, verdict="same")
    pair_decide(membership=pso, pair=different, verdict="different")
    table = labels_table(nul.pk)
    assert tuple(table.column_names) == LABEL_COLUMNS
    assert table.to_pylist() == [
        {
            "source_dataset_l": "reports",
            "unique_id_l": same.first_id,
            "source_dataset_r": "reports",
            "unique_id_r": same.second_id,
            "clerical_match_score": 1.0,
        },
        {
            "source_dataset_l": "reports",
            "unique_id_l": different.first_id,
            "source_dataset_r": "reports",
            "unique_id_r": different.second_id,
            "clerical_match_score": 0.0,
        },
    ]
    assert labels_table(Partnership.objects.get(slug="stafford").pk).num_rows == 0
    # Splink reads it: the reports' records joined to the labels by unique_id.
    records = [
        {k: v for k, v in same.explanation.items() if k.endswith("_l")},
        {k: v for k, v in same.explanation.items() if k.endswith("_r")},
        {k: v for k, v in different.explanation.items() if k.endswith("_l")},
        {k: v for k, v in different.explanation.items() if k.endswith("_r")},
    ]
    rows = [
        {k[:-2]: v for k, v in r.items() if not k.startswith(("tf_", "gamma_", "mw_"))}
        for r in records
    ] + population()
    db = DuckDBAPI()
    linker = Linker(db.register(pa.Table.from_pylist(rows)), trained_settings())
    labels = db.register(table)
    linker.training.estimate_m_from_pairwise_labels(
        db.register(table.filter(pc.equal(table["clerical_match_score"], 1.0)))
    )
    accuracy = linker.evaluation.accuracy_analysis_from_labels_table(
        labels, output_type="table"
    ).as_record_list()
    assert accuracy  # both labels were found and scored
