"""Deadline arithmetic over calendar and England and Wales working days."""
