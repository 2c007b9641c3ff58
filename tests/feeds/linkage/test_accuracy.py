"""Linkage meets its targets on the synthetic truth set (docs/linkage.md): pairwise precision
at least 0.98 and recall at least 0.95 on 5,000 reports of 2,500 people; and the radar built
on it finds at least 0.95 of the people truly at a second qualifying report (or the
threshold), with at least 0.95 of those it lists being right."""

from collections import Counter, defaultdict

import pytest
from linkage_helpers import TODAY, bulk_reports, predicted_people

from casereview.accounts.models import Membership, Role
from casereview.devdata.feeds_truth import TruthSet, make_truth_set, pairwise_scores
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.models import LinkageModel, Person, Report, ReportPair, Verdict
from casereview.feeds.radar.counting import count_reports, policy_today
from casereview.feeds.radar.listing import radar_rows
from casereview.partnerships.models import Partnership


@pytest.mark.django_db
def test_truth_set_is_linked_with_the_target_precision_and_recall(newcastle: Partnership) -> None:
    truth = make_truth_set(
        people=2500, reports=5000, agencies=("police", "council", "housing"), today=TODAY
    )
    bulk_reports(newcastle, truth)

    result = link_partnership(newcastle.pk)

    precision, recall = pairwise_scores(predicted_people(newcastle), truth.person_of)
    assert precision >= 0.98, f"precision {precision:.4f}"
    assert recall >= 0.95, f"recall {recall:.4f}"
    # Enough reports to train: the partnership's own model, kept as version 1.
    assert result.model == "model v1"
    assert LinkageModel.objects.filter(partnership=newcastle).count() == 1
    assert Report.objects.filter(partnership=newcastle, person=None).count() == 0
    assert result.people == Person.objects.filter(partnership=newcastle).count()

    found, right = radar_scores(newcastle, truth)
    assert found >= 0.95, f"radar found {found:.4f} of the people truly on it"
    assert right >= 0.95, f"radar right for {right:.4f} of the people it lists"


def radar_scores(partnership: Partnership, truth: TruthSet) -> tuple[float, float]:
    """The radar as listed (from linkage's people) against the radar of the true people,
    both counted by the threshold engine under today's policy. A listed person is right when
    the true person most of their qualifying reports came from is truly on the radar."""
    reports = list(Report.objects.filter(partnership=partnership).select_related("agency"))
    owner = {r.pk: truth.person_of[(r.agency.slug, r.agency_reference)] for r in reports}
    by_true_person = defaultdict(list)
    for report in reports:
        by_true_person[owner[report.pk]].append(report)
    policy = policy_today(partnership.pk, TODAY)
    truly_on = {
        key
        for key, theirs in by_true_person.items()
        if count_reports(theirs, policy, TODAY).stage is not None
    }
    coordinator = Membership.objects.get(partnership=partnership, role=Role.COORDINATOR)
    listed = [
        Counter(owner[r.pk] for r in row.counted.qualifying_reports).most_common(1)[0][0]
        for row in radar_rows(coordinator, TODAY)
    ]
    found = len(set(listed) & truly_on) / len(truly_on)
    right = sum(1 for key in listed if key in truly_on) / len(listed)
    return found, right


def decide(partnership: Partnership, first: int, second: int, verdict: Verdict) -> None:
    """The coordinator's verdict on a pair (in the queue already, or not)."""
    ReportPair.objects.update_or_create(
        first_id=first,
        second_id=second,
        defaults={"verdict": verdict},
        create_defaults={
            "partnership": partnership,
            "verdict": verdict,
            "match_probability": 0.6,
            "match_weight": 0.5,
        },
    )


@pytest.mark.django_db
def test_retraining_uses_the_coordinators_decisions_and_keeps_each_version(
    newcastle: Partnership,
) -> None:
    truth = make_truth_set(
        people=600, reports=1200, agencies=("police", "council", "housing"), today=TODAY, seed=7
    )
    bulk_reports(newcastle, truth)
    first = link_partnership(newcastle.pk)
    # The coordinator decides 25 pairs of one person's reports, and 5 of two people's.
    by_person: dict[int, list[int]] = {}
    for pk, agency, reference in Report.objects.values_list(
        "pk", "agency__slug", "agency_reference"
    ):
        by_person.setdefault(truth.person_of[(agency, reference)], []).append(pk)
    groups = [sorted(pks) for pks in by_person.values() if len(pks) >= 2]
    for pks in groups[:25]:
        decide(newcastle, pks[0], pks[1], Verdict.SAME)
    for one, other in zip(groups[25:30], groups[30:35], strict=True):
        a, b = sorted((one[0], other[0]))
        decide(newcastle, a, b, Verdict.DIFFERENT)
    v1 = LinkageModel.objects.get(partnership=newcastle)

    second = link_partnership(newcastle.pk, retrain=True)

    assert (first.model, second.model) == ("model v1", "model v2")
    v2 = LinkageModel.objects.get(partnership=newcastle, version=2)
    assert (v2.labels_used, v2.trained_on_reports) == (30, 1200)
    # The earlier version is kept as it was.
    assert LinkageModel.objects.get(pk=v1.pk).settings == v1.settings
    precision, recall = pairwise_scores(predicted_people(newcastle), truth.person_of)
    assert precision >= 0.98 and recall >= 0.95
