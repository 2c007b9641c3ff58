"""What applicants use without an account: a status link per application, and the record
of online submissions that the per-source rate limit counts (with a lock row per source)."""

from django.db import models

from casereview.applications.models import Application


class StatusLink(models.Model):
    """A long random link to follow a case. It is a bearer credential: anyone holding it
    sees the case's timeline, so staff can revoke it and it expires after the case closes.

    The token is kept as issued (not hashed) because every "your case has been updated"
    email carries it again; the access code likewise, because every letter prints it.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_links"
    )
    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True, help_text="Where the link and the updates are sent.")
    # Nullable so the previous release can still insert links while this one rolls out.
    access_code = models.CharField(  # noqa: DJ001
        max_length=8,
        null=True,
        blank=True,
        help_text="With the case reference, opens the status page: for applicants who phone "
        "or write, read out by staff or printed on letters. Revoked with the link.",
    )
    mobile = models.CharField(  # noqa: DJ001
        max_length=20,
        null=True,
        blank=True,
        help_text="A mobile number (international form) the link and updates are texted to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Status link for {self.application}"


class OnlineSubmission(models.Model):
    """One online application, by a hash of the sender's address: what the rate limit counts."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Online submission at {self.at}"


class SubmissionSource(models.Model):
    """One row per sending source (an IPv4 address or an IPv6 /64, hashed), locked while a
    submission from it is counted and recorded: requests sent at once queue here, so no more
    than the limit get past the count."""

    address_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Submission source {self.address_hash[:8]}"


class ApplicantDocument(models.Model):
    """A file the applicant added from their status page (diary sheets, photos, letters),
    kept outside the static files and served only to the case's staff."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="applicant_documents"
    )
    link = models.ForeignKey(StatusLink, on_delete=models.SET_NULL, null=True, related_name="+")
    file = models.FileField(upload_to="applicant-documents/%Y/%m/")
    name = models.CharField(max_length=255, help_text="The name it was uploaded with.")
    description = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
