"""Settings for Oslo Procurement, all read from the environment in this one file.

With nothing set, the app runs as the demo: SQLite in var/, Celery tasks run eagerly
in-process, emails are written as files to var/mail/ and DEBUG is on. Setting
DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY and ALLOWED_HOSTS switches to the real
parts; with DEBUG off the app refuses to start without a real SECRET_KEY.
"""

from datetime import timedelta
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


def env_secret(name, default=""):
    """A secret from the environment variable NAME, or from the file that NAME_FILE names
    (Docker/Kubernetes secrets), so it need not sit in the process environment."""
    if f"{name}_FILE" in env:
        return Path(env.str(f"{name}_FILE")).read_text().strip()
    return env.str(name, default=default)


SECRET_KEY = env_secret("SECRET_KEY", default=DEMO_SECRET_KEY)
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
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # project core (imports no domain app)
    "oslo_procurement.accounts",
    "oslo_procurement.audit",
    "oslo_procurement.notifications",
    "oslo_procurement.ops",
    "oslo_procurement.imports",
    # the REST API's machinery (tokens, roles, pagination, schema); the resources are the apps'
    "oslo_procurement.api",
    # domain apps, lowest floor first
    "suppliers",
    "criteria",
    "contracts",
    "followup",
]

MIDDLEWARE = [
    # First: every response (redirects and errors too) gets an X-Request-ID and one log line.
    "oslo_procurement.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: oversized requests refused; no-store behind the login.
    "oslo_procurement.security.RequestLimitsMiddleware",
    "oslo_procurement.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # "no", "nn" and "nb-NO" in Accept-Language mean Bokmål (Django knows only "nb").
    "oslo_procurement.i18n.NorwegianAcceptLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "oslo_procurement.accounts.middleware.OTPMiddleware",
    "oslo_procurement.accounts.middleware.SessionSecurityMiddleware",
    "oslo_procurement.accounts.middleware.UserLanguageMiddleware",
    "oslo_procurement.accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "oslo_procurement.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
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
                "contracts.context_processors.buyer_brand",
            ],
            # The project's {% url %}: Django's, reversing each view once per process.
            "builtins": ["oslo_procurement.template_urls"],
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
# Several app servers share one Redis cache; only the demo (no REDIS_URL) keeps it in memory.
# Connect and read timeouts on every Redis socket (cache, broker, result backend): a Redis
# that is down or that accepts connections and never answers makes a call fail within
# seconds instead of hanging a request; what was to be queued waits in the outbox.
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=2.0)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
# After Redis failed to answer, a web process does not ask it again for this many seconds
# (oslo_procurement/notifications/breaker.py): one request pays the timeout, not every call.
REDIS_RETRY_AFTER = env.float("REDIS_RETRY_AFTER", default=15.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "oslo",
            "OPTIONS": {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, shared by every app server. Not cached_db: that backend
# writes the cache on every session load without catching errors, so a Redis outage would
# break every logged-in page; one primary-key read per request is cheap (a prepared statement:
# oslo_procurement/accounts/sessions.py).
SESSION_ENGINE = "oslo_procurement.accounts.sessions"

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
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    # Queueing a task after a commit tries once: the outbox and the catch-up jobs keep the work.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
# Exactly one `celery beat` process runs this schedule (never `worker -B` beside other workers).
CELERY_BEAT_SCHEDULE = {
    # Leadership reports: find due subscriptions, render once per period, send each delivery once.
    "reports-send-due": {"task": "followup.reports.tasks.send_due_reports", "schedule": crontab(hour=6, minute=30)},
    # PDFs asked for and report emails resent while Redis was down: rendered/sent once it is back.
    "reports-catch-up": {"task": "followup.reports.tasks.catch_up_reports", "schedule": 60.0},
    # Sanction letters whose PDF failed or whose task never came: rendered, then their held
    # emails sent with the PDF (followup/letters/services.py).
    "letters-catch-up": {"task": "followup.letters.tasks.catch_up_letters", "schedule": 60.0},
    # Large CMRT uploads whose task never came (Redis was down) or whose worker died: read now.
    "cmrt-uploads-catch-up": {"task": "suppliers.tasks.catch_up_cmrt_uploads", "schedule": 60.0},
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
    # Personal data past its retention period is anonymised (docs/PRIVACY.md).
    "privacy-retention": {
        "task": "suppliers.tasks.apply_personal_data_retention",
        "schedule": crontab(hour=3, minute=15, day_of_week="mon"),
    },
    # Active Norwegian suppliers checked against the Brønnøysund register: bankrupt, under
    # liquidation or forced dissolution, or deleted is flagged (suppliers/brreg.py). Safe to rerun.
    "brreg-daily-check": {
        "task": "suppliers.tasks.check_register",
        "schedule": crontab(hour=4, minute=40),
    },
    # Proves beat and a worker are alive and the queue flows: /health/workers reads it.
    "ops-heartbeat": {"task": "oslo_procurement.ops.tasks.heartbeat", "schedule": 30.0, "options": {"expires": 25}},
}
# Worker logs go through LOGGING below (JSON in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Email ------------------------------------------------------------------------------
# Every email goes through the outbox (oslo_procurement/notifications/services.py) and is
# sent by a worker. SMTP relays go through the outbox's backend, which records the moment
# the relay has the message (so a killed worker never sends it twice).
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
    if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F821  (set just above)
        EMAIL_BACKEND = "oslo_procurement.notifications.backends.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# Seconds for each SMTP connection, command and reply. Read here because django-environ's
# email_url ignores a ?timeout= on EMAIL_URL.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10.0)
# A transient failure (4xx, refused, timeout, a relay that hangs) is retried with backoff for
# this long after the first attempt; then the email is failed and shown to administrators.
EMAIL_RETRY_HOURS = env.float("EMAIL_RETRY_HOURS", default=48.0)
# This many emails waiting for a retry or failed within the last hour is one incident: one
# alert to the administrators (and one log line), not one per email.
EMAIL_ALERT_THRESHOLD = env.int("EMAIL_ALERT_THRESHOLD", default=10)
# Password reset requests: per email address and per client address, per hour.
PASSWORD_RESET_RATE_PER_EMAIL = env.int("PASSWORD_RESET_RATE_PER_EMAIL", default=3)
PASSWORD_RESET_RATE_PER_IP = env.int("PASSWORD_RESET_RATE_PER_IP", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Oslo Procurement <noreply@example.org>")

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Who owns a criteria catalogue (criteria.Criterion.owner): a buyer. A setting, as
# AUTH_USER_MODEL is, so the criteria app names no higher app in its code.
CATALOGUE_OWNER_MODEL = "contracts.Buyer"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["email", "full_name"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "oslo_procurement.accounts.validators.PersonalDetailsValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)

# --- Login security: throttling, two-factor, sessions (README "Login security") ----------
# django-axes checks every password login first; ModelBackend then does the real check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Restores sessions that began at a buyer's identity provider; authenticates no password.
    "contracts.sso.backend.BuyerOIDCBackend",
]
# The client address: REMOTE_ADDR, or the address the reverse proxy puts into CLIENT_IP_HEADER
# (e.g. X-Forwarded-For), counting TRUSTED_PROXY_COUNT proxies from the right. Set the header
# only behind a proxy that overwrites or appends it, or clients can choose their own address.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one person on one network
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "oslo_procurement.accounts.throttling.attempted_email"
AXES_CLIENT_IP_CALLABLE = "oslo_procurement.security.client_ip"
AXES_LOCKOUT_CALLABLE = "oslo_procurement.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
# Two-factor (TOTP) for officers, managers and administrators; supplier users may opt in.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Oslo Procurement")
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes in a row, wait 2^(n-1) seconds
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the back office never shows a user's TOTP key
# Logged out after this many minutes without a request, and at the latest this long after login.
# Single sign-on for staff through each buyer's OpenID Connect provider (contracts/sso/,
# configured per buyer in the back office; README "Single sign-on for staff").
OIDC_TIMEOUT = env.int("SSO_HTTP_TIMEOUT", default=10)  # seconds, for every call to a provider
SSO_DISCOVERY_CACHE_SECONDS = env.int("SSO_DISCOVERY_CACHE_SECONDS", default=3600)
SSO_STATE_MAX_AGE_SECONDS = env.int("SSO_STATE_MAX_AGE_SECONDS", default=600)  # a login started and not finished
SSO_CLOCK_LEEWAY_SECONDS = env.int("SSO_CLOCK_LEEWAY_SECONDS", default=60)

SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)
SESSION_IDLE_MINUTES_SUPPLIER = env.int("SESSION_IDLE_MINUTES_SUPPLIER", default=60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=SESSION_COOKIE_AGE)
# Personal data retention (docs/PRIVACY.md; `manage.py anonymise_personal_data`).
CONTACT_RETENTION_DAYS = env.int("CONTACT_RETENTION_DAYS", default=365)
SUPPLIER_USER_RETENTION_DAYS = env.int("SUPPLIER_USER_RETENTION_DAYS", default=730)

# The Brønnøysund Register Centre (Enhetsregisteret): the supplier form's lookup, the daily check
# of active Norwegian suppliers and `manage.py load_brreg` (README "The Brønnøysund register").
# BRREG_TIMEOUT bounds each lookup in all (connect, wait and read), in seconds.
BRREG_ENABLED = env.bool("BRREG_ENABLED", default=True)
BRREG_URL = env.str("BRREG_URL", default="https://data.brreg.no/enhetsregisteret/api")
BRREG_TIMEOUT = env.float("BRREG_TIMEOUT", default=5.0)
AUDIT_IP_RETENTION_DAYS = env.int("AUDIT_IP_RETENTION_DAYS", default=365)

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
# Uploaded files (evidence, CMRT workbooks, rendered PDFs) go through STORAGES["default"]
# only, never a local path, so several app servers can share them: a folder by default, an
# S3-compatible bucket (private objects) when S3_BUCKET is set.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "oslo_procurement.staticfiles.StaticFilesStorage"
        )
    },
}
# Uploaded files live outside any URL; they are served only through permission-checking views.
MEDIA_ROOT = VAR_DIR / "uploads"
# A CMRT whose Smelter List names more metal rows than this is stored at upload and read by
# a worker, with its progress shown (suppliers/cmrt/services.py); smaller ones are read at once.
CMRT_BACKGROUND_ROWS = env.int("CMRT_BACKGROUND_ROWS", default=600)
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    S3_DEFAULT_ACL = env.str("S3_DEFAULT_ACL", default="private")
    if S3_DEFAULT_ACL.startswith("public"):
        raise ImproperlyConfigured("S3_DEFAULT_ACL must not make uploaded files public.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            # Without keys boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": env_secret("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY") or None,
            "location": env.str("S3_PREFIX", default=""),
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            # Empty for buckets with ACLs disabled (bucket owner enforced); never public.
            "default_acl": S3_DEFAULT_ACL or None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# Inputs, textareas, selects and their options written in Python with the HTML of Django's
# widget templates (one template render per radio option was 40 % of the questionnaire page).
FORM_RENDERER = "oslo_procurement.form_renderer.FastWidgetRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# A request body larger than this is refused (HTTP 413) before it is read: the largest
# upload (oslo_procurement/uploads.py, 20 MB) plus 1 MB for the form's other fields. Set
# the same limit on the reverse proxy (nginx: client_max_body_size 21m).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=21 * 1024 * 1024)
# Form fields other than files stay under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).

# --- Security (production) --------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    # Behind a reverse proxy that terminates TLS and sets this header ("" when it does not).
    _proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="X-Forwarded-Proto: https")
    if _proxy_header:
        _name, _, _value = _proxy_header.partition(":")
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health endpoints over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Only when the proxy sets X-Forwarded-Host (and strips it from clients).
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
USE_X_FORWARDED_PORT = env.bool("USE_X_FORWARDED_PORT", default=False)

# --- Logs: one line per event on stdout; JSON in production, plain text in the demo -------
# Every line carries the request id (X-Request-ID) or the Celery task; each request logs one
# line with user id, path, status and duration (oslo_procurement/ops/middleware.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'plain' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "oslo_procurement.ops.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "oslo_procurement.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's own request lines: RequestLogMiddleware already logs every request.
        "django.server": {"level": "WARNING"},
        # django-axes announces itself at INFO in every process; its lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}

# --- Health endpoints (/health/live, /health/ready, /health/workers) ----------------------
HEALTH_TIMEOUT = env.float("HEALTH_TIMEOUT", default=1.0)  # seconds for each Redis/worker check
HEALTH_HEARTBEAT_MAX_AGE = env.int("HEALTH_HEARTBEAT_MAX_AGE", default=120)  # the heartbeat runs every 30 s

# Page size for every paginated list.
PAGE_SIZE = 25
# The shared registries (suppliers, factories) count at most this many rows per list: past it
# the list says "more than" and asks for a narrower search (see core.paginate).
REGISTRY_COUNT_CAP = env.int("REGISTRY_COUNT_CAP", default=10_000)

# --- Exchange with other public buyers and OCDS (followup/exchange) ----------------------------
# The ocid prefix registered with the Open Contracting Partnership ("ocds-" and six characters).
# The default is for the demo only: a real publication needs its own registered prefix.
OCDS_OCID_PREFIX = env.str("OCDS_OCID_PREFIX", default="ocds-demo00")
# Who answers questions about the published data and the follow-up extension: the extension's
# contactPoint (the extension metadata schema requires a name and an email address). By default
# the sender of the installation's emails.
OCDS_CONTACT_NAME = env.str("OCDS_CONTACT_NAME", default="")
OCDS_CONTACT_EMAIL = env.str("OCDS_CONTACT_EMAIL", default="")
# The largest partner file the import accepts.
EXCHANGE_IMPORT_MAX_BYTES = env.int("EXCHANGE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)

# --- REST API (/api/v1/, oslo_procurement/api) ------------------------------------------
# Read-only, token authentication only (no session: a browser's login never reaches the
# API), JSON only (the browsable API is off); every list paginated and filterable.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["oslo_procurement.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["oslo_procurement.api.permissions.ApiAccess"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "oslo_procurement.api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["oslo_procurement.api.throttling.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": PAGE_SIZE,
}
# The organisation a token's user reads for: each domain app's own rule (the core names
# them here and imports no domain app).
API_ORGANISATION_OF = {
    "staff": "contracts.access.buyer_of",
    "supplier": "suppliers.access.supplier_of",
}
# Requests per token (and per client address for the public schema), counted in the cache
# (Redis in production, so all web workers share the count).
API_THROTTLE_RATES = {
    "token": env.str("API_RATE_PER_TOKEN", default="1200/hour"),
    "public": env.str("API_RATE_PUBLIC", default="120/hour"),
}
# Cap on ?page_size= for API lists.
API_MAX_PAGE_SIZE = 100
SPECTACULAR_SETTINGS = {
    "TITLE": "Oslo Procurement API",
    "DESCRIPTION": (
        "Read-only access to the follow-up of ICT suppliers on human and labour rights: suppliers, "
        "factories, framework agreements, lots, awards, the criteria catalogue, self-assessments, "
        "findings, corrective actions, sanctions and risk. Authenticate with a personal API token: "
        "`Authorization: Token <key>` (or `Bearer <key>`). A token reads what its owner may read "
        "on the screens, scoped to the owner's buyer or supplier."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": False,
    # One name for the risk levels used by lots and risk figures alike.
    "ENUM_NAME_OVERRIDES": {"RiskLevelEnum": "oslo_procurement.vocab.RiskLevel"},
    # The error responses every operation can give (oslo_procurement/api/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "oslo_procurement.api.openapi.add_error_responses",
    ],
}
