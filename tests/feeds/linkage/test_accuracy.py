"""Linkage meets its targets on the synthetic truth set (docs/linkage.md): pairwise precision
at least 0.98 and recall at least 0.95 on 5,000 reports of 2,500 people."""

import pytest
from linkage_helpers import TODAY, bulk_reports, predicted_people

from casereview.devdata.feeds_truth import make_truth_set, pairwise_scores
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.models import LinkageModel, Person, Report
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
