"""`casereview feeds import --partnership SLUG --agency SLUG FILE` (FEEDS.md §2).

Progress on stderr, each refused row on stderr as `line L: column: reason`, and
`imported N, updated M, refused K` as the last line on stdout. Exit 0 when nothing was
refused, 1 when some rows were, 2 when the file cannot be read as a feed at all."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser, OutputWrapper

from casereview.core.audit import Actor
from casereview.feeds.csvfeed import FeedUnreadable, feed_parse
from casereview.feeds.models import ImportSource
from casereview.feeds.services.imports import feed_import, feed_import_start, feed_unreadable
from casereview.partnerships.models import Agency, Partnership

HELP = "Import an agency's reports from a CSV file (- for standard input)."
EXIT_REFUSED = 1
EXIT_UNREADABLE = 2
BAR_WIDTH = 30


def add_arguments(parser: CommandParser | Any) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's slug")
    parser.add_argument("--agency", required=True, help="The agency's slug in that partnership")
    parser.add_argument("file", help="The CSV file, or - to read standard input")


class _ProgressBar:
    """A `\\r` bar on a terminal; a line every tenth of the way otherwise (logs, pipes)."""

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if self.tty:
            filled = int(share * BAR_WIDTH)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {share:4.0%} {done:,}/{total:,} rows", ending="")
            if done >= total:
                self.stream.write("")
            return
        tenth = int(share * 10)
        if tenth > self.shown:
            self.shown = tenth
            self.stream.write(f"progress: {share:.0%} ({done:,} of {total:,} rows)")


def _read(name: str, stdin: Any) -> tuple[bytes, str]:
    if name == "-":
        source = getattr(stdin, "buffer", stdin)
        data = source.read()
        return (data.encode() if isinstance(data, str) else data), "standard input"
    try:
        return Path(name).read_bytes(), Path(name).name
    except OSError as exc:
        raise CommandError(f"Cannot read {name}: {exc.strerror}", returncode=2) from exc


def run(options: dict[str, Any], *, stdout: OutputWrapper, stderr: OutputWrapper) -> int:
    partnership = Partnership.objects.filter(slug=options["partnership"]).first()
    if partnership is None:
        raise CommandError(f"No partnership {options['partnership']}", returncode=2)
    agency = Agency.objects.filter(partnership=partnership, slug=options["agency"]).first()
    if agency is None:
        raise CommandError(f"No agency {options['agency']} in {partnership.slug}", returncode=2)
    data, file_name = _read(options["file"], options.get("stdin") or sys.stdin)
    actor = Actor.system("feeds import")
    record = feed_import_start(
        membership=None,
        partnership=partnership,
        agency=agency,
        source=ImportSource.COMMAND,
        file_name=file_name,
    )
    try:
        feed = feed_parse(data)
    except FeedUnreadable as exc:
        feed_unreadable(record=record, actor=actor, reason=str(exc))
        stderr.write(f"{file_name}: {exc}")
        stdout.write("imported 0, updated 0, refused 0")
        return EXIT_UNREADABLE
    for warning in feed.warnings:
        stderr.write(f"warning: {warning}")
    feed_import(
        membership=None,
        actor=actor,
        partnership=partnership,
        agency=agency,
        feed=feed,
        source=ImportSource.COMMAND,
        record=record,
        progress=_ProgressBar(stderr),
    )
    for refusal in feed.refusals:
        stderr.write(refusal.as_line())
    stdout.write(f"imported {record.imported}, updated {record.updated}, refused {record.refused}")
    return EXIT_REFUSED if record.refused else 0
