"""The feeds pages: sending reports, the radar, and the pairs to check."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
