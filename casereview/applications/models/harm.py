"""The harm assessment: the victim's answers about the behaviour's persistence, its impact,
their vulnerability, who else is affected and the response so far, scored under the
partnership's harm scoring policy in effect on the day (docs/harm.md)."""

from django.conf import settings
from django.db import models

from casereview.applications.models.application import Application
from casereview.partnerships.models import HarmPolicyVersion, Partnership


class HarmLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class AssessmentMethod(models.TextChoices):
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"


class HarmAssessment(models.Model):
    """One assessment, completed with the victim. Repeated (before the meeting, after the
    action plan) to show whether harm went down; never changed once written, so the case
    keeps every level it was at and the policy each was scored under."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="harm_assessments"
    )
    answers = models.JSONField()
    level = models.CharField(max_length=10, choices=HarmLevel.choices)
    points = models.PositiveSmallIntegerField()
    explanation = models.TextField()
    policy_version = models.ForeignKey(
        HarmPolicyVersion, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField()
    method = models.CharField(max_length=10, choices=AssessmentMethod.choices)
    notes = models.TextField(blank=True)  # blanked when the case is erased
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["application", "assessed_on"], name="harm_application_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} harm on {self.assessed_on} for {self.application}"
