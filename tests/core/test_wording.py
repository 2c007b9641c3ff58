"""Counts agree with their nouns wherever people read them: "1 letter to post", "1 action",
"2 agencies" (never "1 letters", "1 actions")."""

import re

import pytest
from builders import case_at

from casereview.applications.intake import VictimInput
from casereview.core.wording import counted


def test_a_count_agrees_with_its_noun() -> None:
    assert counted(0, "letter") == "0 letters"
    assert counted(1, "letter") == "1 letter"
    assert counted(2, "agency", "agencies") == "2 agencies"
    assert counted(1, "person", "people") == "1 person"
    assert counted(12345, "entry", "entries") == "12,345 entries"


@pytest.mark.django_db
def test_one_letter_to_post_and_one_action_are_singular(demo, client_for) -> None:
    by_post = VictimInput(
        name="Pat Post", postcode="ST5 1AB", contact_preference="post", address="3 Lane"
    )
    case_at("decided", met=False, victim=by_post, advocate=None)
    to_post = client_for("pso@nul.example").get("/letters/to-post").content.decode()
    assert re.search(r">\s*1 letter to post\s*<", to_post), to_post
    case_at("minuted", asked=("police",))
    actions = client_for("police@nul.example").get("/actions").content.decode()
    assert re.search(r">\s*1 action\s*<", actions), actions
    case = client_for("pso@nul.example").get("/applications").content.decode()
    assert "1 complaints" not in case


@pytest.mark.django_db
def test_the_case_page_counts_its_complaints_in_words(demo, client_for) -> None:
    application = case_at("received")
    page = client_for("pso@nul.example").get(f"/applications/{application.reference}")
    count = application.complaints.count()
    assert f">{counted(count, 'complaint')}<" in page.content.decode()
