"""The two ways a service refuses, shared by every stage: bad input (each error names its
field, shown in the page's error summary or as RFC 9457 problem details) and a state that
does not allow the act now. Either way nothing was written."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class InvalidInput(ValueError):
    """The request breaks a rule; nothing was saved. Each error names its field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class NotAllowedNow(Exception):
    """The application's state does not allow this; nothing was changed."""
