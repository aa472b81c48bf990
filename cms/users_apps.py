"""Wagtail's users app with the users admin per commune (``cms.staff_users``, issue #17).

Kept apart from ``cms.staff_users``: an app config is imported before the models are ready.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class CommuneUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "cms.staff_users.CommuneUserViewSet"
