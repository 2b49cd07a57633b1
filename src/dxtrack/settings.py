"""Settings read from the environment, with safe defaults for a local run.

DXTRACK_DATA_DIR  where the SQLite database and uploads live (default: ./data)
DATABASE_URL      use PostgreSQL (or another database) instead of SQLite
DXTRACK_PG_RANDOM_PAGE_COST  PostgreSQL's random_page_cost for dxtrack's connections
                  (default 1.1: data in memory or on SSD)
DXTRACK_PG_PREPARE_THRESHOLD  PostgreSQL prepares a statement from its Nth run on a
                  connection (default 5; "none": never, behind a transaction pooler)
SECRET_KEY        the signing key; when not given, one is generated once and kept in
                  DXTRACK_DATA_DIR/secret-key (readable by the owner only)
DEBUG             "1"/"true" for development only; off unless set
ALLOWED_HOSTS     comma-separated host names
DXTRACK_TRUSTED_PROXIES  comma-separated addresses of reverse proxies whose
                  X-Forwarded-For is believed
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
DEFAULT_FROM_EMAIL  outgoing mail for reminders
DXTRACK_BASE_URL  the address users reach the system at, for links in e-mails
DXTRACK_OPEN_DATA_RATE  open-data requests allowed per client address and minute
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("DXTRACK_DATA_DIR", Path.cwd() / "data")).resolve()
# Off unless asked for: a debug page lists every URL pattern and shows tracebacks with
# local values to whoever reaches the server.
DEBUG = _env_bool("DEBUG", default=False)


def _kept_secret_key(path: Path) -> str:
    """The key in `path`, made on first use. Created under another name and linked into
    place, so gunicorn workers starting together all read the same complete key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


# Kept across restarts: sessions, password-reset links and CSRF tokens are signed with it.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or _kept_secret_key(DATA_DIR / "secret-key")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dxtrack.accounts",
    "dxtrack.audit",
    "dxtrack.agencies",
    "dxtrack.plans",
    "dxtrack.ingest",
    "dxtrack.reporting",
    "dxtrack.consolidation",
    "dxtrack.documents",
    "dxtrack.portal",
    "dxtrack.dashboard",
    "dxtrack.forecasting",
    "dxtrack.exchange",
    "dxtrack.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dxtrack.web.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dxtrack.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dxtrack.web.context_processors.access",
                "dxtrack.web.context_processors.sign_in",
            ],
        },
    },
]

WSGI_APPLICATION = "dxtrack.wsgi.application"

_sqlite_path = DATA_DIR / "dxtrack.sqlite3"
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The planner's default price of a random page (4) is a spinning disk's: with it, a
        # report of a hundred tasks is joined to its tasks by reading the whole catalogue of
        # tasks (12,000 rows in a province ten times larger) rather than by a hundred
        # lookups. dxtrack's data lives in memory or on SSD (docs/decisions/0195).
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _page_cost = os.environ.get("DXTRACK_PG_RANDOM_PAGE_COST", "1.1")
        _options["options"] = f"{_options.get('options', '')} -c random_page_cost={_page_cost}"
        # Parameters bound by the server and a statement prepared from its fifth run on a
        # connection: planning the same report statements afresh on every call cost
        # PostgreSQL 3.7 ms of CPU per report call against 2.0 ms prepared
        # (docs/decisions/0230).
        _options.setdefault("server_side_binding", True)
        # "none" behind a pooler in transaction mode, where a prepared statement would be
        # looked for in another session.
        _threshold = os.environ.get("DXTRACK_PG_PREPARE_THRESHOLD", "5").strip().lower()
        if _threshold not in ("none", "") and not _threshold.isdigit():
            raise ImproperlyConfigured(
                "DXTRACK_PG_PREPARE_THRESHOLD phải là một số nguyên không âm hoặc 'none'."
            )
        _options.setdefault("prepare_threshold", int(_threshold) if _threshold.isdigit() else None)
        # Django's backend, but an integer out of its column's range is refused rather than
        # wrapped around, as server-side binding would do (dxtrack/postgresql/base.py).
        DATABASES["default"]["ENGINE"] = "dxtrack.postgresql"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_sqlite_path),
            # Kept open between requests, as PostgreSQL's: opening one (the PRAGMAs, Django's
            # SQL functions) cost 1.2 ms of CPU per request (docs/decisions/0142).
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # Deferred transactions fail with "database is locked" under concurrent writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    # Argon2id at OWASP's recommended cost: docs/decisions/0001-password-hashing.md.
    "dxtrack.accounts.hashers.Argon2Hasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Checks nothing; Django tells it of every new password, and it revokes the API tokens.
    {"NAME": "dxtrack.accounts.passwords.TokensEndWithPassword"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect); does nothing unless DXTRACK_OIDC_CLIENT_ID is set.
    "dxtrack.accounts.sso.SsoBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plan-list"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise warns on every request while the folder is missing (before collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"
# One report page posts ~6 fields per task: Sở KH&CN's yearly report alone has over 1,100.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The address users reach the system at, for links in e-mails ("https://dxtrack.example.gov.vn").
DXTRACK_BASE_URL = os.environ.get("DXTRACK_BASE_URL", "http://127.0.0.1:8000")

# HTTPS only (secure cookies, redirect, HSTS) once the site is reached from other machines:
# by an https address or a host name other than this machine's. A server that answers on
# 127.0.0.1 alone (a trial, a benchmark) keeps plain HTTP, where secure cookies would never
# come back and nobody could sign in.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS_ONLY = not DEBUG and (
    DXTRACK_BASE_URL.startswith("https://") or not set(ALLOWED_HOSTS) <= _LOOPBACK
)
if HTTPS_ONLY:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Single sign-on through OpenID Connect (accounts/sso.py, mozilla-django-oidc). Off unless
# DXTRACK_OIDC_CLIENT_ID is set. Endpoints not given are read from the issuer's discovery
# document. A new user gets no role unless DXTRACK_OIDC_ROLE_CLAIM names the claim for one.
DXTRACK_OIDC_ISSUER = os.environ.get("DXTRACK_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("DXTRACK_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("DXTRACK_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("DXTRACK_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("DXTRACK_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("DXTRACK_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("DXTRACK_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SCOPES = os.environ.get("DXTRACK_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATE_CLASS = "dxtrack.accounts.sso.SsoStartView"
OIDC_CALLBACK_CLASS = "dxtrack.accounts.sso.SsoCallbackView"
DXTRACK_OIDC_MATCH_EMAIL = _env_bool("DXTRACK_OIDC_MATCH_EMAIL", default=False)
DXTRACK_OIDC_ROLE_CLAIM = os.environ.get("DXTRACK_OIDC_ROLE_CLAIM", "")
DXTRACK_OIDC_AGENCY_CLAIM = os.environ.get("DXTRACK_OIDC_AGENCY_CLAIM", "")

# Reverse proxies whose X-Forwarded-For is believed (accounts.addresses.client_address).
DXTRACK_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("DXTRACK_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# The open data (/du-lieu-mo/, /api/v1/open/…): requests per client address and minute.
DXTRACK_OPEN_DATA_RATE = int(os.environ.get("DXTRACK_OPEN_DATA_RATE", "60"))
# How long a rendered public page stays cached; publishing moves the key on at once.
DXTRACK_PORTAL_CACHE_SECONDS = 24 * 60 * 60
# How long the dashboard's numbers and rendered body stay cached at most; any save,
# submission, approval, extension, period, plan or weights change moves the key on at once
# (dashboard/cache.py), the limit catches the rare edit without a timestamp (a target).
DXTRACK_DASHBOARD_CACHE_SECONDS = 10 * 60

# Reminders (`dxtrack remind`). Without EMAIL_HOST, mail is written to files in the data
# folder, so a local run never tries to reach a mail server.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dxtrack@localhost")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Upward exchange and digital signatures (`dxtrack exchange`, `dxtrack document --sign`).
# DXTRACK_SIGN_CERT: the province's key, a PKCS#12 file ("p12:/etc/dxtrack/ky-so.p12" or a
# plain path) or a token ("pkcs11:token=…;object=…?module-path=…"); DXTRACK_SIGN_PASSWORD:
# its password or PIN. DXTRACK_TSA_URL: an RFC 3161 timestamp server. DXTRACK_TRUST_ROOTS:
# PEM files of the trusted root CAs, separated by ":" (signatures in evidence files).
DXTRACK_SIGN_CERT = os.environ.get("DXTRACK_SIGN_CERT", "")
DXTRACK_SIGN_PASSWORD = os.environ.get("DXTRACK_SIGN_PASSWORD", "")
DXTRACK_TSA_URL = os.environ.get("DXTRACK_TSA_URL", "")
DXTRACK_TRUST_ROOTS = [p for p in os.environ.get("DXTRACK_TRUST_ROOTS", "").split(":") if p]
# DXTRACK_EXCHANGE_URL: the receiver's base URL (POST {URL}/{kind}); DXTRACK_EXCHANGE_TOKEN:
# its Bearer token; DXTRACK_PROVINCE_CODE: the province's administrative unit code (GSO).
DXTRACK_EXCHANGE_URL = os.environ.get("DXTRACK_EXCHANGE_URL", "")
DXTRACK_EXCHANGE_TOKEN = os.environ.get("DXTRACK_EXCHANGE_TOKEN", "")
DXTRACK_EXCHANGE_TIMEOUT = float(os.environ.get("DXTRACK_EXCHANGE_TIMEOUT", "10"))
DXTRACK_EXCHANGE_ALERT_AFTER = int(os.environ.get("DXTRACK_EXCHANGE_ALERT_AFTER", "5"))
DXTRACK_PROVINCE_CODE = os.environ.get("DXTRACK_PROVINCE_CODE", "51")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # A signature whose certificate does not chain to a configured root is a finding shown
    # to the user, not a warning with a traceback in the server's log; fontTools reports
    # every font table it does not subset.
    "loggers": {
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
