from collections.abc import Sequence
from typing import Any

from django import forms

from casereview.core.dates import GovukDateField
from casereview.dataprotection.subject_access.export import (
    EXEMPTIONS,
    EXEMPTIONS_NOTE_MAX,
    REASON_MAX,
)
from casereview.dataprotection.subject_access.items import Item


class SubjectAccessForm(forms.Form):
    requester = forms.CharField(
        label="Who made the request",
        max_length=200,
        error_messages={"required": "Enter who made the request"},
    )
    reply_to = forms.CharField(
        label="Where the answer goes",
        help_text="An email or postal address.",
        max_length=300,
        error_messages={"required": "Enter where the answer goes"},
    )
    received = GovukDateField(label="Date the request was received")
    name = forms.CharField(
        label="Name to search for",
        help_text="Their full name. Only records with this whole name are found.",
        required=False,
        max_length=200,
    )
    email = forms.EmailField(
        label="Email address to search for",
        help_text="Give their email address, their postcode or both: a record must hold one "
        "of them as well as the name.",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    postcode = forms.CharField(
        label="Postcode to search for",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


class SubjectAccessExportForm(forms.Form):
    """What the officer leaves out of the export: one checkbox per item found, and a reason
    for each one ticked. The service decides whether the choices will do."""

    leave = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    exemptions = forms.MultipleChoiceField(
        label="Exemptions applied (Data Protection Act 2018, s.45(4))",
        help_text="Select any ground on which you restricted the answer, for example by "
        "leaving out what would identify the victim or a witness. Leave empty if none.",
        choices=list(EXEMPTIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exemptions_note = forms.CharField(
        label="How the exemptions were applied, and to what",
        help_text="Needed when you select an exemption. The requester is told the grounds.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=EXEMPTIONS_NOTE_MAX,
    )

    def __init__(self, *args: Any, items: Sequence[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leave = self.fields["leave"]
        assert isinstance(leave, forms.MultipleChoiceField)
        leave.choices = [(item.key, item.label) for item in items]
        for item in items:
            self.fields[f"reason-{item.key}"] = forms.CharField(
                label="Why it is left out",
                help_text=f"Up to {REASON_MAX} characters. Say why without naming anyone, "
                "for example: it is about a third party who has not agreed.",
                required=False,
            )

    def left_out(self) -> dict[str, str]:
        """Each key ticked, with the reason given for it (blank when none was)."""
        chosen = self.data.getlist("leave") if hasattr(self.data, "getlist") else []
        return {key: self.data.get(f"reason-{key}", "") for key in chosen}


class LegalHoldForm(forms.Form):
    hold = forms.ChoiceField(
        label="Keep this case past its retention period?",
        choices=[("yes", "Yes, put it on legal hold"), ("no", "No, erase it when it is due")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to hold the case"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text="Needed for a hold: for example, litigation or an ongoing investigation.",
    )
