"""The publication figures, counted by the database.

Each figure counts applications *received* in the period (API.md). Flags are annotated as
EXISTS subqueries and summed in one aggregate query, so the cost does not grow with the
number of applications beyond the database's own scan.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from casereview.appeals.models import Appeal
from casereview.applications.models import (
    Application,
    HarmAssessment,
    Letter,
    LetterKind,
    Status,
)
from casereview.core import limits
from casereview.core.errors import FieldError
from casereview.harm import level_rank
from casereview.reviews.models import Minutes, Recommendation

REOPENED_PENDING = (Status.APPEAL_UPHELD, Status.THRESHOLD_MET, Status.IN_REVIEW, Status.REVIEWED)
STATUTORY = (
    "applications",
    "threshold_not_met",
    "reviews_carried_out",
    "reviews_with_recommendations",
)
FIGURES = (
    *STATUTORY,
    "withdrawn",
    "pending",
    "appeals",
    "appeals_upheld",
    "concluded_within_deadline",
)
LABELS = {
    "applications": "Applications received",
    "threshold_not_met": "Threshold not met",
    "reviews_carried_out": "Reviews carried out",
    "reviews_with_recommendations": "Reviews that led to recommendations",
    "withdrawn": "Withdrawn",
    "pending": "Pending",
    "appeals": "Appeals",
    "appeals_upheld": "Appeals upheld",
    "concluded_within_deadline": "Concluded within the deadline",
}


def _month_start(value: date | datetime) -> date:
    return date(value.year, value.month, 1)


def months_between(start: date, end: date) -> list[date]:
    """The first day of each month from `start`'s month to `end`'s, at most 60 of them."""
    months: list[date] = []
    month = _month_start(start)
    while month <= end and len(months) < 60:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def financial_year(today: date) -> tuple[date, date]:
    """April to March: the year the publication duty is usually reported for."""
    start_year = today.year if today.month >= 4 else today.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def period_errors(
    start: date, end: date, today: date, *, from_field: str = "from", to_field: str = "to"
) -> list[FieldError]:
    """A period the figures may be counted for: from the financial year the case review
    began in to the end of the current one, `end` not before `start`, and at most
    STATISTICS_MAX_YEARS long."""
    errors = []
    latest = financial_year(today)[1]
    if start < limits.EARLIEST_STATISTICS:
        errors.append(
            FieldError(
                from_field,
                f"The start must be on or after {limits.long_date(limits.EARLIEST_STATISTICS)}",
            )
        )
    if start > latest:
        errors.append(
            FieldError(from_field, f"The start must be on or before {limits.long_date(latest)}")
        )
    if end > latest:
        errors.append(
            FieldError(to_field, f"The end must be on or before {limits.long_date(latest)}")
        )
    if errors:
        return errors
    if end < start:
        return [FieldError(to_field, "The end must be the same as or after the start")]
    years = limits.STATISTICS_MAX_YEARS
    # start is at most a year from today, so ten years on is a real date.
    try:
        limit = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + years, day=28)
    if end >= limit:
        errors.append(FieldError(to_field, f"The period can be at most {years} years long"))
    return errors


def _conclusion_letters() -> QuerySet[Letter]:
    return Letter.objects.filter(application=OuterRef("pk"), kind=LetterKind.CONCLUSION)


def _flagged(found: QuerySet[Application]) -> QuerySet[Application]:
    return found.annotate(
        has_minutes=Exists(Minutes.objects.filter(application=OuterRef("pk"))),
        has_recommendations=Exists(
            Recommendation.objects.filter(minutes__application=OuterRef("pk"))
        ),
        has_appeal=Exists(Appeal.objects.filter(application=OuterRef("pk"))),
        appeal_upheld=Exists(Appeal.objects.filter(application=OuterRef("pk"), upheld=True)),
        concluded=Exists(_conclusion_letters()),
        concluded_on_time=Exists(
            _conclusion_letters().filter(created_at__date__lte=OuterRef("conclusion_due"))
        ),
    )


@dataclass(frozen=True)
class HarmFell:
    """Of the reviews (threshold met) whose victim was assessed at least twice, how many
    ended at a lower harm level than the first assessment found."""

    reassessed: int
    fell: int

    @property
    def share(self) -> int | None:
        """A whole percentage, or None when no review was assessed twice."""
        return round(100 * self.fell / self.reassessed) if self.reassessed else None


def harm_fell_in(found: QuerySet[Application]) -> HarmFell:
    """First against latest assessment, per review, in one query."""
    ordered = HarmAssessment.objects.filter(application=OuterRef("pk"))
    rows = (
        found.filter(decision__met=True)
        .annotate(
            assessments=Subquery(
                ordered.order_by().values("application").annotate(n=Count("pk")).values("n")[:1]
            ),
            first_level=Subquery(
                ordered.order_by("assessed_on", "recorded_at", "pk").values("level")[:1]
            ),
            latest_level=Subquery(
                ordered.order_by("-assessed_on", "-recorded_at", "-pk").values("level")[:1]
            ),
        )
        .filter(assessments__gte=2)
        .values_list("first_level", "latest_level")
    )
    pairs = list(rows)
    return HarmFell(
        reassessed=len(pairs),
        fell=sum(1 for first, latest in pairs if level_rank(latest) < level_rank(first)),
    )


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    counts: dict[str, int]
    median_days_to_conclusion: float | None
    by_month: list[tuple[date, int]]
    # Not a statutory figure: what the partnership reports of its reviews' effect.
    harm_fell: HarmFell = HarmFell(0, 0)

    def to_json(self) -> dict[str, object]:
        return {
            **self.counts,
            "median_days_to_conclusion": self.median_days_to_conclusion,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
        }


def figures_for(found: QuerySet[Application], start: date, end: date) -> Figures:
    in_period = _flagged(found.filter(received__gte=start, received__lte=end))
    counts = in_period.aggregate(
        applications=Count("pk"),
        threshold_not_met=Count("pk", filter=Q(decision__met=False)),
        reviews_carried_out=Count("pk", filter=Q(has_minutes=True)),
        reviews_with_recommendations=Count("pk", filter=Q(has_recommendations=True)),
        withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        pending=Count(
            "pk",
            filter=~Q(status=Status.WITHDRAWN)
            & (
                Q(decision__isnull=True)
                | Q(decision__met=True, concluded=False)
                # Reopened by an upheld appeal, until decided again or concluded again.
                | Q(status__in=REOPENED_PENDING)
            ),
        ),
        appeals=Count("pk", filter=Q(has_appeal=True)),
        appeals_upheld=Count("pk", filter=Q(appeal_upheld=True)),
        concluded_within_deadline=Count("pk", filter=Q(concluded_on_time=True)),
    )
    first_conclusion = Subquery(
        _conclusion_letters().order_by("created_at").values("created_at")[:1]
    )
    spans = [
        (timezone.localdate(concluded) - received).days
        for received, concluded in in_period.annotate(concluded_at=first_conclusion)
        .filter(concluded_at__isnull=False)
        .values_list("received", "concluded_at")
    ]
    # Counted per day by the database and summed per month here: SQLite truncates dates in a
    # Python function called once a row, which cost more than the rest of the query.
    counted: dict[date, int] = {}
    for row in (
        found.filter(received__gte=start, received__lte=end)
        .order_by()
        .values("received")
        .annotate(n=Count("pk"))
    ):
        month = _month_start(row["received"])
        counted[month] = counted.get(month, 0) + row["n"]
    by_month = [(month, counted.get(month, 0)) for month in months_between(start, end)]
    return Figures(
        start=start,
        end=end,
        counts={name: counts[name] for name in FIGURES},
        median_days_to_conclusion=statistics.median(spans) if spans else None,
        by_month=by_month,
        harm_fell=harm_fell_in(found.filter(received__gte=start, received__lte=end)),
    )
