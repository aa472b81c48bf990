"""PORTAL_THEME: a commune's theme overrides only what it carries; everything else comes from default."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
SHOW_DIRS = "from portal.settings import base; print(base.TEMPLATES[0]['DIRS']); print(base.STATICFILES_DIRS)"


def theme_dirs(theme: str | None) -> list[str]:
    """The template and static folders the settings compute for ``theme`` (read in a fresh interpreter)."""
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_THEME"}
    if theme is not None:
        env["PORTAL_THEME"] = theme
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "site"), str(ROOT)])
    result = subprocess.run(
        [sys.executable, "-c", SHOW_DIRS], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def test_default_theme_alone_when_portal_theme_is_unset():
    templates, static = theme_dirs(None)
    assert templates == repr([ROOT / "themes" / "default" / "templates"])
    assert static == repr([ROOT / "themes" / "default" / "static"])


def test_a_commune_theme_comes_first_and_falls_back_to_default():
    templates, static = theme_dirs("ham-chinh")
    assert templates == repr([ROOT / "themes" / "ham-chinh" / "templates", ROOT / "themes" / "default" / "templates"])
    assert static == repr([ROOT / "themes" / "ham-chinh" / "static", ROOT / "themes" / "default" / "static"])


def test_a_theme_template_overrides_only_its_own_file(client, settings, home, tmp_path):
    theme = tmp_path / "ham-chinh" / "templates" / "includes"
    theme.mkdir(parents=True)
    (theme / "footer.html").write_text('<footer class="site-footer">Chân trang riêng của xã</footer>\n')
    templates = [dict(django_settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path / "ham-chinh" / "templates", *templates[0]["DIRS"]]
    settings.TEMPLATES = templates

    html = client.get("/").content.decode()

    assert "Chân trang riêng của xã" in html
    assert "Giờ làm việc của Bộ phận Một cửa" not in html  # the default footer is replaced
    assert 'class="skip-link"' in html and 'class="main-nav"' in html  # the rest is the default theme
