"""GET /api/v1/statistics: the publication figures for applications received in a range."""

from datetime import date

import rules
from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from casereview.accounts.requests import StaffRequest
from casereview.api.errors import problems
from casereview.core import limits
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput
from casereview.publication.figures import figures_for, financial_year, period_errors
from casereview.publication.scope import applications_counted_for

router = Router(tags=["statistics"])


class Period(Schema):
    from_: date | None = Field(None, alias="from")
    to: date | None = None


class StatisticsOut(Schema):
    applications: int
    threshold_not_met: int
    reviews_carried_out: int
    reviews_with_recommendations: int
    withdrawn: int
    pending: int
    appeals: int
    appeals_upheld: int
    concluded_within_deadline: int
    # The median of whole days is whole unless the count is even: 4 stays 4, not 4.0.
    median_days_to_conclusion: int | float | None
    from_: date = Field(alias="from")
    to: date


@router.get(
    "",
    response={200: StatisticsOut, **problems(403, 422)},
    by_alias=True,  # the answer says `from`, as the query does
    summary="The publication figures",
    description="Counts applications received between `from` and `to` inclusive (default: the "
    "current financial year, April to March). The period starts on or after "
    f"{limits.long_date(limits.EARLIEST_STATISTICS)}, ends by the end of the current financial "
    f"year and is at most {limits.STATISTICS_MAX_YEARS} years long.",
)
def statistics(request: StaffRequest, period: Query[Period]) -> dict[str, object]:
    membership = request.membership
    if not rules.test_rule("publication.see_figures", membership):
        raise PermissionDenied("Your role may not see the figures.")
    default_start, default_end = financial_year(local_today())
    start, end = period.from_ or default_start, period.to or default_end
    errors = period_errors(start, end, local_today())
    if errors:
        raise InvalidInput(errors)
    note_read(
        request,
        object_type="statistics",
        object_id=f"{start}..{end}",
        partnership_id=membership.partnership_id,
        purpose="publication figures (API)",
    )
    return figures_for(applications_counted_for(membership), start, end).to_json()
