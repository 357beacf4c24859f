"""Settings shared by every environment; everything that varies comes from the environment.

`demo` (the default for manage.py), `test` and `production` refine this module.
"""

from datetime import timedelta
from pathlib import Path

import drf_spectacular_sidecar
import environ

import ats

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

TANDEM_VERSION = ats.__version__

SECRET_KEY = env("SECRET_KEY", default="tandem-demo-key-not-for-production-" + "x" * 30)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# A backstop: larger request bodies are refused (413) before anything reads them.
TANDEM_MAX_REQUEST_BYTES = env.int("TANDEM_MAX_REQUEST_BYTES", default=20 * 1024 * 1024)
# Where people reach Tandem: the base of every absolute link in an email or calendar invitation.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "anymail",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "ats",
    "notifications",
    "requisitions",
    "candidates",
    "workflows",
    "careers",
    "insights",
    "rest_framework",
    "drf_spectacular",
    "api",
    "accounts",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ats.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "ats.middleware.RejectNulCharactersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.ActiveUserMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "ats.middleware.RolesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ats.urls"
WSGI_APPLICATION = "ats.wsgi.application"

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
                "ats.context_processors.tandem",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server, worker and beat share the demo database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked-out username and address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    # ats/rules.py: who may see and do what (django-fsm-2's `permission=` asks user.has_perm)
    "rules.permissions.ObjectPermissionBackend",
    # django-allauth: username or email and password (Django's ModelBackend underneath).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries per username and address, then a cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# allauth's login form names its field "login" (a username or an email address).
AXES_USERNAME_CALLABLE = "accounts.adapters.axes_username"

# --- Accounts (django-allauth; the accounts app) ------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# New addresses get a confirmation link; the people admins made can sign in meanwhile.
ACCOUNT_EMAIL_VERIFICATION = "optional"
# A reset asked for an unknown address sends nothing, and the page says the same either way.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Tandem: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Counted in the cache (Redis when REDIS_URL is set). Failed logins are django-axes' to count.
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "login": False,
    "login_failed": False,
    "signup": "20/m/ip",
    "reauthenticate": "10/m/user",
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False

# Second factor (allauth.mfa): who must have one before reaching internal pages.
TANDEM_MFA_REQUIRED = env("TANDEM_MFA_REQUIRED", default="off")  # admins | everyone | off
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Tandem")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=False)

# Single sign-on with OpenID Connect (allauth's openid_connect provider), when OIDC_SERVER_URL
# is set: the issuer (its /.well-known/openid-configuration is read), the client registered there.
OIDC_SERVER_URL = env("OIDC_SERVER_URL", default="")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_BUTTON_LABEL = env("OIDC_BUTTON_LABEL", default="your company account")
OIDC_PROVIDER_ID = "sso"  # in the redirect URI: /accounts/oidc/sso/login/callback/
# The claim listing a person's groups, and which group gives which Tandem role.
OIDC_ROLE_CLAIM = env("OIDC_ROLE_CLAIM", default="groups")
OIDC_ROLE_MAP = env(
    "OIDC_ROLE_MAP",
    default="ats-recruiters=recruiter,ats-managers=hiring_manager,ats-admins=admin",
)
# Single sign-on with SAML 2.0 (allauth's saml provider, python3-saml), when SAML_IDP_ENTITY_ID
# is set: the identity provider's entity id, its sign-in URL and signing certificate (PEM body).
SAML_IDP_ENTITY_ID = env("SAML_IDP_ENTITY_ID", default="")
SAML_IDP_SSO_URL = env("SAML_IDP_SSO_URL", default="")
SAML_IDP_X509CERT = env("SAML_IDP_X509CERT", default="")
SAML_BUTTON_LABEL = env("SAML_BUTTON_LABEL", default="your company account (SAML)")
# The attributes carrying the person's groups (OIDC_ROLE_MAP maps them) and email address.
SAML_ROLE_ATTRIBUTE = env("SAML_ROLE_ATTRIBUTE", default="groups")
SAML_EMAIL_ATTRIBUTE = env("SAML_EMAIL_ATTRIBUTE", default="email")
# Everyone signs in through the identity provider, but the break-glass admin (by username).
TANDEM_SSO_REQUIRED = env.bool("TANDEM_SSO_REQUIRED", default=False)
TANDEM_BREAK_GLASS_USERNAME = env("TANDEM_BREAK_GLASS_USERNAME", default="")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": OIDC_BUTTON_LABEL,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ]
            if OIDC_SERVER_URL
            else []
        ),
    },
    "saml": {
        "APPS": (
            [
                {
                    # The organization slug in Tandem's SAML URLs: /accounts/saml/sso/acs/
                    "client_id": "sso",
                    "name": SAML_BUTTON_LABEL,
                    "settings": {
                        "idp": {
                            "entity_id": SAML_IDP_ENTITY_ID,
                            "sso_url": SAML_IDP_SSO_URL,
                            "x509cert": SAML_IDP_X509CERT,
                        },
                        "attribute_mapping": {
                            "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id", "uid"],
                            "email": [SAML_EMAIL_ATTRIBUTE],
                            "email_verified": ["email_verified"],
                            "first_name": ["first_name", "givenName"],
                            "last_name": ["last_name", "sn"],
                            "username": ["username"],
                        },
                        "use_nameid_for_email": False,
                        "advanced": {
                            "strict": True,
                            "want_assertion_signed": True,
                            "reject_idp_initiated_sso": True,
                        },
                    },
                }
            ]
            if SAML_IDP_ENTITY_ID
            else []
        ),
    },
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files: CSS and htmx come from npm packages (package-lock.json) --------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only the files the pages use, not the packages' every variant (ats/staticfiles.py).
TANDEM_VENDOR_FILES = {
    "vendor/pico/pico.min.css": BASE_DIR / "node_modules/@picocss/pico/css/pico.min.css",
    "vendor/htmx/htmx.min.js": BASE_DIR / "node_modules/htmx.org/dist/htmx.min.js",
}
# The API docs' Swagger UI: the files /api/docs/ loads from drf-spectacular-sidecar (the
# package ships 9 MB: source maps, ReDoc), at the static paths drf-spectacular's "SIDECAR" names.
SWAGGER_UI_DIR = Path(drf_spectacular_sidecar.__file__).parent / "static/drf_spectacular_sidecar"
TANDEM_VENDOR_FILES |= {
    f"drf_spectacular_sidecar/swagger-ui-dist/{name}": SWAGGER_UI_DIR / "swagger-ui-dist" / name
    for name in (
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-ui.css",
        "swagger-ui.css.map",  # named by the CSS: the production storage checks it exists
        "favicon-32x32.png",
    )
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "ats.staticfiles.VendorFileFinder",
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# --- The REST API (api/): personal tokens only, cursor pages, a rate limit per token ----------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PersonalTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env("TANDEM_API_RATE", default="600/min")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tandem API",
    "DESCRIPTION": (
        "The same people, rules and moves as the pages. Send a personal token (Settings → API "
        "tokens, or `manage.py api_token_create`) as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the installed drf-spectacular-sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"ApplicationStateEnum": "workflows.models.Application.State"},
}

# --- Content-Security-Policy (django-csp 4): no inline scripts, nothing from elsewhere ---------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Email: console in the demo, locmem in tests, any anymail ESP in production ----------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Tandem <tandem@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Every ANYMAIL_* variable (e.g. ANYMAIL_POSTMARK_SERVER_TOKEN) becomes a key of ANYMAIL.
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in env.ENVIRON.items()
    if key.startswith("ANYMAIL_")
}

# Replies: every email to a candidate says "reply to reply+<signed token>@INBOUND_DOMAIN"; point
# the ESP's inbound route for that domain at /anymail/<esp>/inbound/ (README). Empty: emails
# carry no reply address (replies reach DEFAULT_FROM_EMAIL's mailbox, and only their headers or
# sender can match them when an inbound route is set up anyway).
INBOUND_DOMAIN = env("INBOUND_DOMAIN", default="")

# --- Celery: Redis in production and CI; a filesystem broker under var/ for the demo -----------
REDIS_URL = env("REDIS_URL", default="")
# "localhost" named, or kombu logs "No hostname was supplied" whenever it connects.
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost//"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker" / "out"),
        "data_folder_out": str(VAR_DIR / "broker" / "out"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        # Exchange tables (e.g. celery.exchange): under var/, not the working directory.
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
        # How often an idle worker looks for new files (kombu's default, 1 s, let a worker take
        # about one task a second once its prefetch was full).
        "polling_interval": 0.1,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_IGNORE_RESULT = True  # tasks record what they did in the database
CELERY_TIMEZONE = TIME_ZONE
# Two queues: email delivery on the default one, the periodic sweeps on their own, so a backlog
# of email never delays a reminder that is due now (each has its worker: Procfile.demo, compose).
CELERY_TASK_DEFAULT_QUEUE = "celery"
SWEEPS_QUEUE = "sweeps"
CELERY_TASK_ROUTES = {
    "workflows.tasks.*": {"queue": SWEEPS_QUEUE},
    "careers.tasks.*": {"queue": SWEEPS_QUEUE},
    "notifications.tasks.requeue_messages": {"queue": SWEEPS_QUEUE},
    "ats.tasks.delete_orphan_files": {"queue": SWEEPS_QUEUE},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic sweeps are versioned here; `manage.py sync_schedules` (run by migrate in the demo and
# compose) writes them to django-celery-beat's tables, where admins can see and pause them.
TANDEM_PERIODIC_TASKS = {
    "record-heartbeat": {"task": "ats.tasks.record_heartbeat", "every_seconds": 60},
    "delete-orphan-files": {"task": "ats.tasks.delete_orphan_files", "every_seconds": 3600},
    "requeue-messages": {"task": "notifications.tasks.requeue_messages", "every_seconds": 60},
    # workflows: the SLA and milestone sweeps (workflows/sweeps.py)
    "ensure-intake-duties": {"task": "workflows.tasks.ensure_intake_duties", "every_seconds": 60},
    "ensure-closing-duties": {
        "task": "workflows.tasks.ensure_closing_duties",
        "every_seconds": 60,
    },
    "send-task-reminders": {"task": "workflows.tasks.send_task_reminders", "every_seconds": 60},
    "escalate-overdue-tasks": {
        "task": "workflows.tasks.escalate_overdue_tasks",
        "every_seconds": 60,
    },
    "send-screening-digests": {
        "task": "workflows.tasks.send_screening_digests",
        "every_seconds": 60,
    },
    "send-rejection-emails": {"task": "workflows.tasks.send_rejection_emails", "every_seconds": 60},
    "check-candidate-updates": {
        "task": "workflows.tasks.check_candidate_updates",
        "every_seconds": 60,
    },
    "process-bounces": {"task": "workflows.tasks.process_bounces", "every_seconds": 60},
    "send-scheduled-messages": {
        "task": "workflows.tasks.send_scheduled_messages",
        "every_seconds": 60,
    },
    "retention-sweep": {"task": "careers.tasks.sweep_retention", "every_seconds": 24 * 3600},
    "send-interview-surveys": {"task": "careers.tasks.send_interview_surveys", "every_seconds": 60},
    "complete-past-interviews": {
        "task": "workflows.tasks.complete_past_interviews",
        "every_seconds": 60,
    },
}

# --- Cache: Redis when REDIS_URL is set (shared by every web process), else in-process ---------
# The rate limits count in it: the careers form's (django-ratelimit), allauth's, the API's.
# On Redis the cache fails open (ats/cache.py): an unreachable Redis never fails a page.
REDIS_CACHE_BACKEND = "ats.cache.FailOpenRedisCache"
CACHES = {
    "default": (
        {
            "BACKEND": REDIS_CACHE_BACKEND,
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tandem-cache",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- The careers site and privacy (careers app) -----------------------------------------------
# Applications per client address (django-ratelimit syntax: count/period, s m h d).
TANDEM_APPLY_RATE = env("TANDEM_APPLY_RATE", default="10/h")
# Which request header holds the client's address (behind a proxy: e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
# How long a candidate's survey link works.
TANDEM_SURVEY_VALID_DAYS = env.int("TANDEM_SURVEY_VALID_DAYS", default=14)
# Retention: days a candidate's personal data is kept, per category, before the nightly sweep
# anonymises it (None: never by the sweep). Counted from the last application's closing (or, for
# someone who never applied, the last change to their profile).
TANDEM_RETENTION_DAYS = {
    # rejected or withdrawn everywhere, no talent-pool consent
    "closed_without_consent": env.int("RETENTION_CLOSED_DAYS", default=180),
    # rejected or withdrawn everywhere, agreed to stay in the talent pool
    "talent_pool": env.int("RETENTION_TALENT_POOL_DAYS", default=730),
    # sourced by hand, never in a pipeline, no consent
    "never_applied": env.int("RETENTION_NEVER_APPLIED_DAYS", default=365),
    # hired: their data moves to HR; Tandem keeps it until erased on request
    "hired": None,
}
# Publishing a task while the broker is unreachable: retry briefly with backoff, then give up
# (the outbox and the sweeps pick the work up later); a request never hangs on Redis.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 3,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 2,
}

# --- SLAs and milestones (workflows) ----------------------------------------------------------
# The rejection email goes this long after the move (a reopen before then cancels it).
TANDEM_REJECTION_DELAY_HOURS = env.float("TANDEM_REJECTION_DELAY_HOURS", default=24)
# Newly shortlisted candidates of a requisition are batched this long into one HM digest.
TANDEM_DIGEST_WINDOW_MINUTES = env.float("TANDEM_DIGEST_WINDOW_MINUTES", default=15)
# How long the digest's one-click accept / decline links stay valid.
TANDEM_DIGEST_LINK_DAYS = env.int("TANDEM_DIGEST_LINK_DAYS", default=7)
# A task's owner is reminded this long before it is due.
TANDEM_TASK_REMINDER_HOURS = env.float("TANDEM_TASK_REMINDER_HOURS", default=4)

# --- Logging (ats/logs.py): text in the demo and tests, JSON lines in production ---------------
LOG_FORMAT = env("LOG_FORMAT", default="text")  # "json" or "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "ats.logs.RequestFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "ats.logs.JsonFormatter", "fmt": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request"],  # also for django.security.* and django.server records
        }
    },
    "loggers": {
        # Django's own console handler (DEBUG only) would print each of its lines twice.
        "django": {"handlers": []},
        "django.request": {"filters": ["request"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
# The worker logs through LOGGING too, instead of Celery's own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
AXES_VERBOSE = False

# --- Error reports: Sentry (web requests and Celery tasks) only when SENTRY_DSN is set ---------
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=f"tandem@{TANDEM_VERSION}",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # candidates' and users' data stay out of error reports
    )

# --- /healthz (ats/health.py): when the background machinery counts as stale (503) -----------
# The worker heartbeat (beat schedules it every minute, a worker records it).
TANDEM_HEALTH_HEARTBEAT_MAX_SECONDS = env.int("TANDEM_HEALTH_HEARTBEAT_MAX_SECONDS", default=300)
# No heartbeat ever recorded: a 503 where a worker must run (production), reported elsewhere.
TANDEM_HEALTH_HEARTBEAT_REQUIRED = env.bool("TANDEM_HEALTH_HEARTBEAT_REQUIRED", default=False)
# The oldest outbox message still waiting for its first delivery attempt.
TANDEM_HEALTH_QUEUE_MAX_SECONDS = env.int("TANDEM_HEALTH_QUEUE_MAX_SECONDS", default=900)
