from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "casereview.applicants"
    label = "applicants"
    verbose_name = "Applicants"
