"""`casereview feeds link` and `casereview feeds links` (FEEDS.md §2): the bodies of the two
sub-commands, so the command file only dispatches."""

import argparse
from typing import Any, Protocol

from django.core.management.base import CommandError
from django.db import transaction

from casereview.core.audit import Actor, audit_record
from casereview.core.csv import csv_writer
from casereview.core.models import AuditAction
from casereview.feeds.linkage import engine
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.linkage.spark import SparkUnavailable
from casereview.feeds.models import Report, ReportStatus
from casereview.partnerships.models import Partnership


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


LINKS_HEADER = ("agency", "agency_reference", "person")


def _partnership(slug: str) -> Partnership:
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise CommandError(f"No partnership with the slug {slug!r}.")
    return partnership


def add_engine_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=engine.ENGINES,
        help="Where the model runs: duckdb (in this process) or spark (SPARK_MASTER). "
        "Default: the LINKAGE_ENGINE setting.",
    )


def link(
    *,
    partnership: str,
    retrain: bool,
    stdout: Writer,
    stderr: Writer,
    engine_name: str | None = None,
) -> int:
    """Link every report of the partnership on the engine asked for (the setting if none);
    progress on stderr, a summary on stdout."""
    target = _partnership(partnership)

    def say(message: str) -> None:
        stderr.write(message + "\n")

    with engine.use_engine(engine_name):
        chosen = engine.current_engine()
        if chosen == "spark":
            config = engine.spark_config()
            say(f"Predicting on Spark ({config.master}), exchanging Parquet in {config.workdir}")
        try:
            result = link_partnership(target.pk, retrain=retrain, progress=say)
        except SparkUnavailable as error:
            raise CommandError(str(error)) from error
    stdout.write(
        f"linked {result.reports} reports to {result.people} people "
        f"({result.new_people} new, {result.reports_moved} reports moved); "
        f"{result.pairs_to_check} pairs to check; {result.model} on {chosen}; "
        f"{result.seconds:.1f} s\n"
    )
    return 0


def links(*, partnership: str, stdout: Writer) -> int:
    """CSV `agency,agency_reference,person`, one row per report not withdrawn, by agency and
    reference. A report not yet linked has an empty person. Audited as a disclosure."""
    target = _partnership(partnership)
    rows = (
        Report.objects.filter(partnership=target)
        .exclude(status=ReportStatus.WITHDRAWN)
        .order_by("agency__slug", "agency_reference")
        .values_list("agency__slug", "agency_reference", "person__public_id")
    )
    writer = csv_writer(stdout)
    writer.writerow(LINKS_HEADER)
    written = 0
    for agency, reference, person in rows.iterator(chunk_size=5000):
        writer.writerow((agency, reference, person or ""))
        written += 1
    with transaction.atomic():
        audit_record(
            actor=Actor.system("feeds_links"),
            action=AuditAction.DISCLOSE,
            purpose=f"Links of {written} reports to people written by casereview feeds links",
            object_type="partnership",
            object_id=target.pk,
            partnership_id=target.pk,
        )
    return 0
