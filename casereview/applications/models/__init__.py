"""The applications app's models, one module per concept: `application` (the application,
its complaints, the reference counter and the Chair's decision), `letters` (the letter
register), `contacts` (the contact log), `people` (the people named on a case) and `harm`
(the harm assessments). Django finds an app's models in its `models` module, so they are all
imported here, and callers import them from here."""

from casereview.applications.models.application import (
    ApplicantType,
    Application,
    Channel,
    Complaint,
    ContactPreference,
    ReferenceCounter,
    SharingBasis,
    SharingDecision,
    Status,
    ThresholdDecision,
    postcode_key,
    search_key,
)
from casereview.applications.models.contacts import ContactDirection, ContactEntry, ContactMethod
from casereview.applications.models.harm import AssessmentMethod, HarmAssessment, HarmLevel
from casereview.applications.models.letters import Delivery, Letter, LetterKind
from casereview.applications.models.people import CasePerson, PersonRole, PersonShare

__all__ = [
    "ApplicantType",
    "Application",
    "AssessmentMethod",
    "CasePerson",
    "Channel",
    "Complaint",
    "ContactDirection",
    "ContactEntry",
    "ContactMethod",
    "ContactPreference",
    "Delivery",
    "HarmAssessment",
    "HarmLevel",
    "Letter",
    "LetterKind",
    "PersonRole",
    "PersonShare",
    "ReferenceCounter",
    "SharingBasis",
    "SharingDecision",
    "Status",
    "ThresholdDecision",
    "postcode_key",
    "search_key",
]
