"""The people a case is about besides the victim and their advocate (who stay on the
application itself): alleged perpetrators, other members of the victim's household, and
witnesses; and the agencies a witness's or household member's contact details are shared with."""

from django.conf import settings
from django.db import models

from casereview.applications.models.application import Application
from casereview.partnerships.models import Agency, Partnership


class PersonRole(models.TextChoices):
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    HOUSEHOLD = "household", "Household member"
    WITNESS = "witness", "Witness"


class CasePerson(models.Model):
    """One person named on a case, with their role on it. Names and postcodes keep a search
    key beside them, so "also named in" finds the same person on the partnership's other
    cases with a plain index."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, blank=True, db_index=True)
    aliases = models.CharField(max_length=500, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)  # an address, or the area, when that is all known
    postcode = models.CharField(max_length=10, blank=True)
    postcode_key = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.CharField(max_length=254, blank=True)
    description = models.TextField(blank=True)
    # A child (told, or under 18 by the date of birth): recorded with care, and marked so.
    child = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "name", "pk"]
        indexes = [
            models.Index(fields=["partnership", "name_key"], name="case_person_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.application}"

    @property
    def has_contact_details(self) -> bool:
        return bool(self.address or self.postcode or self.phone or self.email)


class PersonShare(models.Model):
    """The coordinator shared this person's contact details with one agency."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "agency"], name="one_share_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.person} shared with {self.agency}"
