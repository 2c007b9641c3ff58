"""The Jinja2 environment for every page: our templates beside govuk-frontend-jinja's."""

from datetime import date, datetime
from typing import Any

import rules
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    pass_context,
)
from jinja2.runtime import Context

from casereview.core.wording import counted


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def can(context: Context, rule: str, obj: Any = None) -> bool:
    """`can("reviews.conclude", application)` in a template: the page asks the named rule
    (the same one its view and service obey) about the acting membership, never a role or
    status string of its own."""
    request = context.get("request")
    return rules.test_rule(rule, getattr(request, "membership", None), obj)


def format_date(value: date | datetime | None) -> str:
    """GOV.UK style: 5 January 2026 (no leading zero, no ordinal)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    """GOV.UK style: 5 January 2026 at 2:05pm."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{format_date(local)} at {hour}:{local:%M}{suffix}"


def _escape_unless_text(template_name: str | None) -> bool:
    return template_name is None or not template_name.endswith(".txt")


def environment(**options: Any) -> Environment:
    own_loader = options.pop("loader", None)
    options.pop("undefined", None)
    # HTML is escaped; plain-text emails are not, or "O'Brien" would arrive as "O&#39;Brien".
    options["autoescape"] = _escape_unless_text
    loaders = [PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    if own_loader is not None:
        loaders.insert(0, own_loader)
    # ChainableUndefined: the GOV.UK base template reads optional params that we do not set.
    # autoescape arrives in **options (on for everything but .txt), which the linters cannot see.
    env = Environment(  # noqa: S701  # nosec B701
        loader=ChoiceLoader(loaders),
        undefined=ChainableUndefined,
        **options,
    )
    env.globals.update(
        url=url,
        can=can,
        static=static,
        get_messages=get_messages,
        service_name=settings.SERVICE_NAME,
    )
    env.filters.update(govuk_date=format_date, govuk_datetime=format_datetime, counted=counted)
    return env
