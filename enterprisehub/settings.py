"""EnterpriseHub settings: one module, driven by the environment (see .env.example).

Without DATABASE_URL / REDIS_URL it runs on SQLite with in-process cache, channel layer and
eager Celery; with them, on PostgreSQL and Redis. Production (ENTERPRISEHUB_ENV=production)
refuses to start without real secrets.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from enterprisehub import devkeys

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

ENV_NAME = env.str("ENTERPRISEHUB_ENV", default="development")
PRODUCTION = ENV_NAME == "production"
TESTING = env.bool("ENTERPRISEHUB_TESTING", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION and not TESTING)

# --- secrets -------------------------------------------------------------------------------
_SECRET_NAMES = ("SECRET_KEY", "FERNET_KEYS", "PII_HASH_KEY")
if PRODUCTION:
    missing = [name for name in _SECRET_NAMES if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            f"production settings need real {', '.join(missing)} in the environment"
        )
    _dev = {}
else:
    _dev = devkeys.load_or_create(BASE_DIR / ".dev-keys.json", names=_SECRET_NAMES)

SECRET_KEY = env.str("SECRET_KEY", default="") or _dev["SECRET_KEY"]
# Comma-separated; the first key encrypts, every key decrypts (rotation: prepend a new one).
FERNET_KEYS = env.list("FERNET_KEYS", default=[]) or [_dev["FERNET_KEYS"]]
# Separate key for the blind indexes (HMAC-SHA256) so exact lookup never needs decryption.
PII_HASH_KEY = env.str("PII_HASH_KEY", default="") or _dev["PII_HASH_KEY"]

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI / Redoc served from our static files, not a CDN
    "auditlog",
    "channels",
    "enterprisehub",
    "enterprisehub.accounts",
    "compliance",
    "properties",
    "leads",
    "bots",
    "billing",
    "analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "enterprisehub.security.LoginRateLimitMiddleware",
]

ROOT_URLCONF = "enterprisehub.urls"
WSGI_APPLICATION = "enterprisehub.wsgi.application"
ASGI_APPLICATION = "enterprisehub.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"  # brokers and agents; the admin keeps its own
LOGIN_REDIRECT_URL = "/listings/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # TREC's notice links belong on every page we serve: {% trec_footer %} everywhere.
            "builtins": ["compliance.templatetags.compliance_tags"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- data stores -----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
else:  # an unreachable database fails fast (readiness answers instead of hanging)
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
        "DATABASE_CONNECT_TIMEOUT", default=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("ENTERPRISEHUB_CACHE_PREFIX", default="eh"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
# One queue unless told otherwise (two deployments sharing a Redis, or tests, pick their own).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "America/Chicago"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# django-celery-beat does not support Django 6.1 yet, so the schedule lives here.
CELERY_BEAT_SCHEDULE = {
    "mls-nightly-import": {
        "task": "properties.tasks.mls_sync_task",
        "schedule": crontab(hour=2, minute=0),
    },
    "lead-offers-expire": {
        "task": "leads.tasks.offers_expire_task",
        "schedule": 60.0,  # broadcast claim windows are minutes long
    },
    "nurture-hourly": {
        "task": "leads.tasks.nurture_due_task",
        "schedule": crontab(minute=5),
    },
    # Compare the last 3 days of payments with Stripe and fix what is safe (03:30 Central).
    "stripe-reconcile-nightly": {
        "task": "billing.tasks.stripe_reconcile_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Stripe events whose processing failed or was never queued (the table is the record).
    "stripe-events-retry": {
        "task": "billing.tasks.stripe_events_retry_task",
        "schedule": crontab(),
    },
    "compliance-retention-nightly": {
        "task": "compliance.tasks.retention_purge_task",
        "schedule": crontab(hour=4, minute=0),
    },
    "compliance-audit-nightly": {
        "task": "compliance.tasks.compliance_audit_task",
        "schedule": crontab(hour=4, minute=30),
    },
    # GHL: webhooks stored but never processed (broker was down), leads whose sync is due,
    # GHL deletions still pending; then the 30-day purge and the nightly pull of changed contacts.
    "ghl-requeue": {
        "task": "leads.ghl.tasks.ghl_requeue_task",
        "schedule": crontab(minute="*/2"),
    },
    "ghl-webhook-purge-nightly": {
        "task": "leads.ghl.tasks.ghl_webhook_purge_task",
        "schedule": crontab(hour=4, minute=45),
    },
    "ghl-pull-nightly": {
        "task": "leads.ghl.tasks.ghl_pull_task",
        "schedule": crontab(hour=3, minute=0),
    },
    # Texts whose send window opened (quiet hours), and queued ones whose task was lost.
    "bots-deliver-due": {
        "task": "bots.tasks.messages_deliver_due_task",
        "schedule": crontab(minute="*"),
    },
}

# --- auth and API ----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "enterprisehub.accounts.authentication.ApiKeyAuthentication",
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["enterprisehub.accounts.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "client": env.str("ENTERPRISEHUB_API_RATE", default="100/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "enterprisehub.errors.api_exception_handler",
    # Proxies in front of us (nginx in docker-compose: 1). 0 trusts no X-Forwarded-For, so a
    # client cannot dodge the per-IP throttle by forging the header.
    "NUM_PROXIES": env.int("ENTERPRISEHUB_NUM_PROXIES", default=0),
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + ([] if PRODUCTION else ["rest_framework.renderers.BrowsableAPIRenderer"]),
}
# Seconds a worker process trusts an API key it has just looked up (0: look up every request).
API_KEY_AUTH_CACHE_SECONDS = env.int("ENTERPRISEHUB_API_KEY_CACHE_SECONDS", default=10)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=1),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": SECRET_KEY,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EnterpriseHub API",
    "DESCRIPTION": "Leads, listings and integrations for Austin brokerages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Intranets have no internet: the docs page loads its JS/CSS from our own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- domain settings -------------------------------------------------------------------------
LEAD_TEMPERATURE_HOT = env.int("ENTERPRISEHUB_HOT_SCORE", default=7)
LEAD_TEMPERATURE_WARM = env.int("ENTERPRISEHUB_WARM_SCORE", default=4)
MAX_CONVERSATION_TURNS = env.int("ENTERPRISEHUB_MAX_CONVERSATION_TURNS", default=20)
BROKERAGE_NAME = env.str("ENTERPRISEHUB_BROKERAGE_NAME", default="EnterpriseHub Realty")
BROKERAGE_ADDRESS = env.str(
    "ENTERPRISEHUB_BROKERAGE_ADDRESS", default="100 Congress Ave, Suite 2000, Austin, TX 78701"
)
DEFAULT_TIME_ZONE = "America/Chicago"
# Public base URL for links in emails (one-click unsubscribe); no trailing slash.
PUBLIC_BASE_URL = env.str("ENTERPRISEHUB_PUBLIC_URL", default="http://localhost:8000").rstrip("/")
# Shown in the SMS HELP reply (a phone number or email the lead can reach a person at).
BROKERAGE_HELP_CONTACT = env.str("ENTERPRISEHUB_BROKERAGE_HELP_CONTACT", default="")
# TREC notices: the brokerage's *completed* IABS form (set this in production) and TREC's CPN.
IABS_URL = env.str(
    "ENTERPRISEHUB_IABS_URL",
    default="https://www.trec.texas.gov/forms/information-about-brokerage-services",
)
CPN_URL = env.str(
    "ENTERPRISEHUB_CPN_URL", default="https://www.trec.texas.gov/forms/consumer-protection-notice"
)
RETENTION_DAYS = env.int("ENTERPRISEHUB_RETENTION_DAYS", default=730)

ANTHROPIC_API_KEY = env.str("ANTHROPIC_API_KEY", default="")
CLAUDE_MODEL = env.str("ENTERPRISEHUB_CLAUDE_MODEL", default="claude-sonnet-4-5")
# The compliance reviewer (compliance.review): one short classification call, fails closed.
COMPLIANCE_REVIEW_MODEL = (
    env.str("ENTERPRISEHUB_COMPLIANCE_REVIEW_MODEL", default="") or CLAUDE_MODEL
)
COMPLIANCE_REVIEW_TIMEOUT_S = env.float("ENTERPRISEHUB_COMPLIANCE_REVIEW_TIMEOUT_S", default=8.0)
LLM_HOURLY_BUDGET_USD = env.float("ENTERPRISEHUB_LLM_HOURLY_BUDGET_USD", default=50.0)
LLM_SHUTDOWN_USD = env.float("ENTERPRISEHUB_LLM_SHUTDOWN_USD", default=100.0)
# --- GoHighLevel (leads/ghl/; .env.example says what each one does) ---------------------------
GHL_API_BASE_URL = env.str("GHL_API_BASE_URL", default="https://services.leadconnectorhq.com")
GHL_API_TOKEN = env.str("GHL_API_TOKEN", default="")  # Private Integration Token
GHL_LOCATION_ID = env.str("GHL_LOCATION_ID", default="")
GHL_OAUTH_CLIENT_ID = env.str("GHL_OAUTH_CLIENT_ID", default="")
GHL_OAUTH_CLIENT_SECRET = env.str("GHL_OAUTH_CLIENT_SECRET", default="")
GHL_OAUTH_REFRESH_TOKEN = env.str("GHL_OAUTH_REFRESH_TOKEN", default="")
GHL_API_VERSIONS = {
    "contacts": env.str("GHL_API_VERSION_CONTACTS", default="2021-07-28"),
    "conversations": env.str("GHL_API_VERSION_CONVERSATIONS", default="2021-04-15"),
    "opportunities": env.str("GHL_API_VERSION_OPPORTUNITIES", default="2021-07-28"),
    "locations": env.str("GHL_API_VERSION_LOCATIONS", default="2021-07-28"),
    "oauth": env.str("GHL_API_VERSION_OAUTH", default="2021-07-28"),
}
GHL_TIMEOUT_SECONDS = env.float("GHL_TIMEOUT_SECONDS", default=15.0)
GHL_CONNECT_TIMEOUT_SECONDS = env.float("GHL_CONNECT_TIMEOUT_SECONDS", default=5.0)
# One limit for the whole deployment (GHL: 100 requests per 10 s per location).
GHL_RATE_LIMIT_REQUESTS = env.int("GHL_RATE_LIMIT_REQUESTS", default=100)
GHL_RATE_LIMIT_INTERVAL_SECONDS = env.float("GHL_RATE_LIMIT_INTERVAL_SECONDS", default=10.0)
# Extra time before a spent request counts as out of the window (network jitter to GHL).
GHL_RATE_LIMIT_MARGIN_SECONDS = env.float("GHL_RATE_LIMIT_MARGIN_SECONDS", default=0.25)
# Requests of the daily quota (X-RateLimit-Daily-Remaining) kept back; below it calls wait.
GHL_DAILY_RESERVE = env.int("GHL_DAILY_RESERVE", default=500)
GHL_MAX_ATTEMPTS = env.int("GHL_MAX_ATTEMPTS", default=3)
GHL_RETRY_BASE_SECONDS = env.float("GHL_RETRY_BASE_SECONDS", default=1.0)
GHL_RETRY_MAX_SECONDS = env.float("GHL_RETRY_MAX_SECONDS", default=20.0)
GHL_SYNC_DEBOUNCE_SECONDS = env.int("GHL_SYNC_DEBOUNCE_SECONDS", default=5)
# Custom field ids by our key ("score=abc123,temperature=def456"); unset keys are looked up
# once by fieldKey (contact.<key>) through the locations API.
GHL_CUSTOM_FIELD_IDS = env.dict("GHL_CUSTOM_FIELD_IDS", default={})
GHL_PIPELINE_ID = env.str("GHL_PIPELINE_ID", default="")  # opportunity on handoff
GHL_PIPELINE_STAGE_ID = env.str("GHL_PIPELINE_STAGE_ID", default="")
# Webhooks in: Ed25519 (X-GHL-Signature), RSA legacy (X-WH-Signature), workflow shared secret.
GHL_WEBHOOK_PUBLIC_KEY = env.str("GHL_WEBHOOK_PUBLIC_KEY", default="")
GHL_WEBHOOK_RSA_PUBLIC_KEY = env.str("GHL_WEBHOOK_RSA_PUBLIC_KEY", default="")
GHL_WORKFLOW_WEBHOOK_SECRET = env.list("GHL_WORKFLOW_WEBHOOK_SECRET", default=[])
GHL_WEBHOOK_MAX_AGE_SECONDS = env.int("GHL_WEBHOOK_MAX_AGE_SECONDS", default=300)
GHL_WEBHOOK_MAX_BYTES = env.int("GHL_WEBHOOK_MAX_BYTES", default=256 * 1024)
GHL_WEBHOOK_RETENTION_DAYS = env.int("GHL_WEBHOOK_RETENTION_DAYS", default=30)
# Stored events are handed to Celery in batches at most this often per web process (0: at once).
GHL_WEBHOOK_DISPATCH_SECONDS = env.float("GHL_WEBHOOK_DISPATCH_SECONDS", default=0.05)
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# Real money only in production, test money everywhere else (billing.gateway checks again).
if PRODUCTION and STRIPE_SECRET_KEY.startswith(("sk_test_", "rk_test_")):
    raise ImproperlyConfigured("production refuses a Stripe test key (STRIPE_SECRET_KEY=sk_test_…)")
if not PRODUCTION and STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_")):
    raise ImproperlyConfigured(
        "only production may use a Stripe live key (STRIPE_SECRET_KEY=sk_live_…): use a test key"
    )
STRIPE_MAX_NETWORK_RETRIES = env.int("ENTERPRISEHUB_STRIPE_MAX_NETWORK_RETRIES", default=2)
STRIPE_TIMEOUT_SECONDS = env.float("ENTERPRISEHUB_STRIPE_TIMEOUT_SECONDS", default=30.0)
# Where Checkout sends the lead back; {CHECKOUT_SESSION_ID} is filled in by Stripe.
STRIPE_SUCCESS_URL = env.str(
    "ENTERPRISEHUB_STRIPE_SUCCESS_URL",
    default=f"{PUBLIC_BASE_URL}/pay/thanks/?session_id={{CHECKOUT_SESSION_ID}}",
)
STRIPE_CANCEL_URL = env.str(
    "ENTERPRISEHUB_STRIPE_CANCEL_URL", default=f"{PUBLIC_BASE_URL}/pay/cancelled/"
)
# How far back the nightly reconciliation looks (Checkout links live 24 h; refunds come later).
STRIPE_RECONCILE_DAYS = env.int("ENTERPRISEHUB_STRIPE_RECONCILE_DAYS", default=3)
MLS_API_URL = env.str("MLS_API_URL", default="")
MLS_API_TOKEN = env.str("MLS_API_TOKEN", default="")

# --- email (Django 6.1 MAILERS) ---------------------------------------------------------------
# EMAIL_URL like smtp+tls://user:password@mail.example.com:587; the console in development.
_email = env.email_url_config(
    env.str("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
)
_email_options = {
    "host": _email["EMAIL_HOST"],
    "port": _email["EMAIL_PORT"],
    "username": _email["EMAIL_HOST_USER"],
    "password": _email["EMAIL_HOST_PASSWORD"],
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _email_options.items() if v not in (None, "")}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="EnterpriseHub <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- audit -----------------------------------------------------------------------------------
# Encrypted fields are masked with a constant: auditlog's default mask keeps half the value.
AUDITLOG_MASK_CALLABLE = "enterprisehub.pii.audit_mask"
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- i18n, static ----------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Django's own CSP middleware: only our scripts (same origin, or inline with the per-request
# nonce `{{ csp_nonce }}`). Styles allow inline because the admin and Plotly set style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Login throttling (enterprisehub.security): per username and per client IP.
LOGIN_FAILURE_LIMIT = env.int("ENTERPRISEHUB_LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW = env.int("ENTERPRISEHUB_LOGIN_FAILURE_WINDOW", default=15 * 60)
LOGIN_THROTTLED_PATHS = env.list(
    "ENTERPRISEHUB_LOGIN_THROTTLED_PATHS",
    default=["/accounts/login/", "/admin/login/", "/api/v1/auth/token/"],
)
# Reverse proxies in front of the app (nginx = 1): the client IP is read from X-Forwarded-For.
NUM_PROXIES = env.int("ENTERPRISEHUB_NUM_PROXIES", default=1 if PRODUCTION else 0)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- logging: no PII in logs (lead ids only, never phone/email/body) --------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


if TESTING:
    # Fast hashing in tests only; nothing else differs from a real run.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
