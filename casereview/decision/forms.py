from django import forms

from casereview.core import limits
from casereview.core.dates import GovukDateField


class DecisionForm(forms.Form):
    threshold_met = forms.ChoiceField(
        label="Is the threshold for a case review met?",
        choices=[("yes", "Yes, hold a case review"), ("no", "No, the threshold is not met")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the threshold is met"},
    )
    rationale = forms.CharField(
        label="Your reasons",
        required=False,
        widget=forms.Textarea,
        max_length=limits.RATIONALE,
        help_text="Required when your decision differs from the recommendation. Consider the "
        "persistence of the behaviour, the harm or potential harm, and how well agencies have "
        "responded so far. This goes in the letter to the applicant.",
    )
    review_date = GovukDateField(
        label="Review completion date",
        required=False,
        help_text="Required when the threshold is met: on or before the conclusion deadline.",
    )

    reason_persistence = forms.CharField(
        label="The persistence of the behaviour",
        required=False,
        widget=forms.Textarea,
        max_length=limits.RATIONALE,
    )
    reason_harm = forms.CharField(
        label="The harm or potential harm",
        required=False,
        widget=forms.Textarea,
        max_length=limits.RATIONALE,
    )
    reason_response = forms.CharField(
        label="The adequacy of the response so far",
        required=False,
        widget=forms.Textarea,
        max_length=limits.RATIONALE,
    )
