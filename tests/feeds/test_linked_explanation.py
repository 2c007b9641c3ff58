"""The explanation with linkage's own model: pairs the linkage run put in the queue (scored by
the shipped default model), and two reports linked to one person, compared again on demand."""

import pytest
from django.urls import reverse
from linkage_helpers import TODAY, bulk_reports

from casereview.core.models import AuditEntry
from casereview.devdata.feeds_truth import make_truth_set
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.models import Report, ReportPair
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(demo: None) -> Partnership:
    nul = Partnership.objects.get(slug="newcastle-under-lyme")
    truth = make_truth_set(
        people=120, reports=260, agencies=("police", "council", "housing"), today=TODAY, seed=5
    )
    bulk_reports(nul, truth)
    link_partnership(nul.pk)
    return nul


def _two_of_one_person(partnership: Partnership) -> tuple[Report, Report]:
    reports = Report.objects.filter(partnership=partnership, person__isnull=False)
    for report in reports:
        other = reports.filter(person_id=report.person_id).exclude(pk=report.pk).first()
        if other is not None:
            return report, other
    raise AssertionError("linkage linked no two reports")


def test_a_pair_the_run_queued_is_explained_with_the_model_that_scored_it(
    linked, client_for
) -> None:
    pair = ReportPair.objects.filter(partnership=linked).first()
    assert pair is not None, "the run put unsure pairs in the queue"
    pso = client_for("pso@nul.example")
    page = pso.get(reverse("feeds:pair", args=[pair.pk])).content.decode()
    assert "by linkage default model v1" in page
    assert 'id="comparisons"' in page and 'id="no-explanation"' not in page
    assert "Date of birth" in page
    assert "[&#39;" not in page and "['" not in page  # nickname lists are not shown
    chart = pso.get(reverse("feeds:pair_chart", args=[pair.pk]))
    assert chart.status_code == 200 and b"<svg" in chart.content


def test_two_reports_linked_to_one_person_are_explained_on_demand(linked, client_for) -> None:
    a, b = _two_of_one_person(linked)
    url = reverse("feeds:linked", args=[a.pk, b.pk])
    pso = client_for("pso@nul.example")
    response = pso.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Why these reports were linked" in page
    assert a.agency_reference in page and b.agency_reference in page
    assert 'id="comparisons"' in page
    chart_url = reverse("feeds:linked_chart", args=[a.pk, b.pk])
    assert f'src="{chart_url}"' in page
    chart = pso.get(chart_url)
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert set(
        AuditEntry.objects.filter(action="view", object_type="report").values_list(
            "object_id", flat=True
        )
    ) == {str(a.pk), str(b.pk)}
    # The Chair sees the radar, so may ask why; partner officers never see people.
    assert client_for("chair@nul.example").get(url).status_code == 200
    assert client_for("police@nul.example").get(url).status_code == 403
    assert client_for("pso@sta.example").get(url).status_code == 404


def test_reports_not_linked_together_are_not_explained_as_if_they_were(linked, client_for) -> None:
    a, _ = _two_of_one_person(linked)
    stranger = (
        Report.objects.filter(partnership=linked, person__isnull=False)
        .exclude(person_id=a.person_id)
        .first()
    )
    pso = client_for("pso@nul.example")
    for first, second in ((a.pk, stranger.pk), (a.pk, a.pk), (a.pk, 999_999)):
        assert pso.get(reverse("feeds:linked", args=[first, second])).status_code == 404
        assert pso.get(reverse("feeds:linked_chart", args=[first, second])).status_code == 404
