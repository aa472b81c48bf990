"""Read settings from the environment through one small helper."""

import os

_TRUE = {"1", "true", "yes", "on"}


def env(name: str, default: str = "") -> str:
    """Return the environment variable ``name`` or ``default``."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return ``name`` as a boolean ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in _TRUE


def env_list(name: str, default: str = "") -> list[str]:
    """Return ``name`` split on commas, blanks dropped."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Return ``name`` as an integer."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default
