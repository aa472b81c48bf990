import logging
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class FormsConfig(AppConfig):
    """Online submission forms, dossiers, receipts and tracking."""

    name = "forms"
    label = "forms"
    verbose_name = "Hồ sơ trực tuyến"

    def ready(self):
        # Django does not create FILE_UPLOAD_TEMP_DIR; a missing one makes every large upload fail.
        from forms.files.services import private_dirs_make
        from forms.payments import plugins  # noqa: F401  (registers the payment plugins)

        folders = [Path(settings.PRIVATE_MEDIA_ROOT)]
        if settings.FILE_UPLOAD_TEMP_DIR:
            folders.append(Path(settings.FILE_UPLOAD_TEMP_DIR))
        for folder in folders:
            try:
                private_dirs_make(folder)
            except OSError:
                logger.warning("Không tạo được thư mục %s", folder)
