"""The API's docs page loads Swagger UI from this site, which the Content-Security-Policy
allows, not from a CDN, which it blocks (and which would learn who reads the docs)."""

import re

from django.contrib.staticfiles import finders
from django.test import Client
from helpers import csp_directives


def test_the_docs_page_loads_no_third_party_script_or_style() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    for source in sources:
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")), source
    assert "cdn" not in page.lower()
    # The policy stays strict: same origin (and nonces) only.
    assert csp_directives(response)["script-src"].split()[1] == "'self'"
    assert "http" not in csp_directives(response)["script-src"]


def test_the_openapi_document_is_still_served() -> None:
    assert Client().get("/api/v1/openapi.json").status_code == 200
