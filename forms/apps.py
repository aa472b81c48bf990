from django.apps import AppConfig


class FormsConfig(AppConfig):
    """Online submission forms, dossiers, receipts and tracking."""

    name = "forms"
    label = "forms"
    verbose_name = "Hồ sơ trực tuyến"
