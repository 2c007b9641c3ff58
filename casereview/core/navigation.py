"""The service navigation: only what the current role may do is offered."""

from dataclasses import dataclass
from typing import Any

import rules
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str
    rule: str | None  # a django-rules rule tested against the membership; None: everyone


NAV_ITEMS = [
    NavItem("Home", "casework:home", None),
    NavItem("Applications", "casework:list", "applications.list"),
    NavItem("Letters to post", "letters:to_post", "letters.dispatch"),
    NavItem("Action plans", "reviews:actions", "reviews.actions"),
    NavItem("Appeals", "appeals:list", "appeals.decide"),
    NavItem("Figures", "publication:figures", "publication.see_figures"),
    NavItem("Users", "manage:users", "manage.partnership"),
    NavItem("Agencies", "manage:agencies", "manage.partnership"),
    NavItem("Threshold policy", "manage:threshold_policy", "manage.partnership"),
    NavItem("Harm scoring", "manage:harm_policy", "manage.partnership"),
    NavItem("Deadlines", "manage:deadlines", "manage.partnership"),
    NavItem("Letter wording", "manage:letter_wording", "manage.partnership"),
    NavItem("Contact details", "manage:contact_details", "manage.partnership"),
    NavItem("Audit log", "manage:audit_log", "manage.audit_log"),
    NavItem("Subject access", "dataprotection:sar_list", "dataprotection.subject_access"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"navigation": []}
    path = request.path
    items = []
    for item in NAV_ITEMS:
        if item.rule is not None and not rules.test_rule(item.rule, membership):
            continue
        href = reverse(item.url_name)
        current = path == href if href == "/" else path.startswith(href)
        items.append({"text": item.text, "href": href, "active": current})
    return {"navigation": items}
