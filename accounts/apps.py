from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Citizens' accounts: registration, sign-in (password or the national identity), "Hồ sơ của tôi"."""

    name = "accounts"
    verbose_name = "Tài khoản công dân"
    default_auto_field = "django.db.models.BigAutoField"
