"""The committed Vietnamese catalogue is compiled: every entry of django.po is in django.mo.

The .mo files are committed so that a fresh checkout needs no gettext tools; ``make messages``
compiles them after the .po changes, and this test fails when someone forgot.
"""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

ENTRY = re.compile(
    r'^(?:msgctxt (?P<ctx>".*")\n)?msgid (?P<id>(?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'msgstr(?:\[0\])? (?P<str>(?:".*"\n?)+)',
    re.M,
)


def _joined(quoted: str) -> str:
    return "".join(ast.literal_eval(line) for line in quoted.strip().splitlines())


def test_compiled_catalogue_matches_the_po_file():
    directory = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES"
    po = (directory / "django.po").read_text(encoding="utf-8")
    with open(directory / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)

    entries = [match for match in ENTRY.finditer(po) if _joined(match["id"])]
    assert len(entries) > 700
    for match in entries:
        msgid, msgstr = _joined(match["id"]), _joined(match["str"])
        if match["ctx"]:
            compiled = catalogue.pgettext(ast.literal_eval(match["ctx"]), msgid)
        elif "msgid_plural" in match.group(0):
            continue  # plural entries are checked through Django in test_admin_vietnamese
        else:
            compiled = catalogue.gettext(msgid)
        assert compiled == msgstr, msgid


def test_time_since_reads_in_vietnamese_in_audit_logs():
    """Django 5.2's timesince strings ("8 minutes") are in the project catalogue ("8 phút")."""
    from datetime import timedelta

    from django.utils import timezone, translation
    from django.utils.timesince import timesince

    with translation.override("vi"):
        assert timesince(timezone.now() - timedelta(minutes=8)) == "8\xa0phút"
        assert timesince(timezone.now() - timedelta(days=3, hours=2)) == "3\xa0ngày, 2\xa0giờ"
