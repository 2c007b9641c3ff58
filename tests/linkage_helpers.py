"""Helpers for linkage tests: reports written straight to the database (the import service
is tested with the feeds' intake), and the people linkage put them in."""

from datetime import date

from casereview.devdata.feeds_truth import TruthSet
from casereview.feeds.models import Report
from casereview.partnerships.models import Agency, Partnership

TODAY = date(2026, 6, 1)


def bulk_reports(partnership: Partnership, truth: TruthSet) -> None:
    """Every row of the truth set as a report of the partnership's agency of that name."""
    agencies = {a.slug: a for a in Agency.objects.filter(partnership=partnership)}
    reports = [
        Report(
            partnership=partnership,
            agency=agencies[slug],
            agency_reference=row["agency_reference"],
            reported_on=date.fromisoformat(row["reported_on"]),
            behaviour_on=date.fromisoformat(row["behaviour_on"]),
            first_name=row["first_name"],
            surname=row["surname"],
            date_of_birth=date.fromisoformat(row["date_of_birth"])
            if row["date_of_birth"]
            else None,
            address=row["address"],
            postcode=row["postcode"],
            phone=row["phone"],
            email=row["email"],
            category=row["category"],
            hate_related=row["hate_related"] == "true",
            status=row["status"],
        )
        for slug, rows in truth.rows.items()
        for row in rows
    ]
    Report.objects.bulk_create(reports, batch_size=1000)


def predicted_people(partnership: Partnership) -> dict[tuple[str, str], str]:
    return {
        (agency, reference): public_id or f"unlinked {agency} {reference}"
        for agency, reference, public_id in Report.objects.filter(
            partnership=partnership
        ).values_list("agency__slug", "agency_reference", "person__public_id")
    }
