"""A case the Chair has decided meets the threshold: where every review begins."""

from datetime import timedelta

import pytest

from casereview.decision.services import threshold_decide


@pytest.fixture
def in_review(recorded, membership):
    application = recorded()
    threshold_decide(
        membership=membership("chair@nul.example"),
        application=application,
        met=True,
        rationale="Harm.",
        review_date=application.received + timedelta(days=20),
    )
    return application
