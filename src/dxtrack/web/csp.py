"""A strict Content-Security-Policy on every response (pages, the admin, the API).

Scripts and styles come only from our own static files: no inline `<script>`, `style=`
attribute or `onclick=` handler anywhere (the templates' test checks), so an injected
fragment of HTML cannot run. Django 5.2's admin needs no exception: its scripts are files
and pass their data in `data-` attributes. See docs/decisions/0084-content-security-policy.md.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that needs a different policy sets its own header.
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
