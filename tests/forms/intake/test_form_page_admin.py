"""Building a form in the admin: starting the same form page twice never fails on its slug."""

from django.urls import reverse

from forms.models import SubmissionFormIndexPage, SubmissionFormPage


def test_starting_a_new_form_page_twice_gives_the_second_a_numbered_slug(admin_client, procedure, home):
    index = home.add_child(instance=SubmissionFormIndexPage(title="Nộp hồ sơ trực tuyến"))
    url = reverse("wagtailadmin_pages:add", args=["forms", "submissionformpage", index.pk])
    data = {
        "title": "Đăng ký khai sinh trực tuyến",
        "slug": "dang-ky-khai-sinh-truc-tuyen",
        "procedure": str(procedure.pk),
        "intro": "",
        "declaration-count": "0",
        "postal_fee_note": "",
        "commitment_text": "Tôi cam đoan.",
        "next_steps": "Chờ Bộ phận Một cửa kiểm tra.",
        # The "Giấy tờ tải lên (tùy chỉnh)" inline panel, left empty.
        "document_choices-TOTAL_FORMS": "0",
        "document_choices-INITIAL_FORMS": "0",
        "document_choices-MIN_NUM_FORMS": "0",
        "document_choices-MAX_NUM_FORMS": "1000",
    }

    responses = [admin_client.post(url, data), admin_client.post(url, data)]

    assert [response.status_code for response in responses] == [302, 302]
    assert sorted(SubmissionFormPage.objects.values_list("slug", flat=True)) == [
        "dang-ky-khai-sinh-truc-tuyen",
        "dang-ky-khai-sinh-truc-tuyen-2",
    ]
    assert index.slug == "nop-ho-so-truc-tuyen"
