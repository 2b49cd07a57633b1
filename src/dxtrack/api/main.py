"""The JSON API under /api/v1/: one NinjaAPI, one router per app.

Errors all have the shape {"detail": "<Vietnamese message>", "errors": [...]}.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.security import SessionAuth

from dxtrack.api import agencies, auth, plans

# Every operation accepts any of these, tried in order.
API_AUTH = [auth.BearerAuth(), SessionAuth()]

api = NinjaAPI(
    title="dxtrack API",
    version="1",
    description="API đọc danh mục kế hoạch, chỉ tiêu, nhiệm vụ và phân công của tỉnh.",
    urls_namespace="api-v1",
    auth=API_AUTH,
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
    detail = _HTTP_ERROR_DETAILS.get(exc.status_code)
    if detail is None:
        return _error(request, str(exc), status=exc.status_code)
    return _error(request, str(detail), status=exc.status_code, errors=[{"msg": str(exc)}])


api.add_router("", auth.router)
api.add_router("", plans.router)
api.add_router("", agencies.router)
