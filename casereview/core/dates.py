"""Dates as the product shows and asks for them: today in local time, and the GOV.UK date
input (day, month, year boxes) as a Django form field."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from casereview.core.limits import EARLIEST_EVENT, ahead_date_error, past_date_error


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
    """`past`: the date something happened, from the commencement of the case review to
    today. `earliest` and `latest`: bounds of a date set ahead, asked when the form is
    checked (they may depend on today). See casereview.core.limits."""

    widget = GovukDateWidget

    def __init__(
        self,
        *,
        label: str,
        required: bool = True,
        past: bool = False,
        earliest: Callable[[], date] | None = None,
        latest: Callable[[], date] | None = None,
        **kwargs: Any,
    ) -> None:
        self.noun = label[:1].upper() + label[1:]
        self.past, self.earliest, self.latest = past, earliest, latest
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
            found = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{self.noun} must be a real date", code="invalid"
            ) from None
        self._check_bounds(found)
        return found

    def _check_bounds(self, found: date) -> None:
        error = None
        if self.past:
            error = past_date_error("", found, local_today(), self.noun)
        elif self.earliest is not None or self.latest is not None:
            earliest = self.earliest() if self.earliest else EARLIEST_EVENT
            latest = self.latest() if self.latest else date.max
            error = ahead_date_error("", found, earliest, latest, self.noun)
        if error is not None:
            raise forms.ValidationError(error.message, code="out_of_range")

    def compress(self, data_list: list[Any]) -> date | None:  # clean() does the work
        return None
