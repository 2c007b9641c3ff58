"""Appeals to the Commissioner's office against a threshold-not-met or a conclusion letter."""

from django.conf import settings
from django.db import models

from casereview.applications.models import Application, Letter
from casereview.partnerships.models import Partnership


class Ground(models.TextChoices):
    THRESHOLD_WRONGLY_REFUSED = "threshold_wrongly_refused", "The threshold was wrongly refused"
    POLICY_NOT_CONSIDERED = "policy_not_considered", "The published procedure was not followed"
    FACTS_NOT_CONSIDERED = "facts_not_considered", "Relevant facts were not considered"


class Appeal(models.Model):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="appeal")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    against = models.ForeignKey(
        Letter, on_delete=models.PROTECT, related_name="+", help_text="The letter appealed against."
    )
    received = models.DateField()
    grounds = models.JSONField()
    details = models.TextField()
    due_by = models.DateField(help_text="The end of the appeal window.")
    late_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    upheld = models.BooleanField(null=True)
    findings = models.TextField(blank=True)
    recommendations = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # An upheld appeal's recommendations become the partnership's actions once, when the
    # coordinator assigns them to agencies (`appeal_recommendations_to_actions`).
    actions_created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(received__lte=models.F("due_by")) | ~models.Q(late_reason=""),
                name="appeal_late_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Appeal on {self.application}"

    @property
    def late(self) -> bool:
        return self.received > self.due_by

    @property
    def decided(self) -> bool:
        return self.upheld is not None

    def grounds_display(self) -> list[str]:
        labels = dict(Ground.choices)
        return [labels.get(g, g) for g in self.grounds]
