"""Settings shared by every environment; everything variable comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from accounts.sso import config as sso_config
from portal.env import env, env_bool, env_int, env_list
from portal.objectstorage import object_storages, public_media_origins

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/portal
BASE_DIR = PROJECT_DIR.parent.parent  # the repository root
VAR_DIR = Path(env("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts",
    "cms",
    "forms",
    "search",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.users_apps.CommuneUsersAppConfig",  # wagtail.users, its admin per commune (issue #17)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "formtools",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.JsonErrorsMiddleware",
    "portal.middleware.BadInputMiddleware",  # malformed paths and query strings: 400 before anything reads them
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.cache.AnonymousPageCacheMiddleware",
    # Refuses sign-ins to locked accounts and addresses before sessions and forms (accounts.signin.lockout).
    "accounts.signin.lockout.LoginLockoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cms.cache.SiteLookupMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a sign-in refused by the lockout into its page (accounts.signin.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# Themes: PORTAL_THEME's templates first, then the default theme's as the fall-back.
PORTAL_THEME = env("PORTAL_THEME", "default")
THEMES_DIR = BASE_DIR / "themes"
_theme_dirs = [THEMES_DIR / PORTAL_THEME] if PORTAL_THEME != "default" else []
_theme_dirs.append(THEMES_DIR / "default")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [theme / "templates" for theme in _theme_dirs],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/ in WAL mode with IMMEDIATE transactions
# (the default DEFERRED mode fails about half of concurrent writes with "database is locked").
SQLITE_PATH = VAR_DIR / "portal.sqlite3"
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh clone has no var/ folder; SQLite cannot create the file's parent itself.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Citizens sign in through django-allauth (/tai-khoan/), staff through Wagtail's admin login.
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account or address before any password is hashed (accounts.signin.lockout).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Addresses or networks of the reverse proxies in front of the portal (nginx): only from them is
# X-Forwarded-For believed (portal.net.client_address). Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
LOGIN_URL = "account_login"
# An account without a password (made through the national identity) closes only this soon after signing in.
ACCOUNT_CLOSE_SIGN_IN_SECONDS = env_int("ACCOUNT_CLOSE_SIGN_IN_SECONDS", 300)
LOGIN_REDIRECT_URL = "accounts:home"

# --- Citizens' accounts (accounts app, django-allauth) ------------------------------------------
# A citizen registers with a mobile number or an e-mail address (at least one) and a password;
# each contact is proved with a one-time code (SMS or e-mail) before the first sign-in.
ACCOUNT_ADAPTER = "accounts.signin.adapter.CitizenAccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.signin.forms.CitizenLoginForm",
    "signup": "accounts.signin.forms.CitizenSignupForm",
    "reset_password": "accounts.signin.forms.CitizenResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# "email*" and "mandatory" as allauth's checks want them for codes by e-mail; the signup form
# (accounts.signin.forms) lets the e-mail go when a phone number is given, and accounts.signin.stages skips
# e-mail verification for accounts without an address (their phone is verified instead).
ACCOUNT_SIGNUP_FIELDS = ["phone", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A new e-mail (profile page) replaces the old one once its code is entered.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
# allauth's own limits on sending codes and on signing up (counted in the default cache).
ACCOUNT_RATE_LIMITS = {
    "signup": "10/m/ip,30/h/ip",
    "confirm_email": "1/30s/key,5/h/key",
    "verify_phone": "1/30s/key,3/m/ip,5/h/key",
    "reset_password": "5/m/ip,3/h/key",
    "change_phone": "1/m/user,5/d/user",
    # Wrong passwords are counted by the lockout below (shared, with its own page), not per worker here.
    "login_failed": None,
}
# The SMS gateway for verification and reset codes (accounts.sms); the console by default.
SMS_BACKEND = env("SMS_BACKEND", "accounts.sms.ConsoleSmsBackend")

# Lockout of citizens' and staff sign-ins (django-axes, counted in the database: shared by every
# worker, kept across restarts). An account is locked after ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES
# wrong passwords within AXES_COOLOFF_TIME, an address after ACCOUNTS_LOCKOUT_ADDRESS_FAILURES.
ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES = env_int("ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES", 5)
ACCOUNTS_LOCKOUT_ADDRESS_FAILURES = env_int("ACCOUNTS_LOCKOUT_ADDRESS_FAILURES", 20)
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "accounts.signin.lockout.PortalAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = ACCOUNTS_LOCKOUT_ACCOUNT_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ACCOUNTS_LOCKOUT_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "accounts.signin.lockout.attempted_account"
AXES_CLIENT_IP_CALLABLE = "portal.net.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.signin.views.login_locked_out"
# One row per failure is enough: no log of every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Single sign-on with the national identity through any OpenID Connect provider, from the
# environment only (OIDC_ISSUER, OIDC_CLIENT_ID, ...; accounts.sso.config). No OIDC_ISSUER: no button.
SOCIALACCOUNT_PROVIDERS = sso_config.openid_connect_providers(os.environ)
SOCIALACCOUNT_ADAPTER = "accounts.sso.adapters.CitizenSocialAccountAdapter"
# The provider has verified the person: no e-mail needed, none to verify, and an e-mail claim never
# signs into an existing account (that would let a provider's e-mail take over a local account).
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SSO_CLAIMS = sso_config.claim_names(os.environ)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
# Slugs without diacritics, as the imported procedures' ("dang-ky-nhan-cha-me-con"): Wagtail's
# editor then transliterates the title; cms.models.mixins.AsciiSlugMixin does it on the server.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.PortalLoginForm"
# Vietnamese admin strings that Wagtail's own catalogue lacks; these win over app catalogues.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Gravatar is unreachable from a commune network: show Wagtail's default avatar instead of broken images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static")))
STATICFILES_DIRS = [theme / "static" for theme in _theme_dirs]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Citizens' dossier files live here, outside MEDIA_ROOT, and are served only by checked views.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Large uploads are spooled here, on the private root's disk with its 0700 folder, not in /tmp:
# `manage.py sweep_files` removes what an upload killed mid-body leaves (forms.apps creates it).
FILE_UPLOAD_TEMP_DIR = str(PRIVATE_MEDIA_ROOT / "upload-tmp")

# Files: the local disk by default; an S3-compatible object storage shared by every application
# server when S3_BUCKET is set (portal.objectstorage: public "default", private "private").
# Private files are handed out after the permission checks by a signed link valid this many
# seconds (PRIVATE_FILE_DELIVERY=redirect), or streamed through the portal (=stream) when the
# citizens' browsers cannot reach the object storage.
PRIVATE_FILE_URL_SECONDS = env_int("PRIVATE_FILE_URL_SECONDS", 60)
PRIVATE_FILE_DELIVERY = env("PRIVATE_FILE_DELIVERY", "redirect")
# Static files are collected once per release into STATIC_ROOT with hashed names (whitenoise's
# manifest storage): every application server runs `collectstatic` from the same release and serves
# them itself, so no machine depends on another's disk.
STORAGES = {
    **object_storages(os.environ, signed_url_seconds=PRIVATE_FILE_URL_SECONDS),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Caches: Redis when REDIS_URL is set (several workers share it), local memory otherwise.
REDIS_URL = env("REDIS_URL")
# The "pages" cache holds whole anonymous pages (cms.cache) and must be shared by every worker:
# a file cache under var/ without Redis, never per-process memory.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 6 * 3600)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "TIMEOUT": PAGE_CACHE_SECONDS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Wagtail calls this backend on publish and unpublish; a proxy or CDN backend can be added beside it.
WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "cms.cache.PageCacheBackend"}}

# E-mail: SMTP when EMAIL_HOST is set, the console otherwise.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cổng dịch vụ công xã <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Search: Elasticsearch when ELASTICSEARCH_URL is set, the embedded backend otherwise.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "portal-dev")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2"))

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Cổng dịch vụ công cấp xã")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["doc", "docx", "odt", "pdf", "rtf", "xls", "xlsx", "ods", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_HITS_MAX_AGE = 14

# Content-Security-Policy on public pages; Wagtail's admin needs inline scripts and is exempted.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Image renditions come straight from the public part of the object storage when there is one.
        "img-src": ["'self'", "data:", *public_media_origins(os.environ)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The single sign-on button's POST is redirected to the provider (accounts.sso.config).
        "form-action": ["'self'", *sso_config.form_action_origins(os.environ)],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail overrides this to SAMEORIGIN for its own preview frames.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are shared by every application server (issue #17). With Redis they are read from Redis
# and written through to the database ("cached_db"): a request reads no session row, and a Redis
# that is emptied or evicts keys (allkeys-lru) signs nobody out halfway through a dossier, since the
# database still holds them. Without Redis, the database alone. `manage.py housekeeping` clears the
# expired ones.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_CACHE_ALIAS = "default"

# Background tasks (Django's task framework through django-tasks, which Wagtail 8 ships). Wagtail's
# own small tasks (search and reference index updates) stay in the request ("default"); long work
# such as the admin catalogue import goes to "background", a database queue that
# `manage.py db_worker --backend background` runs beside the web server (`make run` starts it).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Database errors are logged without the values in their messages (personal data; issue #16).
    "filters": {"redact_database_errors": {"()": "portal.logfilters.DatabaseErrorRedactFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_database_errors"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every page save logs an audit line and each background task two lines: too loud for a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # One line per failed sign-in and per lockout is kept; axes' bookkeeping is not.
        "axes": {"level": "WARNING"},
    },
}

# --- Online submission (forms app) -------------------------------------------------------------
# Upload limits are checked on the content actually received, per file and per dossier.
FORMS_UPLOAD_MAX_FILE_SIZE = env_int("FORMS_UPLOAD_MAX_FILE_SIZE", 10 * 1024 * 1024)
FORMS_UPLOAD_MAX_DOSSIER_SIZE = env_int("FORMS_UPLOAD_MAX_DOSSIER_SIZE", 50 * 1024 * 1024)
# Unfinished wizard drafts and their files are purged by `manage.py purge_drafts` after this.
FORMS_DRAFT_DAYS = env_int("FORMS_DRAFT_DAYS", 30)
# `manage.py sweep_files` removes private files no row refers to once they are this old.
FORMS_STRAY_FILE_GRACE_HOURS = env_int("FORMS_STRAY_FILE_GRACE_HOURS", 24)
# Wrong answers (dossier code + phone) allowed per client address and window, and per dossier code
# and window, in a store every worker shares (forms.tracking.ratelimit: Redis or the database).
# Defaults: at most 60 an hour from one address, 10 an hour at one dossier.
FORMS_TRACKING_RATE_LIMIT = env_int("FORMS_TRACKING_RATE_LIMIT", 10)
FORMS_TRACKING_RATE_WINDOW = env_int("FORMS_TRACKING_RATE_WINDOW", 600)
FORMS_TRACKING_TARGET_LIMIT = env_int("FORMS_TRACKING_TARGET_LIMIT", 10)
FORMS_TRACKING_TARGET_WINDOW = env_int("FORMS_TRACKING_TARGET_WINDOW", 3600)
# Channels that tell citizens about their dossier; an SMS gateway can be added here.
# The one-stop counter's hours: a dossier received after closing time counts from the next working day.
FORMS_COUNTER_HOURS = env("FORMS_COUNTER_HOURS", "07:30-17:00")
FORMS_NOTIFIERS = ["forms.lifecycle.notifications.EmailNotifier", "forms.lifecycle.notifications.SmsNotifier"]
# Messages are sent by the background worker (forms.lifecycle.tasks): tries per message, and the
# wait after the first failure, doubled after each (1, 2, 4, 8 minutes: about a quarter of an hour).
FORMS_NOTIFY_ATTEMPTS = env_int("FORMS_NOTIFY_ATTEMPTS", 5)
FORMS_NOTIFY_RETRY_SECONDS = env_int("FORMS_NOTIFY_RETRY_SECONDS", 60)
