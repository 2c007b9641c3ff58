"""POST /api/v1/feeds/{agency}/reports (FEEDS.md §3): the same checks as a file, refusals by
index and field, at most 5,000 a call, a partner officer only for their own agency, the
coordinator for any, idempotent retries."""

from casereview.core.models import AuditEntry
from casereview.feeds.models import FeedImport, Report
from tests.feeds.helpers import row, truth_rows


def test_reports_are_imported_then_updated_with_refusals_by_index(api) -> None:
    call = api("police@nul.example")
    body = {"reports": [row(agency_reference="A"), row(agency_reference="B", surname="")]}
    response = call("post", "/feeds/police/reports", body)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "imported": 1,
        "updated": 0,
        "refused": [{"index": 1, "field": "surname", "reason": "Enter the surname"}],
    }
    again = call("post", "/feeds/police/reports", {"reports": [row(agency_reference="A")]})
    assert again.json() == {"imported": 0, "updated": 1, "refused": []}
    assert Report.objects.count() == 1
    record = FeedImport.objects.order_by("pk").first()
    assert record.source == "api" and record.refusals[0]["line"] == 1
    assert AuditEntry.objects.filter(object_type="feed_import", action="collect").count() == 2


def test_json_types_are_welcome_and_missing_fields_refuse_the_row_not_the_call(api) -> None:
    call = api("pso@nul.example")
    reports = [
        {**row(agency_reference="H"), "hate_related": True},
        {"agency_reference": "X"},
    ]
    answer = call("post", "/feeds/council/reports", {"reports": reports}).json()
    assert answer["imported"] == 1
    assert {r["field"] for r in answer["refused"] if r["index"] == 1} == {
        "reported_on",
        "behaviour_on",
        "first_name",
        "surname",
    }
    assert Report.objects.get().hate_related is True


def test_at_most_5000_reports_a_call(api) -> None:
    call = api("pso@nul.example")
    response = call("post", "/feeds/police/reports", {"reports": [row()] * 5001})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert any(e["field"] == "reports" for e in response.json()["errors"])
    assert not FeedImport.objects.exists()
    rows = truth_rows(5000)
    ok = call("post", "/feeds/police/reports", {"reports": rows})
    assert ok.status_code == 200 and ok.json()["imported"] == 5000


def test_a_partner_officer_sends_only_for_their_own_agency(api) -> None:
    police = api("police@nul.example")
    assert police("post", "/feeds/council/reports", {"reports": [row()]}).status_code == 404
    assert police("post", "/feeds/nowhere/reports", {"reports": [row()]}).status_code == 404
    assert (
        api("chair@nul.example")("post", "/feeds/police/reports", {"reports": []}).status_code
        == 403
    )
    stafford = api("pso@sta.example")
    assert stafford("post", "/feeds/police/reports", {"reports": [row()]}).json()["imported"] == 1
    # Stafford's police, not Newcastle's: each partnership's reports are its own.
    assert set(Report.objects.values_list("partnership__slug", flat=True)) == {"stafford"}


def test_a_retry_with_the_same_idempotency_key_answers_the_first_response(api) -> None:
    call = api("police@nul.example")
    body = {"reports": [row()]}
    first = call("post", "/feeds/police/reports", body, **{"Idempotency-Key": "feed-1"})
    retry = call("post", "/feeds/police/reports", body, **{"Idempotency-Key": "feed-1"})
    assert first.json() == retry.json() == {"imported": 1, "updated": 0, "refused": []}
    assert retry["Idempotent-Replayed"] == "true"
    assert FeedImport.objects.count() == 1
