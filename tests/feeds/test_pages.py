"""The pages: sending a file (the coordinator for any agency, a partner officer for their
own), the result with refused rows, recent imports, the reports list, isolation, reads
audited, and the number of queries each page makes."""

from django.core.files.uploadedfile import SimpleUploadedFile

from casereview.core.models import AuditEntry
from casereview.feeds.models import FeedImport, Report
from tests.feeds.helpers import csv_bytes, row, truth_rows


def _file(data: bytes, name: str = "reports.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _upload(client, data: bytes, **fields):
    return client.post("/feeds", {"file": _file(data), **fields})


def test_the_coordinator_sends_for_any_agency_and_sees_refused_rows(client_for) -> None:
    client = client_for("pso@nul.example")
    page = client.get("/feeds").content.decode()
    assert 'name="agency"' in page and "Housing" in page
    rows = [row(agency_reference="A"), row(agency_reference="B", behaviour_on="2026-04-01")]
    response = _upload(client, csv_bytes(rows), agency="council")
    record = FeedImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/feeds/imports/{record.pk}"
    assert record.agency.slug == "council" and record.source == "upload"
    result = client.get(response["Location"]).content.decode()
    assert "1 row was refused" in result
    assert "<code>reported_on</code>" in result
    assert "The date reported must be the same as or after the date of the behaviour" in result
    assert list(Report.objects.values_list("agency_reference", flat=True)) == ["A"]
    assert f"/feeds/imports/{record.pk}" in client.get("/feeds").content.decode()


def test_a_partner_officer_sends_only_for_their_own_agency(client_for) -> None:
    client = client_for("police@nul.example")
    page = client.get("/feeds").content.decode()
    assert 'name="agency"' not in page
    assert "You are sending reports for <strong>" in page
    # A forged agency field is ignored: the form has no agency for them.
    response = _upload(client, csv_bytes([row()]), agency="council")
    assert response.status_code == 302
    assert Report.objects.get().agency.slug == "police"


def test_a_file_that_is_missing_wrong_or_unreadable_is_named_in_the_error_summary(
    client_for,
) -> None:
    client = client_for("police@nul.example")
    missing = client.post("/feeds", {}).content.decode()
    assert "There is a problem" in missing and "Select a CSV file to upload" in missing
    assert 'href="#id_file"' in missing
    wrong = client.post("/feeds", {"file": _file(b"%PDF-1.7", "letter.pdf")})
    assert wrong.status_code == 400
    assert "The selected file must be a CSV" in wrong.content.decode()
    unreadable = client.post("/feeds", {"file": _file(b"name,age\nJo,3\n")})
    body = unreadable.content.decode()
    assert unreadable.status_code == 400
    assert "The selected file could not be read as a feed." in body
    assert "missing the required columns" in body
    assert not Report.objects.exists()
    assert FeedImport.objects.get().status == "unreadable"


def test_the_coordinator_must_choose_an_agency(client_for) -> None:
    client = client_for("pso@nul.example")
    response = _upload(client, csv_bytes([row()]))
    assert "Select the agency whose reports these are" in response.content.decode()
    assert not FeedImport.objects.exists()


def test_imports_and_reports_are_kept_to_the_agency_and_the_partnership(client_for) -> None:
    pso = client_for("pso@nul.example")
    _upload(pso, csv_bytes([row(agency_reference="COUNCIL-1")]), agency="council")
    council_import = FeedImport.objects.get()
    police = client_for("police@nul.example")
    _upload(police, csv_bytes([row(agency_reference="POLICE-1")]))
    assert police.get(f"/feeds/imports/{council_import.pk}").status_code == 404
    listed = police.get("/feeds/reports").content.decode()
    assert "POLICE-1" in listed and "COUNCIL-1" not in listed
    everything = pso.get("/feeds/reports").content.decode()
    assert "POLICE-1" in everything and "COUNCIL-1" in everything
    stafford = client_for("pso@sta.example")
    assert stafford.get(f"/feeds/imports/{council_import.pk}").status_code == 404
    assert "POLICE-1" not in stafford.get("/feeds/reports").content.decode()
    # The Chair and the auditor send nothing.
    assert client_for("chair@nul.example").get("/feeds").status_code == 403


def test_the_reports_list_searches_pages_and_audits_each_read(client_for) -> None:
    pso = client_for("pso@nul.example")
    _upload(pso, csv_bytes(truth_rows(30)), agency="police")
    _upload(pso, csv_bytes([row(agency_reference="FIND-ME", surname="Zebedee")]), agency="police")
    before = AuditEntry.objects.filter(action="view", object_type="report").count()
    first = pso.get("/feeds/reports").content.decode()
    assert "31 reports, page 1 of 2" in first
    assert AuditEntry.objects.filter(action="view", object_type="report").count() == before + 25
    found = pso.get("/feeds/reports", {"q": "zebedee"}).content.decode()
    assert "FIND-ME" in found and "1 report" in found
    assert "FIND-ME" in pso.get("/feeds/reports", {"q": "find-me"}).content.decode()
    assert (
        "No reports match your search."
        in pso.get("/feeds/reports", {"q": "nobody"}).content.decode()
    )


def test_the_pages_make_a_bounded_number_of_queries(
    client_for, django_assert_max_num_queries
) -> None:
    pso = client_for("pso@nul.example")
    for n in range(3):
        _upload(pso, csv_bytes(truth_rows(30, seed=n + 1)), agency="police")
    record = FeedImport.objects.first()
    with django_assert_max_num_queries(14):
        assert pso.get("/feeds").status_code == 200
    with django_assert_max_num_queries(12):
        assert pso.get(f"/feeds/imports/{record.pk}").status_code == 200
    with django_assert_max_num_queries(16):
        assert pso.get("/feeds/reports").status_code == 200


def test_the_navigation_offers_agency_reports_to_those_who_send(client_for) -> None:
    assert 'href="/feeds"' in client_for("police@nul.example").get("/").content.decode()
    assert 'href="/feeds"' not in client_for("chair@nul.example").get("/").content.decode()
