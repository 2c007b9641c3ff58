"""The README describes the demo's applications as `casereview demo` loads them."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from casereview.applications.models import Application

README = Path(__file__).resolve().parents[2] / "README.md"
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


@pytest.mark.django_db
def test_the_readme_counts_the_demo_applications() -> None:
    call_command("demo")
    text = " ".join(README.read_text().split())
    said = re.search(r"The demo also holds (\w+) Newcastle applications", text)
    assert said, "the README no longer describes the demo's applications"
    newcastle = Application.objects.filter(partnership__slug="newcastle-under-lyme")
    assert WORDS[said.group(1)] == newcastle.count()
    assert set(newcastle.values_list("status", flat=True)) == {"received", "in_review", "appealed"}
    assert "Stafford has no applications" in text
    assert not Application.objects.exclude(partnership__slug="newcastle-under-lyme").exists()
