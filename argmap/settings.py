"""Settings for argmap: one module, every value read from the environment with a development default."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "argmap-development-only-not-secret"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """A whole number of zero or more; anything else stops the start with the variable's name."""
    value = env_str(name)
    if not value:
        return default
    if not value.isdecimal() or not value.isascii():
        raise ImproperlyConfigured(f"{name} must be a whole number of zero or more, not {value!r}.")
    return int(value)


PRODUCTION = env_str("ARGMAP_ENV") == "production"
DEBUG = False if PRODUCTION else env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

if PRODUCTION:
    # Refuse to start rather than run a school's data with a guessable key or open hosts.
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("ARGMAP_ENV=production needs SECRET_KEY set to 50 or more random characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ARGMAP_ENV=production needs ALLOWED_HOSTS (comma-separated host names).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "knox",
    "argmap.accounts",
    "argmap.maps",
    "argmap.classrooms",
    "argmap.votes",
    "argmap.moderation",
    "argmap.curation",
    "argmap.interchange",
    "argmap.debate",
    "argmap.notifications",
]

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses an account locked out from this address before the password is even checked.
AUTHENTICATION_BACKENDS = ["argmap.accounts.lockout.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An unchanged live poll answered from Redis before sessions, users or the database (argmap.maps.live).
    "argmap.maps.live.LivePollMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Answers a sign-in that the lockout policy refused (argmap.accounts.lockout.lockout_response).
    "axes.middleware.AxesMiddleware",
    # After a teacher's reset, the password page until the person chooses their own.
    "argmap.accounts.middleware.PasswordChangeRequiredMiddleware",
]

ROOT_URLCONF = "argmap.urls"
WSGI_APPLICATION = "argmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["template_partials.templatetags.partials"],
            # Templates parsed once per process and kept (the cached loader; in development Django's autoreloader
            # empties it when a template changes). Without it every {% include %} of the map page's argument trees
            # read and parsed its file again: half of a map page's time (docs/benchmarks.md).
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# SQLite is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0 if DEBUG else 60,
        conn_health_checks=True,
    )
}
# DATABASE_POOL=N (PostgreSQL only): each app server process keeps a pool of up to N connections (psycopg's pool),
# instead of one persistent connection per worker; for threaded workers or many servers (docs/deployment.md).
DATABASE_POOL = env_int("DATABASE_POOL", 0)
if DATABASE_POOL and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not hold them too
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": DATABASE_POOL, "timeout": 10}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
    # of a transaction, so two writers queue on the busy timeout instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("ARGMAP_TEST_SQLITE", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Maps' live tokens in the cache, so an unchanged poll is answered from Redis alone (argmap.maps.live_tokens).
# Only with a cache every app server and worker shares: a per-process cache would answer from a stale token.
LIVE_TOKENS_IN_CACHE = env_bool("LIVE_TOKENS_IN_CACHE", default=bool(REDIS_URL))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "classrooms:list"
LOGOUT_REDIRECT_URL = "maps:list"

# Guessing passwords and join codes (docs/security.md, "Guessing passwords"): wrong passwords are counted per account
# and address, so a pupil's typos never lock out a classmate behind the same school address. The database keeps the
# counts (SQLite or PostgreSQL alike, shared by every worker, and a teacher's unlock is one DELETE).
LOCKOUT_SIGN_IN_FAILURES = 5  # wrong passwords for one account from one address
LOCKOUT_JOIN_FAILURES = 30  # wrong join codes from one address (a guesser changes the code every try)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "argmap.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # "try again in 15 minutes" stays true however often they try
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "argmap.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "argmap.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # no row per successful sign-in with its address: pupils' privacy
AXES_ENABLE_ADMIN = False  # teachers (and admins) unlock on the class page; operators: `manage.py axes_reset_username`
# Masked in the failure's record of the form: passwords, and a joining pupil's name.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password1", "password2", "display_name"]
# How many reverse proxies in front of argmap append the address they saw to X-Forwarded-For (docs/deployment.md).
# 0: the client is REMOTE_ADDR and X-Forwarded-For is ignored, so nobody can claim another address.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

# Floods of writes (docs/security.md): replies, links, edits, flags and votes, per person and per class of the map,
# on the pages and through the API alike (argmap.classrooms.ratelimits), counted in the cache: Redis when REDIS_URL
# is set, so every worker shares the counts.
# `make bench` raises them (its hundreds of students vote as fast as the server answers).
WRITE_RATE_PER_PERSON = env_str("WRITE_RATE_PER_PERSON", "30/minute")
WRITE_RATE_PER_CLASS = env_str("WRITE_RATE_PER_CLASS", "900/minute")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Outside production, whitenoise serves straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Scripts use named tokens a teacher makes at /accounts/tokens/ (django-rest-knox, stored hashed). HTTP Basic sends
# the password with every request: only outside production, for trying the API by hand, and under the lockout policy.
API_AUTHENTICATION = [
    "rest_framework.authentication.SessionAuthentication",
    "argmap.accounts.authentication.ApiTokenAuthentication",
    *([] if PRODUCTION else ["argmap.accounts.authentication.LockoutBasicAuthentication"]),
]
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migration would create its unused knox_authtoken table (our ApiToken replaces it); a table Django
# does not know about is left out of flush, and its key to accounts_user then stops PostgreSQL emptying users.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": None, "TOKEN_PREFIX": "argmap_", "AUTH_HEADER_PREFIX": "Token"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": API_AUTHENTICATION,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only, nested at most a few levels (argmap/api/parsers.py); over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413.
    "DEFAULT_PARSER_CLASSES": ["argmap.api.parsers.JSONParser"],
    # Documents every error status each operation can answer, with its JSON shape (argmap/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "argmap.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "argmap.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "argmap API",
    "DESCRIPTION": (
        "Everything a person does on argmap's pages: read maps, add claims, evidence and counterclaims, "
        "link statements, vote on measures, see results, run classes. Sign in with the session "
        "(send the CSRF token) or an API token (`Authorization: Token argmap_…`, made at /accounts/tokens/); "
        "HTTP Basic works outside production only. Errors are JSON with a list of messages per field."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"RelationEnum": "argmap.maps.models.Relation"},
    # <id:…> in addresses (argmap.common.IdConverter): an integer from 1 to 2**31 - 1.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Only our own origin: no CDN, no inline script; htmx's indicator styles are turned off in the page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
