from typing import Any

from django import forms

from casereview.appeals.models import Ground
from casereview.core import limits
from casereview.core.dates import GovukDateField, local_today
from casereview.partnerships.models import AppealsBody


class FindForm(forms.Form):
    """The appeal's details that identify the application: the reference and what only the
    appellant would give with it. Sent by POST, so the victim's details stay out of URLs."""

    reference = forms.CharField(
        label="Application reference",
        help_text="As on the letter being appealed against, for example NUL-2026-0007.",
        max_length=20,
        error_messages={"required": "Enter the application reference"},
    )
    victim_surname = forms.CharField(
        label="Victim's surname",
        help_text="As the appellant gives it.",
        max_length=200,
        error_messages={"required": "Enter the victim's surname"},
    )
    victim_postcode = forms.CharField(
        label="Victim's postcode",
        max_length=10,
        error_messages={"required": "Enter the victim's postcode"},
    )

    NOT_FOUND = (
        "No application matches this reference, surname and postcode. "
        "Check them against the appeal you received."
    )


class AppealForm(forms.Form):
    received = GovukDateField(label="Date the appeal was received", past=True)
    grounds = forms.MultipleChoiceField(
        label="Grounds of appeal",
        choices=Ground.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose at least one ground of appeal"},
    )
    details = forms.CharField(
        label="Details of the appeal",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Enter the details of the appeal"},
    )
    late_reason = forms.CharField(
        label="If the appeal is late, why it is accepted",
        required=False,
        widget=forms.Textarea,
        max_length=5000,
    )


class OutcomeForm(forms.Form):
    upheld = forms.ChoiceField(
        label="What is the outcome?",
        choices=[
            ("yes", "Upheld: refer it back to the partnership, which reopens the case"),
            ("no", "Not upheld: the application was handled properly"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    findings = forms.CharField(
        label="Your findings",
        help_text="In plain English: they go in the letter to the applicant.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter your findings"},
    )
    recommendations = forms.CharField(
        label="Recommendations to the partnership",
        help_text="One per line. If you uphold the appeal, the partnership's coordinator makes "
        "each one an action for the agencies that will carry it out, with a due date.",
        required=False,
        widget=forms.Textarea,
        max_length=10000,
    )


class OfficeForm(forms.ModelForm):
    """The office's name and contact details as its letters and emails give them, and the
    working days it allows itself to decide an appeal."""

    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text="Optional. For example https://staffordshire-pfcc.gov.uk",
        error_messages={
            "invalid": "Enter the website address in full, like https://example.gov.uk"
        },
    )

    class Meta:
        model = AppealsBody
        fields = ["name", "address", "phone", "email", "website", "decision_working_days"]
        labels = {
            "name": "Office name",
            "address": "Postal address",
            "phone": "Phone number",
            "email": "Email address",
            "website": "Website",
            "decision_working_days": "Time allowed to decide an appeal (working days)",
        }
        help_texts = {
            "name": "As it heads your letters, for example Staffordshire Commissioner's Office.",
            "address": "Where applicants write to you.",
            "email": "Where applicants write to you, and where this service tells you of new "
            "appeals.",
            "website": "Optional. For example https://staffordshire-pfcc.gov.uk",
            "decision_working_days": "From the day an appeal is received. Bank holidays in "
            "England and Wales are not working days.",
        }
        error_messages = {
            "name": {"required": "Enter the office's name"},
            "email": {
                "required": "Enter the office's email address",
                "invalid": "Enter an email address in the correct format, like "
                "appeals@example.gov.uk",
            },
            "website": {
                "invalid": "Enter the website address in full, like https://example.gov.uk"
            },
            "decision_working_days": {
                "required": "Enter the working days allowed to decide an appeal",
                "invalid": "Enter the working days as a whole number, like 20",
                "min_value": "The time allowed must be at least 1 working day",
                "max_value": "The time allowed must be 120 working days or fewer",
            },
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
            "decision_working_days": forms.TextInput(
                attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Empty in the database means the default; on this form the office says a number.
        self.fields["decision_working_days"].required = True


class RecommendationActionsForm(forms.Form):
    """For each of the office's recommendations, the agencies that act on it and by when:
    `agencies_<n>` and `due_<n>`, counted from 0 in the order the office gave them."""

    def __init__(
        self, *args: Any, recommendations: list[str], agencies: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations
        for i, _text in enumerate(recommendations):
            n = i + 1
            self.fields[f"agencies_{i}"] = forms.MultipleChoiceField(
                label=f"Agencies that will act on recommendation {n}",
                help_text=(
                    "Choose all that apply. They share one action and each records its own "
                    "progress; the first you choose in this list leads it."
                ),
                choices=agencies,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": f"Choose the agencies that will act on recommendation {n}"
                },
            )
            self.fields[f"due_{i}"] = GovukDateField(
                label=f"Due date for recommendation {n}",
                earliest=local_today,
                latest=lambda: local_today() + limits.ACTION_DUE_MAX_AHEAD,
                error_messages={"required_date": f"Enter the due date for recommendation {n}"},
            )

    def pairs(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """Each recommendation with its two fields, for the page."""
        return [
            (text, self[f"agencies_{i}"], self[f"due_{i}"])
            for i, text in enumerate(self.recommendations)
        ]
