"""Dates as the product shows and asks for them: today in local time, and the GOV.UK date
input (day, month, year boxes) as a Django form field."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone


def local_today() -> date:
    """Today where the partnerships are (Europe/London), not in UTC."""
    return timezone.localdate()


class GovukDateWidget(forms.MultiWidget):
    is_govuk_date = True  # the form macros render it with govukDateInput

    def __init__(self) -> None:
        super().__init__(
            widgets={
                "day": forms.TextInput(),
                "month": forms.TextInput(),
                "year": forms.TextInput(),
            }
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                d = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [d.day, d.month, d.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        self.noun = label[:1].upper() + label[1:]
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(
            fields=parts, require_all_fields=False, required=required, label=label, **kwargs
        )
        self.error_messages["required"] = self.error_messages.get("required_date") or (
            f"Enter {label[:1].lower() + label[1:]}"
        )

    def clean(self, value: Any) -> date | None:
        values = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(values):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [name for name, v in zip(("day", "month", "year"), values, strict=True) if not v]
        if missing:
            raise forms.ValidationError(
                f"{self.noun} must include a {' and '.join(missing)}", code="incomplete"
            )
        day, month, year = values
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{self.noun} must be a real date", code="invalid"
            ) from None

    def compress(self, data_list: list[Any]) -> date | None:  # clean() does the work
        return None
