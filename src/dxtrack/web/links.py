"""Addresses of pages that services mention without building them: a notice or a reminder
about a report opens the report's page. The pages, the API routes and the `remind` command
build the link here and hand it to the reporting services."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from dxtrack.reporting.models import AgencyReport


def report_url(report: AgencyReport) -> str:
    """The path of the report's page ("" when the pages are not installed)."""
    return report_url_of(period_id=report.period_id, agency_id=report.agency_id)


def report_url_of(*, period_id: int, agency_id: int) -> str:
    """The path of an agency's report page in a period, before the report may exist."""
    try:
        return reverse("report-detail", args=[period_id, agency_id])
    except NoReverseMatch:
        return ""
