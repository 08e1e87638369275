"""jalon settings: one module, driven by environment variables.

Development works out of the box (SQLite under var/, DEBUG on). In production set
JALON_DEBUG=0 (`jalon serve --production` does), and then JALON_SECRET_KEY is required:
the process refuses to start without it rather than run with a guessable key. Every
variable is listed in the README's "Configuration" table.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("JALON_DEBUG", True)

SECRET_KEY = env_str("JALON_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("JALON_SECRET_KEY must be set when JALON_DEBUG is off.")
    SECRET_KEY = "jalon-development-only-secret-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("JALON_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Runtime files (the default SQLite database, the first admin's password) live here.
VAR_DIR = Path(env_str("JALON_VAR_DIR", str(BASE_DIR / "var")))
# Created here, not by one command: whatever runs first (the CLI, the test suite, a WSGI
# server) finds it. Readable by its owner only: it holds the database and a password.
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "jalon.programmes",
    "jalon.reporting",
    "jalon.revisions",
    "jalon.translation",
    "jalon.interchange",
    "jalon.agenda",
    "jalon.rules",
    "jalon.accounts",
    "jalon.api",
    "jalon.web",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "csp",
    "jalon.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jalon.operations.csp.CSPMiddleware",  # django-csp's, its policy built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # jalon.api.middleware's are Django's and simple_history's, passed by a token's read
    # of the API (which has no session, no messages, and writes nothing).
    "jalon.api.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "jalon.api.middleware.AuthenticationMiddleware",
    "jalon.api.middleware.MessageMiddleware",
    "jalon.api.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "jalon.api.middleware.ApiVersionMiddleware",
]

ROOT_URLCONF = "jalon.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jalon.web.context.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "jalon.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("JALON_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'jalon.sqlite3'}",
        # A worker keeps its connection between requests: opening one per request (and,
        # for SQLite, registering Django's functions on it) cost ~2 ms of server CPU, two
        # thirds of a remembered API answer under gunicorn. A connection found broken
        # (a database restarted) is replaced at the start of the next request.
        conn_max_age=int(env_str("JALON_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers take the lock when their transaction begins and wait for each other,
    # instead of failing with "database is locked" when a reader turns writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Tests use a file, not memory: concurrent writers must meet SQLite's real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-jalon.sqlite3")}
    # The database holds the API tokens: readable by its owner only (SQLite gives its
    # journal files the same mode), created without following a symbolic link.
    _database = Path(DATABASES["default"]["NAME"])
    try:
        os.close(os.open(_database, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600))
    except FileExistsError:
        if _database.is_file() and not _database.is_symlink():
            _database.chmod(0o600)
    except OSError:
        pass  # a directory that does not exist (yet): SQLite will say so clearly

# One cache for every worker and command: a database table by default (no extra service),
# Redis when JALON_CACHE_URL says redis://…, per-process memory with locmem://.
CACHE_URL = env_str("JALON_CACHE_URL", "db://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL}}  # fmt: skip
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL.removeprefix("db://") or "jalon_cache",
        }
    }
else:
    raise ImproperlyConfigured(
        f"JALON_CACHE_URL must start with db://, redis:// or locmem://, not {CACHE_URL!r}."
    )
# The API's rate-limit counters change on every request: in Redis they are shared; never
# in the database (a write per read request), so there they count per process.
CACHES["throttle"] = (
    CACHES["default"]
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The language when the browser asks for neither French nor English.
LANGUAGE_CODE = env_str("JALON_LANGUAGE", "en")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jalon" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Brute force: 5 failed sign-ins from one address (password spraying across accounts), or
# for one user name from any addresses, lock for 15 minutes. The client's address is read
# from X-Forwarded-For only when the request comes from one of JALON_TRUSTED_PROXIES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",  # per-body rules (jalon.accounts.permissions)
]
# Members read every body's programmes ("all") or only the bodies they are given ("assigned").
JALON_MEMBERS_READ = env_str("JALON_MEMBERS_READ", "all")
if JALON_MEMBERS_READ not in ("all", "assigned"):
    raise ImproperlyConfigured("JALON_MEMBERS_READ must be 'all' or 'assigned'")
AXES_FAILURE_LIMIT = int(env_str("JALON_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
TRUSTED_PROXIES = set(env_list("JALON_TRUSTED_PROXIES"))
AXES_CLIENT_IP_CALLABLE = "jalon.accounts.client.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

REST_FRAMEWORK = {
    # Token first: an anonymous request gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jalon.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["jalon.api.permissions.RolePermission"],
    # JSON in: a generated client sends JSON, and null stays null (a form sends "None").
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "jalon.api.negotiation.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "jalon.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jalon.api.errors.exception_handler",
    # Per token, by role; "none" lifts the limit. Over it: 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": ["jalon.api.throttling.RoleRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        role: None if rate == "none" else rate
        for role, default in (
            ("member", "600/minute"),
            ("secretariat", "1200/minute"),
            ("admin", "1200/minute"),
        )  # fmt: skip
        if (rate := env_str(f"JALON_API_RATE_{role.upper()}", default))
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "jalon API",
    "DESCRIPTION": (
        "The work programme, its sessions and status reports, the rule checker's findings "
        "and the session documents. Authenticate with `Authorization: Token <key>` "
        "(`jalon token NAME`) or the web session. Members read; the Secretariat writes."
    ),
    "VERSION": "1.0.0",
    # OpenAPI 3.1: a nullable enum is oneOf [the enum, {"type": "null"}], which linters and
    # generators accept; 3.0 can only say it with `nullable` beside a $ref (ignored there).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "KeywordEnum": "jalon.reporting.choices.Keyword",
        "SectionEnum": "jalon.programmes.choices.Section",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jalon.api.schema.postprocess",
    ],
}

WHITENOISE_USE_FINDERS = DEBUG

# Production hardening: on whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("JALON_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's check speaks plain HTTP
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env_str("JALON_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): nothing runs or styles a page but jalon's own
# files. The pages have no inline script or style; charts are images (data: URIs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logging: one line per event on stderr, as JSON (request errors with their traceback,
# jalon's own events: imports, freezes, unfreezes and their reason, failed sign-ins).
# gunicorn's access log uses the same form (jalon/operations/gunicorn.conf.py).
LOG_LEVEL = env_str("JALON_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "jalon.operations.logs.JsonFormatter"},
        "plain": {"format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {"class": "jalon.operations.logs.StderrHandler", "formatter": "json"},
        # The development server's request lines stay readable for a developer.
        "runserver": {"class": "jalon.operations.logs.StderrHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # A 404 is not an event worth a line; a 500 is, with its traceback.
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["runserver"], "level": "INFO", "propagate": False},
        "jalon": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# Errors to Sentry when SENTRY_DSN is set (no personal data sent).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"),
                    send_default_pii=False)  # fmt: skip

# E-mail (reminders): printed on the console unless an SMTP server is configured.
EMAIL_HOST = env_str("JALON_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env_str("JALON_EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_str("JALON_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("JALON_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("JALON_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("JALON_EMAIL_FROM", "jalon <jalon@localhost>")
# The address of the web application, for links in e-mails.
JALON_BASE_URL = env_str("JALON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Bounds on the work one imported file can cause (web upload and `jalon import` alike):
# the file's size; for Word and Excel files (zips) their uncompressed size and number of
# parts, checked before parsing; and the seconds a web import may spend reading.
IMPORT_MAX_BYTES = int(env_str("JALON_IMPORT_MAX_MB", "20")) * 1024 * 1024
IMPORT_MAX_UNCOMPRESSED_BYTES = int(env_str("JALON_IMPORT_MAX_UNCOMPRESSED_MB", "100")) * 2**20
IMPORT_MAX_PARTS = int(env_str("JALON_IMPORT_MAX_PARTS", "1000"))
IMPORT_WEB_SECONDS = float(env_str("JALON_IMPORT_WEB_SECONDS", "10"))
