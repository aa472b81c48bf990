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


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f.pdf_bytes(), ("application/pdf", "pdf")),
        (f.png_bytes(), ("image/png", "png")),
        (f.jpeg_bytes(), ("image/jpeg", "jpg")),
        (f.docx_bytes(), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")),
        (f.doc_bytes(), ("application/msword", "doc")),
    ],
)
def test_sniffing_gives_the_stored_extension_and_rewinds_the_file(content, expected):
    from forms.files.uploads import SniffedFile

    upload = f.upload(name="khong-duoi", content=content)
    upload.seek(3)
    assert sniff_content_type(upload) == SniffedFile(*expected)
    # The file is saved after the check: it must be read again from its first byte.
    assert upload.tell() == 0
    assert upload.read() == content


def test_a_docx_needs_both_its_document_and_its_content_types():
    import io
    import zipfile

    for names in (["word/document.xml"], ["[Content_Types].xml"]):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                archive.writestr(name, "<x/>")
        assert sniff_content_type(f.upload(content=buffer.getvalue())) is None


def test_a_word_stream_beyond_the_first_8_mib_is_not_looked_for():
    """The OLE directory is searched in the first 8 MiB only (a DOC file is far smaller)."""
    magic = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    stream = "WordDocument".encode("utf-16-le")
    near = magic + b"\x00" * (8 * 1024 * 1024 - len(magic) - len(stream)) + stream
    assert sniff_content_type(f.upload(content=near)).content_type == "application/msword"
    far = magic + b"\x00" * (8 * 1024 * 1024 + 16) + stream
    assert sniff_content_type(f.upload(content=far)) is None


def test_the_file_size_limit_is_inclusive_and_the_message_names_both_sizes(settings):
    settings.FORMS_UPLOAD_MAX_FILE_SIZE = 2048
    assert validate_upload(f.upload(content=f.pdf_bytes(2048))).extension == "pdf"
    upload = f.upload(content=f.pdf_bytes(3072))
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload)
    assert caught.value.code == "file_too_large"
    assert caught.value.messages == [
        "Tệp quá lớn (3,0\xa0KB). Mỗi tệp tối đa 2,0\xa0KB."
    ]  # filesizeformat: no-break spaces


def test_a_refused_type_names_the_allowed_ones():
    with pytest.raises(ValidationError) as caught:
        validate_upload(f.upload(name="to-khai.pdf", content=f.exe_bytes()))
    assert caught.value.messages == [
        "Tệp không đúng định dạng cho phép (PDF, JPEG, PNG, DOC hoặc DOCX). "
        "Nội dung tệp được kiểm tra, không dựa vào tên tệp."
    ]


def test_the_dossier_total_limit_is_inclusive(settings):
    from forms.files.uploads import validate_total_size

    settings.FORMS_UPLOAD_MAX_DOSSIER_SIZE = 5 * 1024 * 1024
    validate_total_size(5 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        validate_total_size(5 * 1024 * 1024 + 512 * 1024)
    assert caught.value.code == "dossier_too_large"
    assert caught.value.messages == [
        "Tổng dung lượng các tệp (5,5\xa0MB) vượt quá mức cho phép của một hồ sơ (5,0\xa0MB)."
    ]


def test_safe_filename_trims_dots_and_spaces_collapses_blanks_and_keeps_80_characters():
    assert safe_filename(" ..Tờ khai. .pdf", "pdf") == "Tờ khai.pdf"
    assert safe_filename("Xin cấp   bản  sao X.doc", "doc") == "Xin cấp bản sao X.doc"
    assert safe_filename("a" * 100 + ".pdf", "pdf") == "a" * 80 + ".pdf"
    # NFD (as macOS sends it) is stored composed.
    assert safe_filename("Gia\u0301y.pdf", "pdf") == "Giáy.pdf"
