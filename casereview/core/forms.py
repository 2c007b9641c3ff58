from typing import Any

from django import forms

from casereview.core.models import AuditAction


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
        if start and end and end < start:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return cleaned
