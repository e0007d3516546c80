"""Django settings for greenmfg.

Configuration comes from the environment (never read elsewhere at import time):

GREENMFG_DATABASE_URL   sqlite:///path/to/db.sqlite3 (default: var/greenmfg.sqlite3)
                        or postgres://user@host:5432/name
GREENMFG_TEST_DB_NAME   name of the PostgreSQL test database (default test_greenmfg)
GREENMFG_SECRET_KEY     required when GREENMFG_DEBUG is off
GREENMFG_DEBUG          1 for development (the demo sets it)
GREENMFG_ALLOWED_HOSTS  comma-separated
GREENMFG_SECURE         1 behind HTTPS: secure cookies, HSTS, SSL redirect
GREENMFG_AUDIT_KEY      key that seals audit rows and signs checkpoints (default: derived
                        from the secret key); keep it as long as the data
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("GREENMFG_HOME", Path.cwd()))
VAR_DIR = PROJECT_DIR / "var"

DEBUG = os.environ.get("GREENMFG_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("GREENMFG_SECRET_KEY") or (
    "insecure-development-key-only-for-debug" if DEBUG else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set GREENMFG_SECRET_KEY (or GREENMFG_DEBUG=1 for development).")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GREENMFG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

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
    "axes",
    "django_tasks",
    "django_tasks_db",
    "greenmfg.platform.common",
    "greenmfg.platform.accounts",
    "greenmfg.platform.registry",
    "greenmfg.platform.filings",
    "greenmfg.platform.evaluations",
    "greenmfg.platform.workflow",
    "greenmfg.platform.supervision",
    "greenmfg.platform.greencode",
    "greenmfg.platform.dashboards",
    "greenmfg.platform.onboarding",
    "greenmfg.platform.api",
    "greenmfg.platform.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
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


def _database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path) or str(VAR_DIR / "greenmfg.sqlite3")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": (parsed.path or "/greenmfg").lstrip("/"),
            "USER": unquote(parsed.username or "postgres"),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "127.0.0.1",
            "PORT": str(parsed.port or 5432),
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": os.environ.get("GREENMFG_TEST_DB_NAME", "test_greenmfg")},
        }
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"Unsupported GREENMFG_DATABASE_URL scheme: {parsed.scheme!r}")


DATABASES = {
    "default": _database_from_url(
        os.environ.get("GREENMFG_DATABASE_URL", f"sqlite:///{VAR_DIR / 'greenmfg.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
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
if os.environ.get("GREENMFG_SECURE", "0") == "1":
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
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"greenmfg": {"handlers": ["console"], "level": "INFO"}},
}

# Background tasks (PDF reports, recomputation, green-code grading, large imports):
# stored in the database and run by `manage.py db_worker` (the demo starts one).
# GREENMFG_TASKS_IMMEDIATE=1 runs them inline (tests).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("GREENMFG_TASKS_IMMEDIATE", "0") == "1"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

GREENMFG_PAGE_SIZE = 25
