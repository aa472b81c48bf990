"""Time and fee move into the procedure's channels, where editors now enter them once.

The page-wide "thời hạn giải quyết" and "phí, lệ phí" are made from the channels when an editor
saves (cms.forms.ProcedurePageForm). So that saving changes nothing citizens read, a page-wide
value that is not what its channels give (a commune's own fee, a hand-made page without channels)
is copied into every channel, or into a new "Trực tiếp" channel when the page has none.
Reversing leaves the channels as they are: the page-wide values were never changed.
"""

from django.db import migrations

from cms.blocks import channel_summary


def _channels(page) -> list[dict]:
    return [dict(block["value"]) for block in page.channels.raw_data if block.get("type") == "channel"]


def forwards(apps, schema_editor):
    ProcedurePage = apps.get_model("cms", "ProcedurePage")
    for page in ProcedurePage.objects.all().iterator():
        values = _channels(page)
        changed = False
        for key, wanted in (("processing_time", page.processing_time), ("fee", page.fees)):
            wanted = (wanted or "").strip()
            if not wanted or channel_summary(values, key) == wanted:
                continue
            if not values:
                values.append({"kind": "in_person", "processing_time": "", "fee": "", "description": ""})
            for value in values:
                value[key] = wanted
            changed = True
        if changed:
            page.channels = [("channel", value) for value in values]
            page.save(update_fields=["channels"])


class Migration(migrations.Migration):
    dependencies = [("cms", "0010_channel_help_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
