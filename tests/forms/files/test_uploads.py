import pytest

from django.core.exceptions import ValidationError

from forms.files.uploads import safe_filename, sniff_content_type, validate_upload
from tests.forms import factories as f


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f.pdf_bytes(), "application/pdf"),
        (f.png_bytes(), "image/png"),
        (f.jpeg_bytes(), "image/jpeg"),
        (f.docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (f.doc_bytes(), "application/msword"),
    ],
)
def test_allowed_types_are_recognised_by_content(content, expected):
    assert sniff_content_type(f.upload(name="khong-duoi", content=content)).content_type == expected


@pytest.mark.parametrize(
    "content",
    [
        f.exe_bytes(),
        b"<html><script>alert(1)</script></html>",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,  # an OLE file that is not Word (e.g. .xls)
        b"PK\x03\x04not really a zip",
    ],
)
def test_other_content_is_refused_whatever_the_name(content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(f.upload(name="to-khai.pdf", content=content))
    assert caught.value.code == "file_type"


def test_zip_that_is_not_a_word_document_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", "MZ")
    assert sniff_content_type(f.upload(content=buffer.getvalue())) is None


def test_empty_and_oversized(settings):
    with pytest.raises(ValidationError) as caught:
        validate_upload(f.upload(content=b""))
    assert caught.value.code == "empty"
    assert caught.value.messages == ["Tệp đã chọn trống (0 byte). Hãy chọn lại tệp có nội dung."]
    settings.FORMS_UPLOAD_MAX_FILE_SIZE = 100
    with pytest.raises(ValidationError) as caught:
        validate_upload(f.upload(content=f.pdf_bytes(200)))
    assert caught.value.code == "file_too_large"
    assert "Mỗi tệp tối đa" in caught.value.messages[0]


def test_safe_filename_drops_paths_and_uses_sniffed_extension():
    assert safe_filename("../../etc/passwd.pdf", "pdf") == "passwd.pdf"
    assert safe_filename("C:\\Users\\an\\Giấy khai sinh.exe", "png") == "Giấy khai sinh.png"
    assert safe_filename("", "pdf") == "tep.pdf"
    assert safe_filename("a\x00b<>.pdf", "pdf") == "ab.pdf"


def test_stored_file_name_takes_its_extension_from_the_sniffed_type_not_the_citizen():
    from forms.models.dossiers import DossierAttachment, dossier_upload_to

    path = dossier_upload_to(DossierAttachment(content_type="application/pdf"), "ảnh chụp.html")
    assert path.startswith("dossiers/") and path.endswith(".pdf")
    assert "ảnh" not in path and ".html" not in path
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert dossier_upload_to(DossierAttachment(content_type=docx), "don.doc").endswith(".docx")
    assert dossier_upload_to(DossierAttachment(content_type=""), "x.exe").endswith(".bin")
