"""Subject access requests: a person asks for everything held about them (one month to answer)."""

from django.conf import settings
from django.db import models

from casereview.partnerships.models import Partnership


class SubjectAccessRequest(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(max_length=200, help_text="Who asked, as they gave their name.")
    reply_to = models.CharField(max_length=300, help_text="Where the export is sent.")
    received = models.DateField()
    due = models.DateField(help_text="One month after the request was received.")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    # The exemptions the officer applied at the last export: {"grounds": [DPA 2018 s.45(4)
    # codes], "note": how they were applied}; None before an export.
    exemptions = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["exported_at", "due"]

    def __str__(self) -> str:
        return f"Subject access request from {self.requester}"
