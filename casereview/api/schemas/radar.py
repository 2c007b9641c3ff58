"""The radar as the API answers it (FEEDS.md §3)."""

from datetime import date
from typing import Literal

from ninja import Schema

Stage = Literal["second_report", "threshold_met"]


class RadarReportOut(Schema):
    agency: str
    agency_reference: str
    reported_on: date
    behaviour_on: date
    qualifies: bool


class RadarPersonOut(Schema):
    person: str
    name: str
    stage: Stage
    qualifying_reports: int
    reports: list[RadarReportOut]
    contacted_on: date | None
    application: str | None


class RadarList(Schema):
    count: int
    items: list[RadarPersonOut]
