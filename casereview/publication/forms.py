from datetime import date
from typing import Any

from django import forms

from casereview.core.dates import GovukDateField, local_today
from casereview.publication.figures import period_errors


class PeriodForm(forms.Form):
    start = GovukDateField(
        label="From", help_text="Applications received on or after. For example, 1 4 2026"
    )
    end = GovukDateField(
        label="To", help_text="Applications received on or before. For example, 31 3 2027"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            for error in period_errors(
                start, end, local_today(), from_field="start", to_field="end"
            ):
                self.add_error(error.field, error.message)
        return data
