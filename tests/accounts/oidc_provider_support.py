"""A small OpenID Connect provider for the tests, served on 127.0.0.1 by http.server.

It does what a real provider does in the authorization code flow, with real RS256
signatures: discovery, JWKS, an authorize endpoint that redirects back with a code (for the
user the test says is signed in there), a token endpoint that checks the client, the code,
the redirect address and the PKCE verifier and issues a signed ID token with the nonce, and
userinfo for the access token.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "dxtrack-quangngai"
CLIENT_SECRET = "bi-mat-cua-ung-dung"


@dataclass
class _Grant:
    claims: dict
    nonce: str | None
    redirect_uri: str
    challenge: str | None


@dataclass
class OidcProvider:
    user: dict = field(default_factory=dict)  # the claims of whoever is signed in there
    issuer: str = ""
    codes: dict[str, _Grant] = field(default_factory=dict)
    access: dict[str, dict] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    audience: str = CLIENT_ID  # another value makes a token meant for another application

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "khoa-1"

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "userinfo_endpoint": self.issuer + "/userinfo",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def id_token(self, claims: dict, nonce: str | None) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "sub": claims["sub"],
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            **({"nonce": nonce} if nonce else {}),
        }
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": self.kid})


def _handler(provider: OidcProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            provider.requests.append(url.path)
            if url.path == "/.well-known/openid-configuration":
                return self._json(200, provider.discovery())
            if url.path == "/jwks":
                return self._json(200, provider.jwks())
            if url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    return self._json(400, {"error": "invalid_request"})
                code = secrets.token_urlsafe(16)
                provider.codes[code] = _Grant(
                    claims=dict(provider.user),
                    nonce=query.get("nonce"),
                    redirect_uri=query["redirect_uri"],
                    challenge=query.get("code_challenge"),
                )
                back = (
                    query["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": query.get("state", "")})
                )
                self.send_response(302)
                self.send_header("Location", back)
                self.end_headers()
                return None
            if url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.access.get(token)
                if claims is None:
                    return self._json(401, {"error": "invalid_token"})
                return self._json(200, claims)
            return self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            provider.requests.append(self.path)
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/token":
                return self._json(404, {"error": "not_found"})
            grant = provider.codes.pop(form.get("code", ""), None)
            if (
                grant is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != grant.redirect_uri
            ):
                return self._json(400, {"error": "invalid_grant"})
            if grant.challenge is not None:
                verifier = form.get("code_verifier", "").encode()
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest())
                if digest.rstrip(b"=").decode() != grant.challenge:
                    return self._json(400, {"error": "invalid_grant"})
            access = secrets.token_urlsafe(24)
            provider.access[access] = grant.claims
            return self._json(
                200,
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant.claims, grant.nonce),
                },
            )

    return Handler


class RunningProvider:
    def __init__(self) -> None:
        self.provider = OidcProvider()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        host, port = self.server.server_address[:2]
        self.provider.issuer = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OidcProvider:
        self.thread.start()
        return self.provider

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
