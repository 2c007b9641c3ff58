"""What linkage keeps: each trained model (versioned, never overwritten) and the pairs of
reports the model was unsure about, with the coordinator's decision on each."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from casereview.feeds.models.reports import Report
from casereview.partnerships.models import Partnership


class LinkageModel(models.Model):
    """A trained Splink model for one partnership. A retrain adds a version; links and
    pairs name the version that made them, so an old decision can be explained later."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    # Splink's own model JSON (comparisons, blocking rules, trained m and u parameters).
    settings = models.JSONField()
    trained_at = models.DateTimeField(default=timezone.now)
    trained_on_reports = models.PositiveIntegerField(default=0)
    # Clerical decisions used as labels when this version was trained.
    labels_used = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="linkage_model_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Linkage model v{self.version}"


class Verdict(models.TextChoices):
    PENDING = "pending", "To check"
    SAME = "same", "Same person"
    DIFFERENT = "different", "Different people"


class ReportPair(models.Model):
    """Two reports the model was unsure about (the review band in docs/linkage.md), and the
    coordinator's verdict. A verdict wins over the model in every later run."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # Stored lower id first, so a pair has one row whichever way round it was found.
    first = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    model = models.ForeignKey(
        LinkageModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Splink's prediction record for the pair (with its intermediate columns): what the
    # match-weights chart and the "agreed / disagreed" list are drawn from.
    explanation = models.JSONField(default=dict, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-match_probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="report_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="report_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["partnership", "verdict"], name="report_pair_queue_idx")]

    def __str__(self) -> str:
        return f"Reports {self.first_id} and {self.second_id}"
