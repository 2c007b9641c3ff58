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
    NavItem("Radar", "feeds:radar", "feeds.radar"),
    NavItem("Pairs to check", "feeds:pairs", "feeds.check_pairs"),
    NavItem("Action plans", "reviews:actions", "reviews.actions"),
    NavItem("Appeals", "appeals:list", "appeals.decide"),
    NavItem("Agency reports", "feeds:send", "feeds.send"),
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
    offered = [
        (item.text, reverse(item.url_name))
        for item in NAV_ITEMS
        if item.rule is None or rules.test_rule(item.rule, membership)
    ]
    # The page belongs to the item whose address is the longest start of its path, so the
    # radar's pairs (/radar/pairs) mark "Pairs to check", not "Radar" as well.
    starts = [
        href for _, href in offered if (path == href if href == "/" else path.startswith(href))
    ]
    current = max(starts, key=len, default=None)
    items = [{"text": text, "href": href, "active": href == current} for text, href in offered]
    return {"navigation": items}
