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
from dxtrack.api.rendering import OrjsonRenderer
from dxtrack.api.validation import errors_vi
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
    renderer=OrjsonRenderer(),
)

FORBIDDEN = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")
# Ninja raises some HttpErrors itself (a failed CSRF check, throttling) with English text.
_HTTP_ERROR_DETAILS = {
    403: FORBIDDEN,
    429: gettext_lazy("Quá nhiều yêu cầu; vui lòng thử lại sau."),
}
_HTTP_ERROR_REASONS = {
    "CSRF check Failed": gettext_lazy(
        "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF) của phiên đăng nhập trình duyệt."
    ),
}
_HTTP_STATUS_DETAILS = {
    400: gettext_lazy("Yêu cầu không hợp lệ."),
    404: gettext_lazy("Không tìm thấy."),
    405: gettext_lazy("Phương thức không được hỗ trợ cho địa chỉ này."),
    409: gettext_lazy("Yêu cầu xung đột với trạng thái hiện tại."),
}


def _readable(message: str, status: int) -> str:
    """`message` if it is ours (Vietnamese), else a Vietnamese one for the status: an
    ASCII-only message comes from a library, in English."""
    if message and not message.isascii():
        return message
    return str(_HTTP_STATUS_DETAILS.get(status, gettext_lazy("Yêu cầu không thực hiện được.")))


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
    # pydantic's messages are English: each error gets a Vietnamese one naming its field.
    return _error(
        request, _("Dữ liệu gửi lên không hợp lệ."), status=400, errors=errors_vi(exc.errors)
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValidationError):
        # Ninja wraps what the parser refused (NulRefusingParser) in "Cannot parse".
        return _invalid(request, exc.__cause__)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return _error(request, _("Nội dung gửi lên không phải JSON hợp lệ."), status=400)
    detail = _HTTP_ERROR_DETAILS.get(exc.status_code)
    if detail is None:
        return _error(request, _readable(str(exc), exc.status_code), status=exc.status_code)
    reason = _HTTP_ERROR_REASONS.get(str(exc))
    return _error(
        request,
        str(detail),
        status=exc.status_code,
        errors=[{"msg": str(reason)}] if reason else [],
    )


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
