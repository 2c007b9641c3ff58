"""What the coordinator does from the radar: telling a person about the case review."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from casereview.feeds.models.reports import Person
from casereview.partnerships.models import Partnership


class RadarStage(models.TextChoices):
    SECOND_REPORT = "second_report", "Second report: explain the case review"
    THRESHOLD_MET = "threshold_met", "Threshold met: offer a case review"


class ToldBy(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"


class RadarContact(models.Model):
    """The person was told about the case review: how, when, by whom, and at which stage,
    so the radar can list them again if they reach the threshold after being told."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    method = models.CharField(max_length=10, choices=ToldBy.choices)
    contacted_on = models.DateField()
    stage = models.CharField(max_length=20, choices=RadarStage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} told on {self.contacted_on}"


class RadarEntry(models.Model):
    """The radar list's projection: one row per person the threshold engine puts at a second
    qualifying report or at the threshold today, with what the list filters and sorts on.

    Derived, never edited: `feeds.radar.projection.refresh_radar` rewrites a partnership's rows
    (or some people's) from their reports, and `RadarState` says for which day and rules they
    were counted. It holds no names or contact details: the list reads those from the reports
    of the people on the page it shows."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=RadarStage.choices)
    # 2 at the threshold, 1 at a second report: the list is threshold first.
    stage_rank = models.PositiveSmallIntegerField()
    qualifying = models.PositiveIntegerField()
    latest_reported_on = models.DateField()
    # The agencies of the qualifying reports as ",3,7," (agency ids), for the agency filter.
    agencies = models.CharField(max_length=1000)
    # The qualifying reports' ids: the page shows which reports count without the engine.
    qualifying_ids = models.JSONField(default=list)

    class Meta:
        indexes = [
            models.Index(
                fields=["partnership", "-stage_rank", "-latest_reported_on", "person"],
                name="radar_entry_list_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.stage}"


class RadarState(models.Model):
    """For which day and which rules (policy and agencies) a partnership's radar entries were
    counted: the list recounts what the day or the rules changed before it reads them."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    rules = models.CharField(max_length=64)
    # The day of the last full recount (the scheduled job makes one a day).
    rebuilt_on = models.DateField()
    refreshed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Radar of partnership {self.partnership_id} as of {self.as_of}"
