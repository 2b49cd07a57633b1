"""Single sign-on through OpenID Connect (mozilla-django-oidc), configured from the
environment (settings.py: DXTRACK_OIDC_*); without a client id it is off and the views
answer 404, and local passwords work either way.

- Endpoints come from the settings, or else from the issuer's discovery document
  (`/.well-known/openid-configuration`), read once when first needed.
- The ID token is checked for its RS256 signature (the provider's JWKS), nonce, audience
  (our client id), issuer and expiry; userinfo must be about the same subject.
- A provider's user is the local account tied to its subject (`SsoIdentity`). On a first
  sign-in, with DXTRACK_OIDC_MATCH_EMAIL, an existing account with the same *verified*
  e-mail address is tied; otherwise a new account is made, with no password and no role,
  and is not signed in until the administrator gives it a role. A role comes from the
  provider only when DXTRACK_OIDC_ROLE_CLAIM names the claim carrying it (never
  administration).
See docs/decisions/0086-single-sign-on.md.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

import jwt
import requests
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from dxtrack.accounts.models import Profile, Role, SsoIdentity
from dxtrack.vn_text import fold

logger = logging.getLogger(__name__)

_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# Roles a provider may give when a mapping is configured; administration never.
_MAPPABLE_ROLES = {Role.COORDINATOR, Role.LEADER, Role.REPORTER}


def sso_configured() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


@functools.lru_cache(maxsize=4)
def _discovery(issuer: str) -> dict:
    response = requests.get(
        issuer.rstrip("/") + "/.well-known/openid-configuration",
        timeout=getattr(settings, "OIDC_TIMEOUT", 10),
    )
    response.raise_for_status()
    return response.json()


def sso_setting(name: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting; an endpoint not set comes from discovery."""
    value = getattr(settings, name, "")
    if value or name not in _DISCOVERED:
        return import_from_settings(name, *default)
    issuer = getattr(settings, "DXTRACK_OIDC_ISSUER", "")
    if issuer:
        return _discovery(issuer)[_DISCOVERED[name]]
    return import_from_settings(name, *default) if not default else default[0]


def _issuer() -> str:
    return getattr(settings, "DXTRACK_OIDC_ISSUER", "") or sso_setting(
        "OIDC_OP_AUTHORIZATION_ENDPOINT"
    )


def _free_username(claims: dict) -> str:
    wanted = claims.get("preferred_username") or (claims.get("email") or "").split("@")[0]
    base = re.sub(r"[^\w.@+-]", "", str(wanted))[:140] or "sso"
    users = get_user_model().objects
    name, n = base, 1
    while users.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}.{n}"
    return name


class SsoBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(sso_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every password sign-in too: read the provider's
        # settings only when single sign-on is on.
        self.UserModel = get_user_model()
        if sso_configured():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not sso_configured() or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as error:
            # A refused token or an unreachable provider: the sign-in page says it failed.
            logger.warning("SSO sign-in refused: %s", error)
            return None

    def get_payload_data(self, token, key):
        payload = self._verify_jws(token, key)
        try:
            jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=getattr(settings, "DXTRACK_OIDC_ISSUER", "") or None,
                options={
                    "require": ["exp", "iat", "sub"],
                    "verify_iss": bool(getattr(settings, "DXTRACK_OIDC_ISSUER", "")),
                },
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects
        tied = users.filter(sso_identities__issuer=_issuer(), sso_identities__subject=claims["sub"])
        if tied.exists():
            return tied
        email = (claims.get("email") or "").strip()
        if getattr(settings, "DXTRACK_OIDC_MATCH_EMAIL", False) and email:
            if claims.get("email_verified") is True:
                return users.filter(email__iexact=email, is_active=True)
        return users.none()

    @transaction.atomic
    def update_user(self, user, claims):
        SsoIdentity.objects.get_or_create(
            issuer=_issuer(), subject=claims["sub"], defaults={"user": user}
        )
        return user

    @transaction.atomic
    def create_user(self, claims):
        user = self.UserModel(
            username=_free_username(claims),
            email=(claims.get("email") or "")[:254],
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        SsoIdentity.objects.create(user=user, issuer=_issuer(), subject=claims["sub"])
        _role_from_claims(user, claims)
        return user


def _role_from_claims(user: Any, claims: dict) -> None:
    claim = getattr(settings, "DXTRACK_OIDC_ROLE_CLAIM", "")
    if not claim:
        return
    try:
        role = Role(str(claims.get(claim, "")))
    except ValueError:
        return
    if role not in _MAPPABLE_ROLES:
        logger.warning("SSO: role %r from the provider ignored for %s", role, user)
        return
    agency = None
    if role == Role.REPORTER:
        # By the agency's name in any case or diacritics. The agencies app sits above this
        # one (its selectors may not be imported here), so the model comes from the registry.
        agencies = apps.get_model("agencies", "Agency")._default_manager
        name = str(claims.get(getattr(settings, "DXTRACK_OIDC_AGENCY_CLAIM", "") or "", ""))
        agency = agencies.filter(search_name=fold(name)).first() if name else None
        if agency is None:
            return
    Profile.objects.create(user=user, role=role, agency=agency)


class SsoStartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(sso_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The endpoints are read in get(): discovery may fail, and that is said, not a 500.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not sso_configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = sso_setting("OIDC_RP_CLIENT_ID")
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.warning("SSO provider unreachable: %s", error)
            return HttpResponseRedirect(reverse("login") + "?sso=loi")
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(sso_setting)

    @property
    def failure_url(self) -> str:
        return reverse("login") + "?sso=loi"

    def login_success(self):
        # The account is known from now on (the administrator sees it), but a user without
        # a role is not signed in: nothing of the system is theirs until a role is given.
        from dxtrack.accounts.access import role_of

        if role_of(self.user) is None:
            return HttpResponseRedirect(reverse("login") + "?sso=cho-phan-quyen")
        return super().login_success()

    def get(self, request):
        if not sso_configured():
            raise Http404
        return super().get(request)
