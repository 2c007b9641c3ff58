from typing import Any

from django import forms

from casereview.accounts.models import Role
from casereview.partnerships.models import Agency, AgencyKind

PARTNERSHIP_ROLES = [(r.value, r.label) for r in Role if r != Role.APPEALS]


class AgencyForm(forms.ModelForm):
    relevant_body = forms.TypedChoiceField(
        label="Is it a relevant body?",
        help_text="Complaints to relevant bodies count towards the case review threshold: the "
        "council, the police, the integrated care board and co-opted housing providers.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select yes if the agency is a relevant body"},
    )

    class Meta:
        model = Agency
        fields = ["name", "slug", "kind", "relevant_body", "contact_email", "active"]
        labels = {
            "name": "Agency name",
            "slug": "Short name",
            "kind": "Kind of agency",
            "contact_email": "Email address for requests",
            "active": "Active (can be asked to contribute)",
        }
        error_messages = {
            "name": {"required": "Enter the agency name"},
            "slug": {
                "required": "Enter a short name, like police",
                "invalid": "Short name must use only lower-case letters, numbers and hyphens",
            },
            "kind": {"required": "Select the kind of agency"},
            "contact_email": {
                "required": "Enter the email address for requests",
                "invalid": "Enter an email address in the correct format, like team@example.org",
            },
        }

    def __init__(self, *args: Any, partnership_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership_id = partnership_id
        self.fields["kind"].choices = AgencyKind.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["relevant_body"] = "yes" if self.instance.relevant_body else "no"
            del self.fields["slug"]  # the API and imports name agencies by it: fixed once made

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug == "other":
            raise forms.ValidationError("Short name ‘other’ is kept for organisations not listed")
        exists = Agency.objects.filter(partnership_id=self.partnership_id, slug=slug)
        if exists.exists():
            raise forms.ValidationError("Another agency already has this short name")
        return slug


class MembershipForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=PARTNERSHIP_ROLES,
        error_messages={"required": "Select a role"},
    )
    agency = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Needed for partner agency officers: they see only cases their agency is "
        "asked about.",
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "No agency")] + [(a.pk, a.name) for a in agencies]
        self.fields["agency"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.PARTNER and not cleaned.get("agency"):
            self.add_error("agency", "Select the agency of a partner agency officer")
        return cleaned


class NewUserForm(MembershipForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    field_order = ["full_name", "email", "role", "agency"]
