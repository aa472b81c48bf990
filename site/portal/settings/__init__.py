"""Default settings: local development with the embedded defaults (SQLite, embedded search).

Production uses ``portal.settings.production``; the test suite ``portal.settings.test``.
"""

from .dev import *  # noqa: F403
