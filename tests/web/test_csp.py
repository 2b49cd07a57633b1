"""A strict Content-Security-Policy on every response, and templates that need nothing more."""

import re
from pathlib import Path

import pytest

from factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "dxtrack" / "templates"
DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
}


def _policy(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";") if part}


@pytest.mark.parametrize("url", ["/dang-nhap/", "/ke-hoach/", "/admin/", "/api/v1/plans"])
def test_every_response_carries_the_strict_policy(client, catalogue, url):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert _policy(response) == DIRECTIVES


def test_the_policy_is_on_error_pages_and_redirects_too(client):
    assert _policy(client.get("/khong-co-trang-nay/")) == DIRECTIVES
    assert _policy(client.get("/ke-hoach/")) == DIRECTIVES


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=", r"\son[a-z]+="):
            offenders += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == []
