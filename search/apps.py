from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Vietnamese procedure search: analysis, backends, search page and API."""

    name = "search"
    label = "search"
    verbose_name = "Tra cứu thủ tục"

    def ready(self) -> None:
        from search import signals

        signals.connect()
