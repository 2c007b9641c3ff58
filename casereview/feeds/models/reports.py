"""Partner agencies' ASB reports (FEEDS.md §1), each import of them, and the people linkage
believes made them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from casereview.applications.models import Application
from casereview.partnerships.models import Agency, Partnership


class ReportCategory(models.TextChoices):
    PERSONAL = "personal", "Personal"
    NUISANCE = "nuisance", "Nuisance"
    ENVIRONMENTAL = "environmental", "Environmental"
    HATE = "hate", "Hate"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    # A withdrawn report counts for nothing on the radar (FEEDS.md §4).
    WITHDRAWN = "withdrawn", "Withdrawn"


class Person(models.Model):
    """One complainant as linkage believes: the reports linked to one another across agencies.

    `public_id` is the opaque id FEEDS.md §2 promises stays the same for as long as the
    reports stay linked. Linkage never deletes a person (contacts and drafts point at it);
    one left without reports is removed by the retention sweep once nothing points at it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    public_id = models.CharField(max_length=24, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.public_id


class ImportSource(models.TextChoices):
    UPLOAD = "upload", "File uploaded on the page"
    COMMAND = "command", "casereview feeds import"
    API = "api", "Integration API"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Importing"
    FINISHED = "finished", "Finished"
    # The file could not be read as a feed at all: nothing was imported (exit code 2).
    UNREADABLE = "unreadable", "Could not be read"


class FeedImport(models.Model):
    """One import of an agency's reports: the collection its audit entry names, and what the
    page and the command report back (counts, and each refused row's line, column and reason,
    which hold no personal data)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=ImportSource.choices)
    file_name = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    refusals = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Import {self.pk} for {self.agency}"


class Report(models.Model):
    """One report made to one agency, as the agency recorded it (a row of a feed).

    `(agency, agency_reference)` is unique: sending a row again updates the report."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    agency_reference = models.CharField(max_length=100)
    reported_on = models.DateField()
    behaviour_on = models.DateField()
    first_name = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=200, blank=True)
    # Kept as "AB1 2CD" (upper case, one space) whatever spacing the agency sent.
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=254, blank=True)
    incident_postcode = models.CharField(max_length=10, blank=True)
    category = models.CharField(max_length=20, choices=ReportCategory.choices, blank=True)
    hate_related = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    summary = models.TextField(blank=True)
    # Set by linkage (`feeds link`, or the task after each import); empty until then.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # Applications this report was brought into as a complaint (from the radar, or offered on
    # a request's complaints page): such a report is kept while the case is, not erased by
    # the feeds' own retention period.
    applications = models.ManyToManyField(Application, blank=True, related_name="+")
    last_import = models.ForeignKey(
        FeedImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "agency_reference"], name="report_agency_reference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(reported_on__gte=models.F("behaviour_on")),
                name="report_reported_after_behaviour",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "person"], name="report_person_idx"),
            models.Index(fields=["partnership", "reported_on"], name="report_reported_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.agency_reference}"
