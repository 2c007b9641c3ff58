"""Partner agencies' reports over the API (FEEDS.md §3): the same checks and the same import
as the upload page and `casereview feeds import`."""

from typing import Any

from django.http import Http404
from ninja import Field, Router, Schema

from casereview.accounts.models import Role
from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.idempotency import idempotent
from casereview.core.audit import Actor
from casereview.feeds.csvfeed import SUMMARY_MAX, rows_parse
from casereview.feeds.models import ImportSource
from casereview.feeds.services.imports import feed_import
from casereview.partnerships.selectors import agency_get, partnership_of

router = Router(tags=["feeds"])
MAX_REPORTS = 5000

_DATE = "`YYYY-MM-DD`"


class ReportIn(Schema):
    """One report, with the CSV's columns (FEEDS.md §1). Every field is optional here so that
    a row missing a required one is refused on its own (in `refused`), not the whole call."""

    agency_reference: str | None = Field(None, description="Required. Unique within the agency.")
    reported_on: str | None = Field(None, description=f"Required. {_DATE}.")
    behaviour_on: str | None = Field(
        None, description=f"Required. {_DATE}, on or before `reported_on`."
    )
    first_name: str | None = Field(None, description="Required.")
    surname: str | None = Field(None, description="Required.")
    date_of_birth: str | None = Field(None, description=_DATE)
    address: str | None = None
    postcode: str | None = Field(None, description="A UK postcode, any spacing or case.")
    phone: str | None = None
    email: str | None = None
    incident_postcode: str | None = None
    category: str | None = Field(
        None, description="`personal`, `nuisance`, `environmental` or `hate`."
    )
    hate_related: bool | str | None = Field(
        None, description="`true`/`false` (default false); `category=hate` implies true."
    )
    status: str | None = Field(None, description="`open` (default), `closed` or `withdrawn`.")
    summary: str | None = Field(None, description=f"At most {SUMMARY_MAX:,} characters.")


class ReportsIn(Schema):
    reports: list[ReportIn] = Field(max_length=MAX_REPORTS)


class RefusedOut(Schema):
    index: int
    field: str
    reason: str


class FeedResultOut(Schema):
    imported: int
    updated: int
    refused: list[RefusedOut]


@router.post(
    "/{agency}/reports",
    response={200: FeedResultOut, **problems(403, 404, 422)},
    summary="Send an agency's reports",
    description=f"At most {MAX_REPORTS:,} reports a call. A report whose `agency_reference` "
    "the agency sent before updates it; it is never added twice. A report that breaks a rule "
    "is refused (its `index` in `reports`, the `field` and the reason) and the others are "
    "imported. A partner officer may send for their own agency only (another agency is "
    "404); the coordinator for any agency of the partnership.",
)
@idempotent
def reports_send(request: StaffRequest, agency: str, body: ReportsIn) -> dict[str, Any]:
    membership = request.membership
    require(request, "feeds.send")
    found = agency_get(membership, agency)
    if membership.role == Role.PARTNER and found.pk != membership.agency_id:
        # Not theirs: answered as not found, as an application they were not asked about is.
        raise Http404("No such agency")
    feed = rows_parse(report.model_dump() for report in body.reports)
    record = feed_import(
        membership=membership,
        actor=Actor.for_membership(membership),
        partnership=partnership_of(membership),
        agency=found,
        feed=feed,
        source=ImportSource.API,
    )
    return {
        "imported": record.imported,
        "updated": record.updated,
        "refused": [
            {"index": r.line, "field": r.column, "reason": r.reason} for r in feed.refusals
        ],
    }
