"""Local development: DEBUG on, a fixed insecure key, e-mail to the console."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "django-insecure-dev-only-key-for-local-use"
# HSTS only makes sense over HTTPS; a one-hour value keeps the header present locally.
SECURE_HSTS_SECONDS = 3600
