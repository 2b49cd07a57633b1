"""Authentication for other systems: a bearer token from a user name and password."""

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import HttpBearer

from dxtrack.accounts.addresses import client_address
from dxtrack.accounts.services import token_issue
from dxtrack.accounts.throttle import login_delay, login_failed, login_succeeded, wait_message
from dxtrack.api.schemas import ErrorOut


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from dxtrack.accounts.services import token_user

        user = token_user(key=token)
        if user is None:
            return None
        # Routes and the access rules read request.user, whichever way the caller signed in.
        request.user = user
        return user


router = Router(tags=["Xác thực"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="Lấy khóa truy cập (Bearer) bằng tên đăng nhập và mật khẩu",
)
def token_create(request: HttpRequest, response: HttpResponse, data: TokenIn):
    address = client_address(request=request)
    delay = login_delay(username=data.username, address=address)
    if delay:
        response["Retry-After"] = str(max(1, int(delay.total_seconds() + 0.999)))
        return 429, {"detail": wait_message(delay), "errors": []}
    user = authenticate(request, username=data.username, password=data.password)
    if user is None:
        login_failed(username=data.username, address=address)
        return 401, {"detail": _("Tên đăng nhập hoặc mật khẩu không đúng."), "errors": []}
    login_succeeded(username=data.username, address=address)
    return 200, {"token": token_issue(user=user)}
