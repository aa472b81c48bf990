from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Pages, snippets, site settings, the national-catalogue importer and demo content."""

    name = "cms"
    label = "cms"
    verbose_name = "Nội dung cổng"

    def ready(self):
        from cms import checks, signals  # noqa: F401  (checks registers the deploy check)

        signals.connect()
