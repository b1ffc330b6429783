"""Settings for Oslo Procurement, all read from the environment in this one file.

With nothing set, the app runs as the demo: SQLite in var/, Celery tasks run eagerly
in-process, emails are written as files to var/mail/ and DEBUG is on. Setting
DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY and ALLOWED_HOSTS switches to the real
parts; with DEBUG off the app refuses to start without a real SECRET_KEY.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"  # noqa: S105  (refused when DEBUG is off)

# The demo (nothing configured) runs with DEBUG on; once a real database is configured
# DEBUG defaults to off, so a production deployment cannot forget to turn it off.
DEBUG = env.bool("DEBUG", default="DATABASE_URL" not in env)
# A secret may come from the environment or from a file (Docker/Kubernetes secrets).
if "SECRET_KEY_FILE" in env:
    SECRET_KEY = Path(env.str("SECRET_KEY_FILE")).read_text().strip()
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEMO_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 40 characters when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_htmx",
    "simple_history",
    # project core (imports no domain app)
    "oslo_procurement.accounts",
    "oslo_procurement.audit",
    "oslo_procurement.notifications",
    # domain apps, lowest floor first
    "suppliers",
    "criteria",
    "contracts",
    "followup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "oslo_procurement.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "oslo_procurement.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "oslo_procurement.urls"
WSGI_APPLICATION = "oslo_procurement.wsgi.application"

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
                "oslo_procurement.accounts.context_processors.roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = "Europe/Oslo"
# Redis redelivers a task not acknowledged within visibility_timeout. It must stay above the
# longest task (the reminder sweep: 10 min hard limit) plus the longest retry countdown
# (30 min): reminders are never scheduled as countdowns, a periodic task finds what is due.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60, "socket_connect_timeout": 5}
# Exactly one `celery beat` process runs this schedule (never `worker -B` beside other workers).
CELERY_BEAT_SCHEDULE = {
    # Leadership reports: find due subscriptions, render once per period, send each delivery once.
    "reports-send-due": {"task": "followup.reports.tasks.send_due_reports", "schedule": crontab(hour=6, minute=30)},
    # PDFs asked for and report emails resent while Redis was down: rendered/sent once it is back.
    "reports-catch-up": {"task": "followup.reports.tasks.catch_up_reports", "schedule": 60.0},
    # Send what waits in the notification outbox (Redis was down, a retry is due, a sweep
    # made reminders) and rescue emails whose worker died while sending.
    "notifications-drain-outbox": {
        "task": "oslo_procurement.notifications.tasks.drain_outbox",
        "schedule": 60.0,
    },
    # Deadline reminders, escalations and digests. Safe to run any number of times: the
    # first run of the day sends the day's reminders, later runs catch up what a failed
    # run missed.
    "reminders-sweep": {
        "task": "followup.reminders.tasks.sweep_reminders",
        "schedule": crontab(minute=5, hour="6-22"),
    },
}

# --- Email ------------------------------------------------------------------------------
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Oslo Procurement <noreply@example.org>")

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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
# Uploaded files live outside any URL; they are served only through permission-checking views.
MEDIA_ROOT = VAR_DIR / "uploads"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Security (production) --------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Page size for every paginated list.
PAGE_SIZE = 25
