"""How a review ends: the conclusion, or the application withdrawn."""

from django.conf import settings
from django.db import models

from casereview.applications.models import Application
from casereview.reviews.models.minutes import Minutes


class Conclusion(models.Model):
    """The Chair's conclusion: the outcome the conclusion letter tells the applicant. A
    reconvened review's new conclusion replaces it as `application.conclusion`; this one is
    kept, through `superseded_from`."""

    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="conclusion"
    )
    superseded_from = models.ForeignKey(
        Application,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_conclusions",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField()
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="+")
    late = models.BooleanField(help_text="Issued after the conclusion deadline.")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=True)
                ^ models.Q(superseded_from__isnull=True),
                name="conclusion_current_or_superseded",
            )
        ]

    def __str__(self) -> str:
        return f"Conclusion of {self.application}"


class Withdrawal(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="withdrawal"
    )
    reason = models.TextField()
    previous_status = models.CharField(max_length=20)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Withdrawal of {self.application}"
