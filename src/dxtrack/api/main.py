"""The JSON API under /api/v1/: one NinjaAPI, one router per app.

Errors all have the shape {"detail": "<Vietnamese message>", "errors": [...]}.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.security import SessionAuth

from dxtrack.api import (
    agencies,
    auth,
    consolidation,
    dashboard,
    exchange,
    forecasting,
    periods,
    plans,
    portal,
    reporting,
)
from dxtrack.api.parser import NulRefusingParser
from dxtrack.reporting.errors import ReportingError, ReportInvalid, StaleVersion


class BrowserSessionAuth(SessionAuth):
    """The browser's session, with Django's CSRF check on unsafe methods.

    Without a session cookie there is nothing for the check to protect: skipping it lets a
    caller whose bearer token is wrong or expired get 401, not a CSRF 403.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)


# Every operation accepts any of these, tried in order.
API_AUTH = [auth.BearerAuth(), BrowserSessionAuth()]

api = NinjaAPI(
    title="dxtrack API",
    version="1",
    description=(
        "API danh mục kế hoạch, chỉ tiêu, nhiệm vụ, phân công của tỉnh và báo cáo định kỳ "
        "của các đơn vị: kỳ báo cáo, tiến độ, nội dung báo cáo, gửi, trả lại, duyệt."
    ),
    urls_namespace="api-v1",
    auth=API_AUTH,
    parser=NulRefusingParser(),
)

FORBIDDEN = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")
# Ninja raises some HttpErrors itself (a failed CSRF check, throttling) with English text.
_HTTP_ERROR_DETAILS = {
    403: FORBIDDEN,
    429: gettext_lazy("Quá nhiều yêu cầu; vui lòng thử lại sau."),
}


def _error(
    request: HttpRequest, detail: str, *, status: int, errors: list | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, _("Chưa đăng nhập hoặc thông tin xác thực không hợp lệ."), status=401)


@api.exception_handler(AuthorizationError)
@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, str(FORBIDDEN), status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Routes raise Http404 with a Vietnamese message naming what was not found.
    return _error(request, str(exc) or _("Không tìm thấy."), status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, _("Dữ liệu gửi lên không hợp lệ."), status=400, errors=exc.errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValidationError):
        # Ninja wraps what the parser refused (NulRefusingParser) in "Cannot parse".
        return _invalid(request, exc.__cause__)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, _("Nội dung gửi lên không phải JSON hợp lệ."), status=400)
    detail = _HTTP_ERROR_DETAILS.get(exc.status_code)
    if detail is None:
        return _error(request, str(exc), status=exc.status_code)
    return _error(request, str(detail), status=exc.status_code, errors=[{"msg": str(exc)}])


@api.exception_handler(ReportInvalid)
def _report_invalid(request: HttpRequest, exc: ReportInvalid) -> HttpResponse:
    # loc is the field as the services name it: "tasks.12.status", "indicators.4.value".
    return _error(request, str(exc), status=400, errors=[e.as_dict() for e in exc.errors])


@api.exception_handler(StaleVersion)
def _stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    # Nothing was saved: the caller gets what the other save changed and the version to
    # send with its own content once it has looked.
    return api.create_response(
        request,
        {
            "detail": str(exc),
            "errors": [change.as_dict() for change in exc.changes],
            "version": exc.report.version,
        },
        status=409,
    )


@api.exception_handler(ReportingError)
def _reporting_conflict(request: HttpRequest, exc: ReportingError) -> HttpResponse:
    # What is left (InvalidTransition, a closed period, a decided request) conflicts with
    # the current state of the report or period, not with the request's content.
    return _error(request, str(exc), status=409)


api.add_router("", auth.router)
api.add_router("", plans.router)
api.add_router("", agencies.router)
api.add_router("", periods.router)
api.add_router("", reporting.router)
api.add_router("", portal.router)
api.add_router("", dashboard.router)
api.add_router("", forecasting.router)
api.add_router("", exchange.router)
api.add_router("", consolidation.router)
