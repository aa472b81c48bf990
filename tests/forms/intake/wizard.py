"""Drive the submission wizard with Django's test client, step by step, as a browser would."""

from tests.forms import factories as f

PREFIX = "page-{pk}"


def management(page, step: str) -> dict:
    return {f"page-{page.pk}-current_step": step}


def applicant_data(**overrides) -> dict:
    data = {
        "nguoi-nop-full_name": "Nguyễn Văn An",
        "nguoi-nop-id_number": "001090012345",
        "nguoi-nop-date_of_birth": "1990-05-01",
        "nguoi-nop-phone": "0912 345 678",
        "nguoi-nop-email": "an@example.vn",
        "nguoi-nop-address_0": "1",
        "nguoi-nop-address_1": "70",
        "nguoi-nop-address_2": "Số 1 Tràng Tiền",
        "nguoi-nop-applying_for": "self",
    }
    data.update(overrides)
    return data


def declaration_data(**overrides) -> dict:
    data = {
        "khai-1-child_name": "Nguyễn Thị Bình",
        "khai-1-child_birth_date": "2026-11-01",
        "khai-1-child_sex": "nu",
        "khai-1-has_father": "khong",
    }
    data.update(overrides)
    return data


def documents_data(page, *, channel: str = "online", **files) -> dict:
    """Files for every slot, sent online ("giay-to-channel" is ignored where the procedure takes no post)."""
    data = {"giay-to-channel": channel}
    for doc in page.procedure.required_documents.all():
        data[f"giay-to-doc_{doc.pk}"] = files.get(str(doc.pk), f.upload(name=f"{doc.name}.pdf"))
    return data


def delivery_data(**overrides) -> dict:
    data = {"nhan-ket-qua-method": "counter", "nhan-ket-qua-extra_copies": "0"}
    data.update(overrides)
    return data


def post_step(client, page, step: str, data: dict, *, follow: bool = True, **extra):
    """Post one step; the wizard answers with a redirect (post/redirect/get), followed by default."""
    return client.post(page.url, {**management(page, step), **data}, follow=follow, **extra)


def step_accept(client, page, step: str, data: dict) -> None:
    """Post one step and check it was accepted: a refused step is shown again with a 200, an
    accepted one redirects (post/redirect/get) to the next, which then opens."""
    response = post_step(client, page, step, data, follow=False)
    assert response.status_code == 302, f"step {step} refused: {response.status_code}"
    assert client.get(response["Location"]).status_code == 200


def submit_all(client, page):
    """Go through every step with good data; return the final response."""
    client.get(page.url)
    step_accept(client, page, "nguoi-nop", applicant_data())
    step_accept(client, page, "khai-1", declaration_data())
    step_accept(client, page, "giay-to", documents_data(page))
    step_accept(client, page, "nhan-ket-qua", delivery_data())
    step_accept(client, page, "kiem-tra", {})
    return post_step(client, page, "cam-doan", {"cam-doan-agree": "on"}, follow=False)


def birth_child_data(**overrides) -> dict:
    """Step "Người được khai sinh" of the demo birth form (``forms.demo.BIRTH``)."""
    data = {
        "khai-1-child_name": "Nguyễn Thị Bình",
        "khai-1-child_birth_date": "2026-03-12",
        "khai-1-child_sex": "nu",
        "khai-1-child_ethnicity": "Kinh",
        "khai-1-child_nationality": "Việt Nam",
        "khai-1-child_birth_place": "Trạm y tế xã Hàm Chính",
        "khai-1-child_home_town": "Xã Hàm Chính, tỉnh Lâm Đồng",
    }
    data.update(overrides)
    return data


def birth_parents_data(**overrides) -> dict:
    """Step "Cha, mẹ" of the demo birth form: the mother only, no copies."""
    data = {
        "khai-2-mother_name": "Trần Thị Cúc",
        "khai-2-mother_birth_date": "1996-05-20",
        "khai-2-mother_ethnicity": "Kinh",
        "khai-2-mother_nationality": "Việt Nam",
        "khai-2-mother_id_number": "068196000123",
        "khai-2-mother_residence_0": "1",
        "khai-2-mother_residence_1": "70",
        "khai-2-mother_residence_2": "Số 1 Tràng Tiền",
        "khai-2-has_father": "khong",
        "khai-2-wants_copies": "khong",
    }
    data.update(overrides)
    return data
