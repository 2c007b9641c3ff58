"""One email address, and only one: the rule for every address the product will send to.

Django's `EmailValidator` checks the syntax, but allows a quoted local part, in which a
comma or a second `@` may hide; and a field that is never validated (the API's JSON, a
command-line option) lets `victim@example.org, attacker@evil.example` through to the mail
server, which then refuses the whole message or, worse, sends it to both. So an address
must pass Django's validator and hold no separator, quote, bracket or space at all.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

ONE_EMAIL_MESSAGE = "Enter one email address in the correct format, like name@example.org"
# Characters that separate, quote or comment addresses in a header (RFC 5322 3.4), and
# whitespace: none belongs in the one plain address a letter or notice goes to.
_SEPARATORS = frozenset(',;:<>"()[]\\') | frozenset(" \t\r\n\f\v")
_SYNTAX = EmailValidator(message=ONE_EMAIL_MESSAGE)


def is_one_email(value: str) -> bool:
    if not value or any(c in _SEPARATORS or not c.isprintable() for c in value):
        return False
    if value.count("@") != 1:
        return False
    try:
        _SYNTAX(value)
    except ValidationError:
        return False
    return True


def validate_one_email(value: str) -> None:
    """A Django validator (forms, model forms): raises with code "invalid"."""
    if not is_one_email(value):
        raise ValidationError(ONE_EMAIL_MESSAGE, code="invalid")


class OneEmailField(forms.EmailField):
    """`forms.EmailField` that accepts exactly one plain address."""

    default_validators = [validate_one_email]
