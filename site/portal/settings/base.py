"""Settings shared by every environment; everything variable comes from the environment."""

from pathlib import Path

import dj_database_url

from portal.env import env, env_bool, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/portal
BASE_DIR = PROJECT_DIR.parent.parent  # the repository root
VAR_DIR = Path(env("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
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
    "wagtail.users",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.cache.AnonymousPageCacheMiddleware",
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

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every page save logs an audit line and each background task two lines: too loud for a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Online submission (forms app) -------------------------------------------------------------
# Upload limits are checked on the content actually received, per file and per dossier.
FORMS_UPLOAD_MAX_FILE_SIZE = env_int("FORMS_UPLOAD_MAX_FILE_SIZE", 10 * 1024 * 1024)
FORMS_UPLOAD_MAX_DOSSIER_SIZE = env_int("FORMS_UPLOAD_MAX_DOSSIER_SIZE", 50 * 1024 * 1024)
# Unfinished wizard drafts and their files are purged by `manage.py purge_drafts` after this.
FORMS_DRAFT_DAYS = env_int("FORMS_DRAFT_DAYS", 30)
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
FORMS_NOTIFIERS = ["forms.lifecycle.notifications.EmailNotifier"]
