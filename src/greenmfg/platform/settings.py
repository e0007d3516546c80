"""Django settings for greenmfg.

Configuration comes from the environment only (read here, never elsewhere at import time);
``.env.example`` lists every variable with its meaning and ``docs/deployment.md`` explains
them.  A missing or invalid value stops the start with one line naming the variable
(:mod:`greenmfg.platform.config`).
"""

from __future__ import annotations

import os
from pathlib import Path

from greenmfg.platform import config

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("GREENMFG_HOME", Path.cwd()))
VAR_DIR = PROJECT_DIR / "var"

DEBUG = config.env_flag("GREENMFG_DEBUG")
SECRET_KEY = config.secret_key(debug=DEBUG)

ALLOWED_HOSTS = config.env_list("GREENMFG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "ninja",  # serves Swagger UI at /api/v1/docs from its own static files (no CDN)
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_prometheus",
    "django_structlog",
    "health_check",
    "greenmfg.platform.common",
    "greenmfg.platform.accounts",
    "greenmfg.platform.registry",
    "greenmfg.platform.filings",
    "greenmfg.platform.evaluations",
    "greenmfg.platform.workflow",
    "greenmfg.platform.supervision",
    "greenmfg.platform.greencode",
    "greenmfg.platform.dashboards",
    "greenmfg.platform.footprints",
    "greenmfg.platform.onboarding",
    "greenmfg.platform.api",
    "greenmfg.platform.ops",
    "greenmfg.platform.audit",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "greenmfg.platform.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "greenmfg.platform.common.middleware.GenerationsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "greenmfg.platform.common.middleware.BoundedPathIntegersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_structlog.middlewares.RequestMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "greenmfg.platform.urls"
WSGI_APPLICATION = "greenmfg.platform.wsgi.application"

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
                "greenmfg.platform.common.context_processors.navigation",
            ],
        },
    },
]


DATABASES = {
    "default": config.database(
        os.environ.get("GREENMFG_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'greenmfg.sqlite3'}",
        test_name=os.environ.get("GREENMFG_TEST_DB_NAME", "test_greenmfg"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "greenmfg.platform.accounts.throttle.LoginLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "registry:public_list"

# Login throttling (django-axes): lock an account/IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
# Across accounts from one address, and across addresses for one account
# (greenmfg.platform.accounts.throttle).
GREENMFG_LOGIN_IP_LIMIT = int(os.environ.get("GREENMFG_LOGIN_IP_LIMIT", "20"))
GREENMFG_LOGIN_ACCOUNT_LIMIT = int(os.environ.get("GREENMFG_LOGIN_ACCOUNT_LIMIT", "10"))
# API throttles (django-ninja, counted in the configured cache): requests per client;
# GREENMFG_API_THROTTLE=off turns them off (a proxy that limits rates itself, load tests).
GREENMFG_API_THROTTLE = os.environ.get("GREENMFG_API_THROTTLE", "on")
# Visitors' public pages and anonymous API answers cached in the shared cache under the
# registry's generation (greenmfg.platform.common.pagecache); "off" turns that off.
GREENMFG_PUBLIC_CACHE = os.environ.get("GREENMFG_PUBLIC_CACHE", "on")
GREENMFG_API_RATE_ANON = os.environ.get("GREENMFG_API_RATE_ANON", "60/min")
GREENMFG_API_RATE_TOKEN = os.environ.get("GREENMFG_API_RATE_TOKEN", "600/min")
GREENMFG_OBJECTION_RATE = os.environ.get("GREENMFG_OBJECTION_RATE", "10/hour")

# Content-Security-Policy (django-csp): scripts only from our own static files, never
# inline (no nonce is needed: no page has an inline script or handler); inline styles
# stay allowed for the style attributes of charts and tables.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Tamper evidence of the audit tables (greenmfg.platform.audit).
AUDIT_SIGNING_KEY = os.environ.get("GREENMFG_AUDIT_KEY", "")

# Security headers and cookies.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 8
if config.env_flag("GREENMFG_SECURE"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Internationalisation: Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GREENMFG_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("GREENMFG_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# File storage: uploads and reports on the local disk (MEDIA_ROOT) by default, or an
# S3-compatible object store (django-storages) when GREENMFG_S3_BUCKET is set.  Static
# files: hashed and compressed by whitenoise (collected by `greenmfg serve`).
STORAGES = {
    "default": config.file_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "greenmfg.platform.ops.storage.StaticStorage"
        )
    },
}

# Shared cache, sessions, throttles and the task queue: Redis when GREENMFG_REDIS_URL is set.
REDIS_URL = (
    config.redis_url(os.environ["GREENMFG_REDIS_URL"])
    if os.environ.get("GREENMFG_REDIS_URL")
    else ""
)
CACHE_KEY_PREFIX = os.environ.get("GREENMFG_CACHE_PREFIX", "greenmfg")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "greenmfg.platform.ops.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:  # one host, several processes: a cache on disk they all share
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# Each process's own memory, for what never changes once written: entries whose key names
# a data generation (greenmfg.platform.common.generations) and fragments of the page frame.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "greenmfg-local",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# Logs: one JSON object per line on stderr (request id, user, traceback of every 500), or
# readable lines when GREENMFG_LOG_FORMAT=console (the default while debugging).
LOG_LEVEL = os.environ.get("GREENMFG_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("GREENMFG_LOG_FORMAT", "console" if DEBUG else "json")
LOGGING = config.logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)
DJANGO_STRUCTLOG_CELERY_ENABLED = False
config.configure_structlog()

# Background tasks (PDF reports, exports, recomputation, grading, imports) through the
# django-tasks API: on Redis with RQ workers when GREENMFG_REDIS_URL is set, else in the
# database (django-tasks-db).  `greenmfg serve` starts the workers; GREENMFG_TASKS_IMMEDIATE=1
# runs tasks inline (tests).  Each attempt is limited in time; a failed or abandoned task
# is retried with a growing delay, then marked failed.
# A web worker is replaced after this many requests (a guard against slow leaks; 0 = never),
# each after its own share of up to half as many again, so the workers are never all
# replaced at the same moment (replacing all at once stalls every request for seconds).
WEB_MAX_REQUESTS = config.env_int("GREENMFG_WEB_MAX_REQUESTS", 50_000)
TASK_TIME_LIMIT = config.env_int("GREENMFG_TASK_TIME_LIMIT", 900, minimum=1)
TASK_MAX_ATTEMPTS = config.env_int("GREENMFG_TASK_MAX_ATTEMPTS", 3, minimum=1)
TASK_RETRY_DELAYS = [10, 60, 300]  # seconds before the 2nd, 3rd, 4th… attempt
TASK_RESULT_DAYS = config.env_int("GREENMFG_TASK_RESULT_DAYS", 14, minimum=1)
if config.env_flag("GREENMFG_TASKS_IMMEDIATE"):
    _TASK_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
elif REDIS_URL:
    _TASK_BACKEND = "greenmfg.platform.ops.taskqueue.RQBackend"
else:
    _TASK_BACKEND = "django_tasks_db.DatabaseBackend"
TASKS = {"default": {"BACKEND": _TASK_BACKEND, "QUEUES": ["default"]}}
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": TASK_TIME_LIMIT,
        "DEFAULT_RESULT_TTL": TASK_RESULT_DAYS * 86400,
    }
}
RQ_SHOW_ADMIN_LINK = False

# Periodic work, run by `greenmfg scheduler` (started by `greenmfg serve`): name → cron
# expression (minute hour day month weekday, in TIME_ZONE) and the task it queues.
GREENMFG_SCHEDULES = config.schedules(
    {
        "filing-reminders": ("30 8 * * *", "greenmfg.platform.ops.jobs.filing_reminders"),
        "workflow-reminders": ("0 8 * * *", "greenmfg.platform.ops.jobs.workflow_reminders"),
        "green-code-grading": ("0 2 * * *", "greenmfg.platform.ops.jobs.grade_after_deadline"),
        "index-snapshots": ("30 3 * * *", "greenmfg.platform.ops.jobs.index_snapshots"),
        "prune-task-results": ("15 4 * * *", "greenmfg.platform.ops.jobs.prune_task_results"),
        "audit-checkpoint": ("45 23 * * *", "greenmfg.platform.ops.jobs.audit_checkpoint"),
    }
)
# The function that writes an audit checkpoint (signed head of every audit chain); the
# job above calls it when it exists.
GREENMFG_AUDIT_CHECKPOINT = os.environ.get(
    "GREENMFG_AUDIT_CHECKPOINT", "greenmfg.platform.audit.services.checkpoint_create"
)

# Metrics (/metrics, Prometheus) answer only to these networks.
METRICS_NETWORKS = config.networks("GREENMFG_METRICS_NETWORKS", "127.0.0.1/32,::1/128")
PROMETHEUS_EXPORT_MIGRATIONS = False

# E-mail: SMTP by URL (smtp://user:password@host:25, submission://…:587 for STARTTLS,
# smtps://…:465); without GREENMFG_EMAIL_URL mail is printed on standard output.
_EMAIL = config.email(os.environ.get("GREENMFG_EMAIL_URL") or "console:")
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _EMAIL["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_EMAIL["EMAIL_USE_TLS"])
EMAIL_USE_SSL = bool(_EMAIL["EMAIL_USE_SSL"])
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("GREENMFG_EMAIL_FROM", "greenmfg <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
GREENMFG_SITE_URL = os.environ.get("GREENMFG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

GREENMFG_PAGE_SIZE = 25
