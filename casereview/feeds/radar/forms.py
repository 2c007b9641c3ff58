"""The radar's forms: the filters (GET) and recording that a person was told."""

from django import forms

from casereview.core.dates import GovukDateField
from casereview.feeds.models import RadarStage, ToldBy


class RadarFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "All stages"), *RadarStage.choices]
    )
    agency = forms.ChoiceField(label="Reported to", required=False, choices=[("", "Any agency")])
    not_contacted = forms.BooleanField(
        label="Only people not yet told at this stage", required=False
    )

    def __init__(self, *args: object, agencies: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].choices = [("", "Any agency"), *agencies]  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    method = forms.ChoiceField(
        label="How were they told?",
        choices=ToldBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the person was told"},
    )
    contacted_on = GovukDateField(
        label="When were they told?",
        past=True,
        error_messages={"required_date": "Enter the date they were told"},
    )
    send_letter = forms.BooleanField(
        label="Send the explanation letter (posted, or emailed when told by email)",
        required=False,
    )
    large_print = forms.BooleanField(label="Large print", required=False)


class BringInForm(forms.Form):
    reports = forms.MultipleChoiceField(
        label="Reports to add as complaints",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one report to add"},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reports"].choices = choices  # type: ignore[attr-defined]
