"""The coordinator's queue of pairs to check and the pair page: scoping, ordering, the
side-by-side reports, the explanation and chart, decisions (changeable, audited), the labels
export, and who may see any of it."""

import csv
import io

import pytest
from clerical_model import model_for, pair_of, report
from django.urls import reverse

from casereview.core.models import AuditEntry
from casereview.feeds.models import ReportPair, Verdict
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

PSO = "pso@nul.example"


@pytest.fixture
def nul(demo: None) -> Partnership:
    return Partnership.objects.get(slug="newcastle-under-lyme")


def _bare_pair(partnership: Partnership, probability: float, weight: float) -> ReportPair:
    """A pair with a made-up score (no Splink run): for ordering and counts."""
    a = report(partnership, "police")
    b = report(partnership, "council")
    return ReportPair.objects.create(
        partnership=partnership,
        first=a,
        second=b,
        match_probability=probability,
        match_weight=weight,
        model=model_for(partnership),
    )


def test_the_queue_lists_the_most_uncertain_pair_first_and_counts_them(nul, client_for) -> None:
    sure = _bare_pair(nul, 0.97, 5.0)
    coin_toss = _bare_pair(nul, 0.52, 0.1)
    doubtful_no = _bare_pair(nul, 0.2, -2.0)
    decided = _bare_pair(nul, 0.6, 0.6)
    ReportPair.objects.filter(pk=decided.pk).update(verdict=Verdict.SAME)
    page = client_for(PSO).get(reverse("feeds:pairs")).content.decode()
    links = [reverse("feeds:pair", args=[p.pk]) for p in (coin_toss, doubtful_no, sure)]
    positions = [page.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)
    assert f'href="{reverse("feeds:pair", args=[decided.pk])}"' not in page
    assert "3 pairs to check, the most uncertain first" in page
    assert "To check (3)" in page
    decided_tab = client_for(PSO).get(reverse("feeds:pairs") + "?tab=decided").content.decode()
    assert f'href="{reverse("feeds:pair", args=[decided.pk])}"' in decided_tab
    assert "1 decided pair, the latest first" in decided_tab
    assert "Same person" in decided_tab


def test_the_queue_is_paged(nul, client_for) -> None:
    for n in range(52):
        _bare_pair(nul, 0.5, n / 10)
    pso = client_for(PSO)
    first = pso.get(reverse("feeds:pairs")).content.decode()
    assert "page 1 of 2" in first and "?page=2" in first
    second = pso.get(reverse("feeds:pairs") + "?page=2").content.decode()
    assert "page 2 of 2" in second


def test_another_partnerships_pairs_are_neither_listed_nor_shown(nul, client_for) -> None:
    stafford = Partnership.objects.get(slug="stafford")
    theirs = _bare_pair(stafford, 0.5, 0.0)
    ours = _bare_pair(nul, 0.5, 0.0)
    pso = client_for(PSO)
    page = pso.get(reverse("feeds:pairs")).content.decode()
    assert reverse("feeds:pair", args=[ours.pk]) in page
    assert reverse("feeds:pair", args=[theirs.pk]) not in page
    assert pso.get(reverse("feeds:pair", args=[theirs.pk])).status_code == 404
    assert pso.get(reverse("feeds:pair_chart", args=[theirs.pk])).status_code == 404
    assert pso.post(reverse("feeds:pair", args=[theirs.pk]), {"verdict": "same"}).status_code == 404
    assert ReportPair.objects.get(pk=theirs.pk).verdict == Verdict.PENDING


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("chair@nul.example", 403),
        ("police@nul.example", 403),
        ("intake@nul.example", 403),
        ("admin@nul.example", 403),
        ("dpo@nul.example", 403),
    ],
)
def test_only_the_coordinator_checks_pairs(nul, client_for, email, status) -> None:
    pair = _bare_pair(nul, 0.5, 0.0)
    client = client_for(email)
    for name, args in (
        ("feeds:pairs", []),
        ("feeds:pair", [pair.pk]),
        ("feeds:pair_chart", [pair.pk]),
        ("feeds:pair_labels", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == status, name
    assert client.post(reverse("feeds:pair", args=[pair.pk]), {"verdict": "same"}).status_code == (
        status
    )
    assert ReportPair.objects.get(pk=pair.pk).verdict == Verdict.PENDING


def test_the_pair_page_shows_both_reports_the_comparisons_and_the_chart(nul, client_for) -> None:
    pair = pair_of(
        nul,
        {"first_name": "Robert", "phone": "07700 900123"},
        {"first_name": "Bob", "phone": "", "postcode": "ST5 9ZZ", "agency_reference": "C-77"},
    )
    pso = client_for(PSO)
    response = pso.get(reverse("feeds:pair", args=[pair.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    side = page[page.index('id="side-by-side"') : page.index('id="compared"')]
    for value in (
        "Staffordshire Police",
        "C-77",
        "Robert Ashby",
        "Bob Ashby",
        "ST5 1AB",
        "ST5 9ZZ",
    ):
        assert value in side
    assert "4 March 1970" in side and "Not recorded" in side
    compared = page[page.index('id="comparisons"') :]
    assert "Agreed" in compared and "Disagreed" in compared and "Missing on one or both" in compared
    assert "Exact match on surname" in compared
    assert f"{pair.match_probability * 100:.1f}%" in page
    assert "by linkage model v1" in page
    chart_url = reverse("feeds:pair_chart", args=[pair.pk])
    assert f'src="{chart_url}"' in page and 'alt="Match-weights waterfall chart' in page
    chart = pso.get(chart_url)
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in chart["Content-Security-Policy"]
    svg = chart.content.decode()
    assert svg.startswith("<svg") and "surname" in svg and "<script" not in svg
    audit = AuditEntry.objects.filter(action="view", object_type="report_pair", object_id=pair.pk)
    assert audit.count() == 1
    assert "same person" in audit.get().purpose
    assert (
        AuditEntry.objects.filter(
            action="view", object_type="report", object_id__in=[pair.first_id, pair.second_id]
        ).count()
        == 2
    )


def test_a_pair_whose_model_is_gone_is_still_shown_without_the_chart(nul, client_for) -> None:
    pair = _bare_pair(nul, 0.5, 0.0)
    ReportPair.objects.filter(pk=pair.pk).update(explanation={"match_weight": 0.0})
    page = client_for(PSO).get(reverse("feeds:pair", args=[pair.pk])).content.decode()
    assert 'id="no-explanation"' in page and "Ashby" in page


def test_deciding_records_who_and_when_moves_on_and_can_be_changed(nul, client_for) -> None:
    first = _bare_pair(nul, 0.5, 0.0)
    second = _bare_pair(nul, 0.6, 0.5)
    pso = client_for(PSO)
    response = pso.post(reverse("feeds:pair", args=[first.pk]), {"verdict": "different"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feeds:pair", args=[second.pk])
    first.refresh_from_db()
    assert first.verdict == Verdict.DIFFERENT
    assert first.decided_by.email == PSO and first.decided_at is not None
    page = pso.get(reverse("feeds:pair", args=[first.pk])).content.decode()
    assert "Decided: <strong>Different people</strong>" in page and "Change decision" in page
    assert 'value="different" checked' in page
    response = pso.post(reverse("feeds:pair", args=[first.pk]), {"verdict": "same"})
    first.refresh_from_db()
    assert first.verdict == Verdict.SAME
    purposes = list(
        AuditEntry.objects.filter(action="alter", object_type="report_pair", object_id=first.pk)
        .order_by("id")
        .values_list("purpose", flat=True)
    )
    assert len(purposes) == 2
    assert purposes[0].endswith(": different people")
    assert purposes[1].endswith(": changed from different people to same person")
    response = pso.post(reverse("feeds:pair", args=[second.pk]), {"verdict": "same"})
    assert response["Location"] == reverse("feeds:pairs")


def test_deciding_nothing_names_the_field(nul, client_for) -> None:
    pair = _bare_pair(nul, 0.5, 0.0)
    response = client_for(PSO).post(reverse("feeds:pair", args=[pair.pk]), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_verdict"' in page or 'href="#verdict"' in page
    assert "Select whether the two reports were made by the same person" in page
    assert ReportPair.objects.get(pk=pair.pk).verdict == Verdict.PENDING
    assert not AuditEntry.objects.filter(action="alter", object_type="report_pair").exists()


def test_the_labels_csv_is_splinks_pairwise_labels_and_is_audited(nul, client_for) -> None:
    same = _bare_pair(nul, 0.5, 0.0)
    different = _bare_pair(nul, 0.5, 0.1)
    _bare_pair(nul, 0.5, 0.2)  # still to check: not a label
    pso = client_for(PSO)
    pso.post(reverse("feeds:pair", args=[same.pk]), {"verdict": "same"})
    pso.post(reverse("feeds:pair", args=[different.pk]), {"verdict": "different"})
    response = pso.get(reverse("feeds:pair_labels"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "source_dataset_l",
            "unique_id_l",
            "source_dataset_r",
            "unique_id_r",
            "clerical_match_score",
        ],
        ["reports", str(same.first_id), "reports", str(same.second_id), "1.0"],
        ["reports", str(different.first_id), "reports", str(different.second_id), "0.0"],
    ]
    entry = AuditEntry.objects.get(object_type="report_pairs", action="view")
    assert "labels exported" in entry.purpose and "(2 pairs)" in entry.purpose


def test_the_pages_cost_a_fixed_number_of_queries(
    nul, client_for, django_assert_max_num_queries
) -> None:
    for n in range(8):
        _bare_pair(nul, 0.5, n / 10)
    pair = pair_of(nul)
    pso = client_for(PSO)
    pso.get(reverse("feeds:pair", args=[pair.pk]))  # warm the model cache
    # Nine pairs listed, each read audited, in a fixed number of queries.
    with django_assert_max_num_queries(10):
        pso.get(reverse("feeds:pairs"))
    with django_assert_max_num_queries(9):
        pso.get(reverse("feeds:pair", args=[pair.pk]))
    with django_assert_max_num_queries(9):
        pso.get(reverse("feeds:pair_labels"))
