"""Local development: DEBUG on, a fixed insecure key, e-mail to the console."""

from .base import *  # noqa: F403
from .base import STATIC_ROOT, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "django-insecure-dev-only-key-for-local-use"
# HSTS only makes sense over HTTPS; a one-hour value keeps the header present locally.
SECURE_HSTS_SECONDS = 3600
# Template and CSS edits show at once; PAGE_CACHE_ENABLED=1 tries the page cache locally (make run sets it).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)

# Development serves static files from the apps and themes (WhiteNoise uses the finders when
# DEBUG is on); an existing, empty STATIC_ROOT keeps WhiteNoise quiet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
