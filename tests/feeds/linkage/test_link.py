"""Linking a partnership's reports: who is one person, ids that stay, verdicts that win, and
partnerships that never meet. Small partnerships link with the shipped default model."""

import csv
import io
from collections.abc import Callable
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from casereview.core.models import AuditAction, AuditEntry
from casereview.feeds.events import reports_changed
from casereview.feeds.linkage import run
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.models import LinkageModel, Person, Report, ReportPair, Verdict
from casereview.partnerships.models import Partnership

MakeReport = Callable[..., Report]

ROBERT = {
    "first_name": "Robert",
    "surname": "Jones",
    "date_of_birth": date(1978, 4, 9),
    "address": "12 Church Road",
    "postcode": "ST5 1AB",
    "phone": "07700 900123",
}


def person_of(report: Report) -> str:
    report.refresh_from_db()
    assert report.person is not None
    return report.person.public_id


@pytest.mark.django_db
def test_one_person_however_each_agency_wrote_them(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    police = make_report(newcastle, "police", **ROBERT)
    council = make_report(
        newcastle,
        "council",
        first_name="BOB",
        surname="jones",
        date_of_birth=date(1978, 9, 4),  # day and month swapped
        address="12, church rd.",
        postcode="st51ab",
        phone="+44 7700 900123",
    )
    housing = make_report(
        newcastle, "housing", first_name="Jones", surname="Robert", postcode="ST5  1AB"
    )
    email_only = make_report(
        newcastle,
        "council",
        first_name="Rob",
        surname="Jones",
        email="ROB.JONES@EXAMPLE.COM",
        date_of_birth=date(1978, 4, 9),
    )
    make_report(newcastle, "police", **{**ROBERT, "email": "rob.jones@example.com"})

    result = link_partnership(newcastle.pk)

    assert result.model == "default model v1"
    assert {person_of(r) for r in (police, council, housing, email_only)} == {person_of(police)}
    assert result.people == 1


@pytest.mark.django_db
def test_a_household_at_one_address_stays_apart(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    # Everything agrees but the first name: one surname, one address, one landline.
    home = {"surname": "Smith", "address": "4 Mill Street", "postcode": "ST7 2AB"}
    mother = make_report(newcastle, first_name="Jane", phone="01782 123456", **home)
    son = make_report(newcastle, "council", first_name="Liam", phone="01782 123456", **home)
    daughter = make_report(
        newcastle, "housing", first_name="Emma", date_of_birth=date(2001, 3, 2), **home
    )

    link_partnership(newcastle.pk)

    assert len({person_of(mother), person_of(son), person_of(daughter)}) == 3
    # Only their first names tell mother and son apart: the coordinator is asked.
    assert ReportPair.objects.filter(first=mother, second=son, verdict="pending").exists()


@pytest.mark.django_db
def test_namesakes_in_other_places_stay_apart(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    one = make_report(
        newcastle, first_name="John", surname="Smith", postcode="ST5 1AB", address="1 High Street"
    )
    other = make_report(
        newcastle,
        "council",
        first_name="John",
        surname="Smith",
        postcode="ST7 9XY",
        address="80 Park Lane",
        date_of_birth=date(1990, 6, 6),
    )
    make_report(newcastle, "housing", first_name="John", surname="Smith", postcode="ST5 1AB")

    link_partnership(newcastle.pk)

    assert person_of(one) != person_of(other)


@pytest.mark.django_db
def test_person_ids_stay_across_runs_and_new_reports(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    robert = [make_report(newcastle, agency, **ROBERT) for agency in ("police", "council")]
    jane = make_report(newcastle, first_name="Jane", surname="Doe", postcode="ST7 1QQ")
    link_partnership(newcastle.pk)
    before = {r.pk: person_of(r) for r in [*robert, jane]}

    second = link_partnership(newcastle.pk)
    later = make_report(newcastle, "housing", **{**ROBERT, "first_name": "Bob"})
    third = link_partnership(newcastle.pk)

    assert {r.pk: person_of(r) for r in [*robert, jane]} == before
    assert person_of(later) == before[robert[0].pk]
    assert second.reports_moved == 0 and second.new_people == 0
    assert third.reports_moved == 1 and third.new_people == 0


@pytest.mark.django_db
def test_a_split_keeps_the_id_with_the_larger_part(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    reports = [make_report(newcastle, agency, **ROBERT) for agency in ("police", "council")]
    resent = make_report(newcastle, "housing", **ROBERT)
    link_partnership(newcastle.pk)
    robert = person_of(reports[0])
    # The agency re-sends its report corrected: it was someone else all along.
    Report.objects.filter(pk=resent.pk).update(
        first_name="Amira", surname="Khan", date_of_birth=date(1999, 1, 1), phone=""
    )

    result = link_partnership(newcastle.pk)

    assert [person_of(r) for r in reports] == [robert, robert]
    assert person_of(resent) not in (robert, "")
    assert result.new_people == 1
    # Linkage never deletes a person.
    assert Person.objects.filter(partnership=newcastle).count() == 2


@pytest.mark.django_db
def test_verdicts_win_over_the_model(newcastle: Partnership, make_report: MakeReport) -> None:
    alike = [make_report(newcastle, agency, **ROBERT) for agency in ("police", "council")]
    unalike = [
        make_report(newcastle, first_name="Kay", surname="Dee", postcode="ST5 3CD"),
        make_report(newcastle, "housing", first_name="Kathleen", surname="Obi"),
    ]
    link_partnership(newcastle.pk)
    assert person_of(alike[0]) == person_of(alike[1])
    assert person_of(unalike[0]) != person_of(unalike[1])

    for (first, second), verdict in (
        (alike, Verdict.DIFFERENT),
        (unalike, Verdict.SAME),
    ):
        ReportPair.objects.create(
            partnership=newcastle,
            first=first,
            second=second,
            match_probability=0.7,
            match_weight=1.2,
            verdict=verdict,
        )
    link_partnership(newcastle.pk)

    assert person_of(alike[0]) != person_of(alike[1])
    assert person_of(unalike[0]) == person_of(unalike[1])
    # Decisions are kept by every run.
    assert ReportPair.objects.exclude(verdict=Verdict.PENDING).count() == 2


@pytest.mark.django_db
def test_unsure_pairs_are_queued_with_splinks_explanation(
    newcastle: Partnership, make_report: MakeReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = (make_report(newcastle, agency, **ROBERT) for agency in ("police", "council"))
    # With the bar set above any probability, the pair the model is sure of becomes unsure.
    monkeypatch.setattr(run, "LINK_THRESHOLD", 1.01)
    result = link_partnership(newcastle.pk)

    pair = ReportPair.objects.get()
    assert result.pairs_to_check == 1
    assert (pair.first_id, pair.second_id, pair.verdict) == (first.pk, second.pk, "pending")
    assert pair.explanation["gamma_name"] == 8  # the top level: same first name and surname
    assert {"mw_name", "first_name_l", "first_name_r", "match_weight"} <= pair.explanation.keys()
    assert pair.match_probability > 0.99

    monkeypatch.undo()
    link_partnership(newcastle.pk)

    assert not ReportPair.objects.exists()  # linked now: no longer in the band


@pytest.mark.django_db
def test_partnerships_are_never_linked_together(
    newcastle: Partnership, stafford: Partnership, make_report: MakeReport
) -> None:
    here = make_report(newcastle, **ROBERT)
    make_report(newcastle, "council", **ROBERT)
    there = make_report(stafford, **ROBERT)
    make_report(stafford, "council", **ROBERT)

    link_partnership(newcastle.pk)
    assert Report.objects.get(pk=there.pk).person is None
    link_partnership(stafford.pk)

    assert person_of(here) != person_of(there)
    for person in Person.objects.all():
        assert {r.partnership_id for r in person.reports.all()} == {person.partnership_id}


@pytest.mark.django_db
def test_a_run_is_audited_without_personal_data(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    make_report(newcastle, **ROBERT)
    make_report(newcastle, "council", **ROBERT)

    link_partnership(newcastle.pk)

    entry = AuditEntry.objects.filter(action=AuditAction.COMBINE).get()
    assert entry.partnership_id == newcastle.pk
    assert entry.actor_label == "system:feeds_link"
    assert "Linked 2 reports to 1 people" in entry.purpose
    assert "default model v1" in entry.purpose
    assert "Jones" not in entry.purpose and "Robert" not in entry.purpose


@pytest.mark.django_db
def test_a_partnership_with_no_reports_links_nothing(newcastle: Partnership) -> None:
    result = link_partnership(newcastle.pk)

    assert (result.reports, result.people) == (0, 0)
    assert not LinkageModel.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_reports_changing_queues_a_link(newcastle: Partnership, make_report: MakeReport) -> None:
    report = make_report(newcastle, **ROBERT)
    with transaction.atomic():
        reports_changed.send(sender=None, partnership_id=newcastle.pk)
        # Nothing runs until the change has committed.
        assert Report.objects.get(pk=report.pk).person is None

    assert person_of(report)


@pytest.mark.django_db
def test_links_command_lists_each_report_not_withdrawn(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    one = make_report(newcastle, "police", agency_reference="P-1", **ROBERT)
    make_report(newcastle, "council", agency_reference="C-1", **ROBERT)
    make_report(newcastle, "housing", agency_reference="H-1", status="withdrawn", **ROBERT)
    out, err = io.StringIO(), io.StringIO()
    call_command("feeds", "link", "--partnership", "newcastle-under-lyme", stdout=out, stderr=err)
    assert "linked 3 reports to 1 people" in out.getvalue()
    assert "Comparing reports" in err.getvalue()

    out = io.StringIO()
    call_command("feeds", "links", "--partnership", "newcastle-under-lyme", stdout=out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        ["agency", "agency_reference", "person"],
        ["council", "C-1", person_of(one)],
        ["police", "P-1", person_of(one)],
    ]
    assert AuditEntry.objects.filter(action=AuditAction.DISCLOSE, partnership=newcastle).exists()
