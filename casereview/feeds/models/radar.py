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
