"""The radar over the API (FEEDS.md §3): people at a second qualifying report or at the
threshold, counted by the threshold engine under today's policy. Each person answered is
noted in the audit log with the purpose."""

from typing import Any, Literal

from ninja import Query, Router

from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.schemas.radar import RadarList
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.feeds.radar import projection
from casereview.feeds.radar.listing import RadarFilter, RadarRow
from casereview.feeds.services.radar import RADAR_PURPOSE

router = Router(tags=["radar"])

PAGE_SIZE = 100
PURPOSE = f"{RADAR_PURPOSE}: the radar (API)"


def _person_out(row: RadarRow) -> dict[str, Any]:
    """One person as RadarPersonOut holds them, as plain values: with a hundred people of up
    to dozens of reports each, the schema checks the answer once rather than twice."""
    return {
        "person": row.person.public_id,
        "name": row.name,
        "stage": row.stage,
        "qualifying_reports": row.counted.qualifying,
        "reports": [
            {
                "agency": line.report.agency.slug,
                "agency_reference": line.report.agency_reference,
                "reported_on": line.report.reported_on,
                "behaviour_on": line.report.behaviour_on,
                "qualifies": line.qualifies,
            }
            for line in row.counted.lines
        ],
        "contacted_on": row.contacted_on,
        "application": row.application,
    }


@router.get(
    "",
    response={200: RadarList, **problems(403, 422)},
    summary="People at a second qualifying report or at the threshold, threshold first",
)
def radar_list(
    request: StaffRequest,
    stage: Literal["second_report", "threshold_met"] | None = Query(None),
    page: int = Query(1, ge=1),
) -> dict[str, Any]:
    require(request, "feeds.radar")
    listed = projection.radar_list(request.membership, local_today(), RadarFilter(stage or ""))
    paginator = listed.paginator(PAGE_SIZE)
    items = listed.rows(paginator.page(page).object_list) if page <= paginator.num_pages else []
    for row in items:
        note_read(
            request,
            object_type="radar_person",
            object_id=row.person.public_id,
            partnership_id=row.person.partnership_id,
            purpose=PURPOSE,
        )
    return {"count": paginator.count, "items": [_person_out(row) for row in items]}
