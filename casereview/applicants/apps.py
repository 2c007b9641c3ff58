from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "casereview.applicants"
    label = "applicants"
    verbose_name = "Applicants"

    def ready(self) -> None:
        # Applicants who follow their case online hear when it moves on.
        from casereview.applicants.links import case_updated, letter_follow_context
        from casereview.core.events import case_changed_subscribe
        from casereview.letters.render import letter_extras_register

        case_changed_subscribe(case_updated)
        # Every letter carries the access code and a QR code of the status link.
        letter_extras_register(letter_follow_context)

        # The files applicants added go with the rest of an erased case's personal data.
        from casereview.applicants.documents import erased_documents_purge
        from casereview.core.housekeeping import purge_register

        purge_register(erased_documents_purge)
