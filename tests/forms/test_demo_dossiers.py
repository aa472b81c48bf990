"""The demo's sample dossiers: one in every status for the demo officer, and none added on a re-run."""

import pytest

from cms.demo import DemoContext
from forms.demo import DEMO_DOSSIERS, build_demo_dossiers
from forms.models import AttachmentKind, Dossier, DossierStatus, EventKind, SubmissionChannel
from tests import factories
from tests.forms import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(home):
    for code, slug in (
        ("1.001193", "dang-ky-khai-sinh"),
        ("1.000894", "dang-ky-ket-hon"),
        ("1.004873", "xac-nhan-tinh-trang-hon-nhan"),
    ):
        f.form_page_make(procedure=factories.procedure_make(code=code), slug=slug)
    return DemoContext(home=home, users={"canbo": f.staff_make("canbo", f.OFFICERS)})


def test_demo_dossiers_cover_every_status_and_are_built_once(context):
    build_demo_dossiers(context)
    assert Dossier.objects.count() == len(DEMO_DOSSIERS) == 12
    assert set(Dossier.objects.values_list("status", flat=True)) == {
        "awaiting_reception",
        "completion_requested",
        "not_received",
        "received",
        "processing",
        "supplement_requested",
        "result_ready",
        "returned",
        "refused",
    }
    assert context.counts["hồ sơ mẫu mới"] == 12
    awaiting = Dossier.objects.filter(status=DossierStatus.AWAITING_RECEPTION)
    assert sorted(awaiting.values_list("channel", flat=True)) == ["online", "post"]
    posted = awaiting.get(channel=SubmissionChannel.POST)
    assert posted.postal_item_code == "" and posted.due_date is None and not posted.attachments.exists()
    counter = Dossier.objects.get(channel=SubmissionChannel.COUNTER)
    assert counter.status == DossierStatus.RECEIVED and counter.received_documents.count() == 2
    assert counter.events.get().actor.username == "canbo"
    apologised = Dossier.objects.get(applicant_name="Lý Thị Oanh")
    assert apologised.original_due_date is not None and apologised.due_date > apologised.original_due_date
    assert apologised.events.filter(kind=EventKind.APOLOGY).count() == 1
    assert Dossier.objects.get(status=DossierStatus.COMPLETION_REQUESTED).events.last().note.startswith("Tờ khai")
    late = Dossier.objects.get(applicant_name="Phạm Thị Dung")
    assert late.is_overdue
    ready = Dossier.objects.get(status=DossierStatus.RESULT_READY)
    assert ready.attachments.filter(kind=AttachmentKind.RESULT).exists()
    assert ready.events.last().actor.username == "canbo"

    build_demo_dossiers(DemoContext(home=context.home, users=context.users))
    assert Dossier.objects.count() == 12


def test_demo_dossiers_skip_missing_forms(home):
    context = DemoContext(home=home)
    build_demo_dossiers(context)
    assert not Dossier.objects.exists() and context.counts == {}
