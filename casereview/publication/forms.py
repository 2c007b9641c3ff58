from datetime import date
from typing import Any

from django import forms

from casereview.core.dates import GovukDateField


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
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", "To must be the same as or after From")
        return data
