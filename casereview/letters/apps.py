from django.apps import AppConfig


class LettersConfig(AppConfig):
    """The letter register, whatever stage a letter comes from: render, keep, deliver."""

    name = "casereview.letters"
    label = "letters"
    verbose_name = "Letters"
