"""Settings for the credit disclosure portal, read from environment variables.

Every variable is documented in `.env.example`. Defaults fail closed: `DEBUG` is
off unless asked for, and outside development the secrets must be given.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.core.logformat import logging_config
from portal.core.sentry import configure_sentry
from portal.core.storage_settings import private_storage_setting

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` (written by `make` for development) fills in what the real
# environment leaves unset; real environment variables always win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _secret(name: str, *, dev_default: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} must be set when DJANGO_DEBUG is off (see .env.example). "
        "For development, `make install` writes a .env with DEBUG on and "
        "random secrets."
    )


SECRET_KEY = _secret("DJANGO_SECRET_KEY", dev_default="insecure-development-key")
# Keys the hash that lets a full ID number find a person without storing it
# anywhere public. Changing it invalidates every stored hash.
IDENTITY_HASH_KEY = _secret(
    "IDENTITY_HASH_KEY", dev_default="insecure-development-identity-key"
)

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The portal's public origin: page addresses in the open-data files start with
# it (portal/opendata/origins.py falls back to the trusted origins and hosts).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    "portal.core.apps.PortalAdminConfig",  # django.contrib.admin with TOTP
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "rest_framework",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal.core",
    "portal.registry",
    "portal.disclosures",
    "portal.creditlists",
    "portal.inspections",
    "portal.cities",
    "portal.search",
    "portal.publishing",
    # After portal.publishing, whose db_worker (recovering imports) replaces
    # this app's: the first app to define a command wins.
    "django_tasks_db",
    "portal.opendata",
    "portal.appeals",
    "portal.pages",
    "portal.site",
]
# Development tools: demo data and demo officials (portal/demodata), the
# benchmark and the appeals load check (portal/bench). On in development and
# in the test suite (pyproject.toml's pytest `env`); production leaves them out,
# so their commands do not exist there. A process that seeds a production-like
# site (the bench, the system tests) turns them on for that command alone.
DEV_TOOLS = env.bool("DJANGO_DEV_TOOLS", default=DEBUG)
if DEV_TOOLS:
    INSTALLED_APPS += ["portal.demodata", "portal.bench"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that every later middleware's log lines carry the id.
    "portal.core.requestids.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.core.middleware.BrowserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.api.middleware.ApiMiddleware",
    # Last, so a refusal is answered in the language the request asked for.
    "portal.core.middleware.ControlCharacterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.site",
            ],
        },
    },
]

# Widgets render through the project's templates, so templates/widgets/ is found.
FORM_RENDERER = "portal.core.renderers.PortalFormRenderer"

# SQLite is the embedded default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ yet; SQLite cannot create the folder itself.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers carry on while a writer (an import) works.
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60)
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Seconds a public submission (an appeal, its material, a tracking sign-in, an
# API key) waits for a locked database before answering "busy, try again"
# (503) with everything typed (portal/core/busy.py). Keep it below gunicorn's
# worker timeout (30 s by default).
SUBMISSION_WAIT_SECONDS = env.float("SUBMISSION_WAIT_SECONDS", default=20.0)

# The state database: rate-limit counters and, without CACHE_URL, the cache
# (portal/core/routers.py). On SQLite a second file beside the main one, so
# that an import holding the main file's write lock never holds up a request's
# count; on PostgreSQL the same database over a second connection, so that a
# count commits whatever the request's own transaction does.
DATABASES["state"] = {
    **DATABASES["default"],
    "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _main = Path(DATABASES["default"]["NAME"])
    DATABASES["state"]["NAME"] = str(
        _main.with_name(f"{_main.stem}-state{_main.suffix}")
    )
DATABASE_ROUTERS = ["portal.core.routers.StateRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Without CACHE_URL, a table in the state database, which every process on the
# machine shares (`check --deploy` refuses a cache of each process's own).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage costs speed, never a page (portal/core/cache.py): a read
    # is a miss, a write is skipped, and no call waits longer than this.
    _cache_timeout = env.float("CACHE_TIMEOUT", default=0.25)
    CACHES["default"]["BACKEND"] = "portal.core.cache.RedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "socket_connect_timeout": _cache_timeout,
            "socket_timeout": _cache_timeout,
            "RETRY_SECONDS": env.float("CACHE_RETRY_SECONDS", default=5.0),
        }
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A filter's empty choice says what it means, not Django's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` writes the files whitenoise serves (one folder per
# release, say, or a temporary one for the system tests).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest storage needs `collectstatic`; development serves the
        # source files directly.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Private files (uploaded imports, their plans, appeal evidence), which no
    # URL serves: PRIVATE_FILES_ROOT below, or an S3 bucket when
    # PRIVATE_FILES_S3_BUCKET is set. Code reaches them only through
    # portal.core.storage.private_storage().
    "private": private_storage_setting(env),
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")

# Security headers. HTTPS settings default on outside development, since the
# portal is meant to be served behind TLS.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# How many reverse proxies stand in front of the portal (0: clients connect
# directly). The client's address is the one the outermost proxy saw
# (portal/core/clients.py), and X-Forwarded-Proto is trusted from the nearest.
# DJANGO_BEHIND_PROXY=true, the older setting, means one proxy.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=None)
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=1 if BEHIND_PROXY else 0)
if BEHIND_PROXY is None:
    BEHIND_PROXY = TRUSTED_PROXIES > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The header only allows a submission to the browsers' preload list; a
# deployment that may not serve every subdomain over HTTPS turns it off.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Everything the pages load comes from the portal itself; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Every line to stderr with the request id (portal/core/requestids.py): JSON
# Lines for a log collector, or readable text (the default in development).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_config(
    log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO")
)

# Errors to Sentry (portal/core/sentry.py), only when a DSN is given.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    configure_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["portal.api.filters.StrictFilterBackend"],
    # The API (portal/api): JSON only, tokens for registered users, one error
    # shape, rate limits that say where the caller stands.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["portal.api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.ApiTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.PortalRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exceptions.exception_handler",
    # `?format=` chooses a download (csv, jsonl, xlsx), not a renderer.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per period ("60/min", "1000/hour") for callers without and with a token.
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="60/min")
API_THROTTLE_TOKEN = env.str("API_THROTTLE_TOKEN", default="1200/min")
# Requests for an API key (each emails a link) per client address and hour.
API_KEY_REQUESTS_PER_HOUR = env.int("API_KEY_REQUESTS_PER_HOUR", default=5)
# Days a token lasts from its issue (portal/core/tokens.py): anyone's API key,
# and an official's token, which writes records.
API_KEY_LIFETIME_DAYS = env.int("API_KEY_LIFETIME_DAYS", default=365)
OFFICIAL_TOKEN_LIFETIME_DAYS = env.int("OFFICIAL_TOKEN_LIFETIME_DAYS", default=90)
SPECTACULAR_SETTINGS = {
    "TITLE": "Credit disclosure portal API",
    "DESCRIPTION": (
        "Read-only access to entities, permits, penalties, red and black lists, "
        "measures, authorities, regions, demonstration cities and statistics, "
        "with the same filters as the pages; search; a batch credit check; and "
        "the officials' API, with an official's token."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CounterpartCategoryEnum": "portal.registry.models.CounterpartCategory",
        "PermitCategoryEnum": "portal.disclosures.choices.PermitCategory",
        "PenaltyCategoryEnum": "portal.disclosures.choices.PenaltyCategory",
        "IdTypeEnum": "portal.core.identifiers.IdType",
        # Choice sets that share a field name get names of their own.
        "RegionLevelEnum": "portal.registry.models.Region.Level",
        "AuthorityLevelEnum": "portal.registry.models.Authority.Level",
        "AuthorityKindEnum": "portal.registry.models.Authority.Kind",
        "MeasureKindEnum": "portal.creditlists.models.Measure.Kind",
        "WithdrawalReasonEnum": "portal.disclosures.choices.WithdrawalReason",
        # Three choice sets share the field name "state" since random inspections.
        "RecordStateEnum": "portal.disclosures.choices.RecordState",
        "InspectionPlanStateEnum": (
            "portal.api.inspections.serializers.PUBLIC_PLAN_STATES"
        ),
        "InspectionResultStateEnum": (
            "portal.api.inspections.serializers.PUBLIC_RESULT_STATE_CHOICES"
        ),
        "InspectionResultCategoryEnum": (
            "portal.inspections.reference.category_choices"
        ),
        "InspectionFileNameEnum": "portal.inspections.choices.FileName",
    },
}

# Open data (portal/opendata): the XLSX cap and how long daily deltas are kept.
OPEN_DATA_XLSX_MAX_ROWS = env.int("OPEN_DATA_XLSX_MAX_ROWS", default=100_000)
OPEN_DATA_DELTA_DAYS = env.int("OPEN_DATA_DELTA_DAYS", default=31)

# Search: Elasticsearch when a URL is given, else the index in the database.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="portal")
# Seconds a request made while serving (a search, an update after a write)
# waits for the cluster; rebuilds and checks (management commands) wait longer.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=1.0)
ELASTICSEARCH_INDEX_TIMEOUT = env.float("ELASTICSEARCH_INDEX_TIMEOUT", default=30.0)
# The circuit breaker (portal/search/selection.py): after this many failures
# in a row, searches go straight to the database for this many seconds.
ELASTICSEARCH_BREAKER_FAILURES = env.int("ELASTICSEARCH_BREAKER_FAILURES", default=3)
ELASTICSEARCH_BREAKER_SECONDS = env.float("ELASTICSEARCH_BREAKER_SECONDS", default=30.0)

# Working days an authority has to put a decision online (NDRC 2018 No. 424).
PUBLICATION_DEADLINE_WORKING_DAYS = env.int(
    "PUBLICATION_DEADLINE_WORKING_DAYS", default=7
)
# Working days to publish a random-inspection result: market regulation
# publishes 双随机 results within 20 working days (docs/inspections.md cites it).
INSPECTION_RESULT_DEADLINE_WORKING_DAYS = env.int(
    "INSPECTION_RESULT_DEADLINE_WORKING_DAYS", default=20
)

# Officials' publishing (portal/publishing). Background jobs (large imports)
# go through django-tasks; `manage.py db_worker` runs them from the database.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}
# The folder of the "private" storage (STORAGES above) unless private files
# are on S3: uploaded import files and appeal evidence, kept outside
# MEDIA_ROOT so that no web server configured to serve media ever serves them.
PRIVATE_FILES_ROOT = env.path(
    "PRIVATE_FILES_ROOT", default=BASE_DIR / "var" / "private"
)
# Import files up to this size are checked within the request; larger ones go
# to the background worker.
IMPORT_INLINE_MAX_BYTES = env.int("IMPORT_INLINE_MAX_BYTES", default=256 * 1024)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# What one import file may hold; a file past a limit is refused as soon as it
# is met, so that no file takes the worker past a few hundred MB (see
# portal/publishing/importing/readers/).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1_000_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)
IMPORT_MAX_CELL_CHARACTERS = env.int("IMPORT_MAX_CELL_CHARACTERS", default=32_767)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = env.int(
    "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", default=1024 * 1024 * 1024
)
# The shared strings are held as Python strings, up to 4.5 times their XML.
IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES = env.int(
    "IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES", default=32 * 1024 * 1024
)
IMPORT_XLSX_MAX_COMPRESSION_RATIO = env.int(
    "IMPORT_XLSX_MAX_COMPRESSION_RATIO", default=100
)
# An import whose job stopped with its process (a killed worker, a restarted
# web server) is run again up to this many attempts in all, then fails; the
# worker looks for such imports at start and every this many seconds.
IMPORT_MAX_ATTEMPTS = env.int("IMPORT_MAX_ATTEMPTS", default=3)
IMPORT_RECOVERY_SECONDS = env.float("IMPORT_RECOVERY_SECONDS", default=60)
# Records one officials' API call may push; more go through a file import.
PUBLISHING_API_MAX_RECORDS = env.int("PUBLISHING_API_MAX_RECORDS", default=5000)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Credit disclosure portal")
# Failed sign-ins (officials' area and admin; a wrong code counts) allowed per
# account from one client address, and per address over all accounts, within
# a window that starts at the first failure and lasts SIGNIN_LOCKOUT_MINUTES.
# Per account *and* address, so that guessing from elsewhere never locks the
# real official out (portal/core/signins.py).
SIGNIN_FAILURES_PER_ACCOUNT = env.int("SIGNIN_FAILURES_PER_ACCOUNT", default=5)
SIGNIN_FAILURES_PER_ADDRESS = env.int("SIGNIN_FAILURES_PER_ADDRESS", default=30)
SIGNIN_LOCKOUT_MINUTES = env.int("SIGNIN_LOCKOUT_MINUTES", default=15)
# Every signed-in page outside the admin belongs to officials, who sign in with
# password and TOTP.
LOGIN_URL = "publishing:login"

# Appeals (portal/appeals): deadlines in working days (DOMAIN.md §2; see
# docs/appeals.md for the model), evidence files, limits per client address.
APPEALS_OBJECTION_WORKING_DAYS = env.int("APPEALS_OBJECTION_WORKING_DAYS", default=15)
APPEALS_REPAIR_ANSWER_WORKING_DAYS = env.int(
    "APPEALS_REPAIR_ANSWER_WORKING_DAYS", default=10
)
APPEALS_REPAIR_DECISION_WORKING_DAYS = env.int(
    "APPEALS_REPAIR_DECISION_WORKING_DAYS", default=3
)
APPEALS_MAX_FILE_BYTES = env.int("APPEALS_MAX_FILE_BYTES", default=10 * 1024 * 1024)
APPEALS_MAX_FILES = env.int("APPEALS_MAX_FILES", default=5)
APPEALS_SUBMISSIONS_PER_HOUR = env.int("APPEALS_SUBMISSIONS_PER_HOUR", default=10)
APPEALS_TRACKING_ATTEMPTS_PER_HOUR = env.int(
    "APPEALS_TRACKING_ATTEMPTS_PER_HOUR", default=30
)
