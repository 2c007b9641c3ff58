from django.apps import AppConfig


class DecisionConfig(AppConfig):
    """The Chair's decision on the threshold, and the acknowledgement letter that tells it."""

    name = "casereview.decision"
    label = "decision"
    verbose_name = "Threshold decision"
