from datetime import date
from typing import Any

from django import forms

from casereview.accounts.models import Role
from casereview.core import limits
from casereview.core.checkpoints import (
    MAX_CHECKPOINT_BYTES,
    Checkpoint,
    NotACheckpoint,
    checkpoint_parse,
)
from casereview.core.dates import GovukDateField, local_today
from casereview.core.emails import OneEmailField
from casereview.core.models import AuditAction
from casereview.harm import FLAGS, PERSISTENCE, RESPONSE
from casereview.harm import Policy as HarmPolicy
from casereview.harm.model import weight_keys
from casereview.partnerships.models import (
    Agency,
    AgencyKind,
    CaseSettings,
    LetterWording,
    Partnership,
)

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
        field_classes = {"contact_email": OneEmailField}
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
    email = OneEmailField(
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


def _count_field(
    label: str, help_text: str, minimum: int = 1, maximum: int = 100
) -> forms.IntegerField:
    noun = label[:1].upper() + label[1:]
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=minimum,
        max_value=maximum,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter {label[:1].lower() + label[1:]}",
            "invalid": f"{noun} must be a whole number",
            "min_value": f"{noun} must be {minimum} or more",
            "max_value": f"{noun} must be {maximum} or fewer",
        },
    )


class PolicyVersionForm(forms.Form):
    effective_from = GovukDateField(
        label="Takes effect from",
        help_text="Today or later: applications received from this date are assessed under it. "
        "For example, 1 4 2027",
    )
    min_complaints = _count_field(
        "Number of qualifying complaints",
        "The law says three, or a lower number the partnership sets.",
    )
    report_within_months = _count_field(
        "Months within which a complaint must be made",
        "After the behaviour it reports. The law says one.",
        maximum=12,
    )
    window_months = _count_field(
        "Months before the application that complaints count",
        "The law says six.",
        maximum=24,
    )
    hate_incident_rule = forms.BooleanField(
        label="A single hate incident meets the threshold", required=False
    )
    community_min_reporters = forms.IntegerField(
        label="Community applications: different people reporting (optional)",
        help_text="For example 5: a community application qualifies when this many different "
        "people reported the same problem. Leave blank to switch this rule off.",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Different people reporting must be a whole number",
            "min_value": "Different people reporting must be 1 or more",
            "max_value": "Different people reporting must be 100 or fewer",
        },
    )

    def __init__(self, *args: Any, today: date, taken: set[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.taken = taken

    def clean_effective_from(self) -> date:
        effective: date = self.cleaned_data["effective_from"]
        if effective < self.today:
            raise forms.ValidationError(
                "Takes effect from must be today or later: past decisions keep the rules they "
                "were made under"
            )
        if effective in self.taken:
            raise forms.ValidationError("A version already takes effect on that date")
        return effective


def weight_field_name(key: str) -> str:
    """The form field for a harm weight: `persistence.months` is `weight_persistence__months`."""
    return "weight_" + key.replace(".", "__")


def harm_weight_labels() -> dict[str, str]:
    labels = {f"persistence.{v}": f"Gone on: {label.lower()}" for v, label, _ in PERSISTENCE}
    labels.update({name: label for group in FLAGS.values() for name, label, _ in group})
    labels.update({f"response.{v}": f"Response: {label.lower()}" for v, label, _ in RESPONSE})
    return labels


class HarmPolicyForm(forms.Form):
    """A new version of the harm scoring policy: points per answer and the two cut-offs. The
    fields follow the questions of the assessment, in the order they are asked."""

    GROUPS = (
        ("persistence", "How long the behaviour has gone on"),
        ("impact", "Impact"),
        ("vulnerability", "Vulnerability"),
        ("others", "Who else is affected"),
        ("response", "The response so far"),
    )

    effective_from = GovukDateField(
        label="Takes effect from",
        help_text="Today or later: assessments made from this date are scored under it. "
        "For example, 1 4 2027",
    )
    medium_from = _count_field(
        "Medium harm from (points)", "An assessment scoring this many points or more.", 1, 200
    )
    high_from = _count_field("High harm from (points)", "More than medium harm from.", 2, 200)

    def __init__(self, *args: Any, initial_policy: HarmPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = harm_weight_labels()
        for key in weight_keys():
            name = weight_field_name(key)
            self.fields[name] = _count_field(
                f"Points: {labels[key][:1].lower()}{labels[key][1:]}", "", 0, 20
            )
            self.fields[name].label = labels[key]
            self.fields[name].error_messages["required"] = f"Enter the points for {labels[key]}"
            self.initial.setdefault(name, initial_policy.weights[key])
        self.initial.setdefault("medium_from", initial_policy.medium_from)
        self.initial.setdefault("high_from", initial_policy.high_from)

    def group_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        keys = weight_keys()
        grouped: list[tuple[str, list[forms.BoundField]]] = []
        for group, title in self.GROUPS:
            if group in FLAGS:
                members = [name for name, _, _ in FLAGS[group]]
            else:
                members = [k for k in keys if k.startswith(f"{group}.")]
            grouped.append((title, [self[weight_field_name(k)] for k in members]))
        return grouped

    def weights(self) -> dict[str, int]:
        return {key: self.cleaned_data[weight_field_name(key)] for key in weight_keys()}


class CaseSettingsForm(forms.ModelForm):
    class Meta:
        model = CaseSettings
        fields = [
            "acknowledgement_working_days",
            "conclusion_calendar_days",
            "contribution_working_days",
            "appeal_working_days",
            "retention_years",
            "report_retention_months",
        ]
        labels = {
            "acknowledgement_working_days": "Acknowledgement letter (working days)",
            "conclusion_calendar_days": "Conclusion letter (calendar days)",
            "contribution_working_days": "Partner contributions before the meeting (working days)",
            "appeal_working_days": "Appeal window (working days)",
            "retention_years": "Keep personal data after a case closes (years)",
            "report_retention_months": "Keep agencies' reports not in an application (months)",
        }
        widgets = {
            name: forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"})
            for name in fields
        }
        error_messages = {
            name: {
                "required": f"Enter a number of {unit}",
                "invalid": f"The number of {unit} must be a whole number",
                "min_value": f"The number of {unit} is too small",
                "max_value": f"The number of {unit} is too large",
            }
            for name, unit in zip(
                fields, ["days", "days", "days", "days", "years", "months"], strict=True
            )
        }


class LetterWordingForm(forms.ModelForm):
    class Meta:
        model = LetterWording
        fields = ["signatory", "met_next_steps", "not_met_other_help", "closing"]
        labels = {
            "signatory": "Signed by",
            "met_next_steps": "What happens next (threshold met)",
            "not_met_other_help": "Other help (threshold not met)",
            "closing": "Closing paragraph",
        }
        error_messages = {
            "signatory": {"required": "Enter who signs the letters"},
            "met_next_steps": {"required": "Enter what happens next"},
            "not_met_other_help": {"required": "Enter what other help there is"},
            "closing": {"required": "Enter the closing paragraph"},
        }


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="User's email address", required=False, max_length=254)
    object_type = forms.CharField(
        label="Type of record",
        required=False,
        max_length=50,
        help_text="For example, user, agency or membership.",
    )
    object_id = forms.CharField(label="Record number", required=False, max_length=100)
    application = forms.CharField(
        label="Application reference",
        required=False,
        max_length=20,
        help_text="For example, NUL-2026-0007.",
    )
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = forms.DateField(
        label="From (YYYY-MM-DD)",
        required=False,
        error_messages={"invalid": "From date must be a real date, like 2026-11-02"},
    )
    date_to = forms.DateField(
        label="To (YYYY-MM-DD)",
        required=False,
        error_messages={"invalid": "To date must be a real date, like 2026-11-30"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        today = local_today()
        for name, noun in (("date_from", "From date"), ("date_to", "To date")):
            value = cleaned.get(name)
            if value is None:
                continue
            if value > today:
                self.add_error(name, f"{noun} must be today or in the past")
            elif value < limits.EARLIEST_EVENT:
                self.add_error(
                    name, f"{noun} must be on or after {limits.long_date(limits.EARLIEST_EVENT)}"
                )
        if start and end and end < start:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned


class PartnershipDetailsForm(forms.ModelForm):
    """The partnership's name and published contact details: every letter's letterhead, the
    applicant's status page and the emails show them."""

    class Meta:
        model = Partnership
        fields = [
            "name",
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_email",
            "dpo_email",
        ]
        field_classes = {"contact_email": OneEmailField, "dpo_email": OneEmailField}
        widgets = {"contact_address": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "name": "Partnership name",
            "contact_name": "Point of contact",
            "contact_address": "Postal address",
            "contact_phone": "Phone number (optional)",
            "contact_email": "Email address",
            "dpo_email": "Data protection officer's email address (optional)",
        }
        help_texts = {
            "name": "As letters, emails and the applicant's pages name it, for example "
            "Newcastle-under-Lyme Community Safety Partnership.",
            "contact_name": "The person or team applicants contact, for example "
            "ASB Case Review Coordinator.",
            "contact_address": "Printed at the top of every letter. Letters sent before you "
            "change it keep the old address.",
            "dpo_email": "Each day the service emails a signed checkpoint of its audit log "
            "here, so that a copy of what the log said is kept outside it. Applicants never "
            "see this address.",
        }
        error_messages = {
            "name": {"required": "Enter the partnership's name"},
            "contact_name": {"required": "Enter who applicants contact"},
            "contact_email": {"required": "Enter the email address applicants write to"},
        }

    def clean_contact_address(self) -> str:
        address = self.cleaned_data["contact_address"].strip()
        if not address:
            raise forms.ValidationError("Enter the postal address letters give")
        return address


class CheckpointUploadForm(forms.Form):
    """A checkpoint of the audit log, as the daily email attaches it, to check against
    today's log."""

    checkpoint = forms.FileField(
        label="Upload a checkpoint",
        help_text="The .json file emailed to the data protection officer each day, or one "
        "written by casereview audit_checkpoint.",
        error_messages={
            "required": "Select a checkpoint file",
            "empty": "The selected file is empty",
            "invalid": "Select a checkpoint file",
        },
    )

    def clean_checkpoint(self) -> Checkpoint:
        upload = self.cleaned_data["checkpoint"]
        if upload.size > MAX_CHECKPOINT_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_CHECKPOINT_BYTES // 1024} KB: "
                "a checkpoint is less than 1 KB"
            )
        try:
            return checkpoint_parse(upload.read(MAX_CHECKPOINT_BYTES + 1))
        except NotACheckpoint as exc:
            raise forms.ValidationError(
                f"The selected file is not an audit log checkpoint: {exc}"
            ) from None
