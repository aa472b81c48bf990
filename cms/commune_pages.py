"""The pages every commune's portal has, in words that fit any commune (issue #17).

``cms.communes.commune_add`` publishes them for a new commune; the demo commune's own texts
(``cms.demo.texts``) use the same builders. The main navigation and the footer link to these
addresses (``/bo-phan-mot-cua/``, ``/lien-he/``, ``/bao-ve-du-lieu-ca-nhan/``) on every commune's
host. Bodies are StreamField data for ``cms.blocks.BodyBlock``.
"""

from __future__ import annotations


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def callout(kind: str, title: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def one_stop_page(*, committee_name: str, division: str = "xã") -> dict:
    """The one-stop counter's page: what it does, the four ways to submit, sending papers by post."""
    return {
        "title": "Bộ phận Một cửa",
        "slug": "bo-phan-mot-cua",
        "intro": (
            "Bộ phận Tiếp nhận và Trả kết quả (Bộ phận Một cửa) là nơi duy nhất của "
            f"Ủy ban nhân dân {division} tiếp nhận hồ sơ thủ tục hành chính và trả kết quả cho người dân, doanh nghiệp."
        ),
        "body": [
            heading("Bộ phận Một cửa làm gì?"),
            paragraph(
                "<p>Cán bộ Bộ phận Một cửa hướng dẫn người dân chuẩn bị hồ sơ, kiểm tra thành phần hồ sơ, "
                "tiếp nhận và cấp <b>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</b>, chuyển hồ sơ đến công chức "
                "chuyên môn giải quyết, rồi trả kết quả đúng hẹn. Nếu hồ sơ cần bổ sung, Bộ phận Một cửa thông "
                "báo một lần, bằng văn bản, nêu rõ giấy tờ còn thiếu.</p>"
            ),
            heading("Bốn cách nộp hồ sơ"),
            paragraph(
                "<ul>"
                "<li><b>Trực tiếp tại quầy</b> trong giờ làm việc; mang theo giấy tờ tùy thân và bản chính các "
                "giấy tờ cần xuất trình.</li>"
                "<li><b>Trực tuyến</b> trên cổng này: chọn thủ tục, bấm “Nộp hồ sơ trực tuyến”, khai thông tin và "
                "tải lên bản chụp giấy tờ; mỗi hồ sơ có một mã để tra cứu.</li>"
                "<li><b>Qua dịch vụ bưu chính công ích</b>: gửi hồ sơ từ bưu điện gần nhà hoặc nhờ nhân viên bưu "
                "điện đến nhận tận nơi.</li>"
                "<li><b>Kết hợp</b>: nộp trực tuyến và chọn nhận kết quả qua bưu điện.</li>"
                "</ul>"
            ),
            heading("Gửi hồ sơ qua bưu điện như thế nào?", "h3"),
            paragraph(
                "<ol>"
                "<li>Tải tờ khai của thủ tục trên cổng, điền đầy đủ và ký tên.</li>"
                "<li>Chuẩn bị <b>bản sao có chứng thực</b> các giấy tờ lẽ ra phải xuất trình bản chính tại quầy "
                "(ví dụ giấy tờ chứng minh nơi cư trú); không gửi bản chính giấy tờ tùy thân.</li>"
                "<li>Mang hồ sơ đến bưu điện văn hóa xã hoặc bưu cục gần nhất, nói rõ gửi “hồ sơ thủ tục hành "
                f"chính đến {committee_name}”; nhân viên bưu điện kiểm đếm, niêm phong và giao phiếu "
                "gửi.</li>"
                "<li>Khi Bộ phận Một cửa nhận được, chúng tôi gửi Giấy tiếp nhận hồ sơ và hẹn trả kết quả kèm mã "
                "hồ sơ để ông/bà tra cứu trên cổng.</li>"
                "</ol>"
            ),
            callout(
                "info",
                "Chi phí",
                "<p>Cước gửi và cước chuyển trả kết quả do người dân trả cho doanh nghiệp bưu chính theo bảng "
                "giá công bố; phí, lệ phí của thủ tục (nếu có) không thay đổi.</p>",
            ),
        ],
    }


def privacy_page(*, committee_name: str) -> dict:
    """Personal data protection (Nghị định 13/2023/NĐ-CP): the retention period from the settings,
    who sees the data, the citizen's rights."""
    return {
        "title": "Bảo vệ dữ liệu cá nhân",
        "slug": "bao-ve-du-lieu-ca-nhan",
        "intro": (
            f"{committee_name} xử lý dữ liệu cá nhân của người nộp hồ sơ theo Nghị định "
            "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân: chỉ để giải quyết hồ sơ, và không lâu hơn thời hạn nêu dưới đây."
        ),
        "body": [
            {"type": "retention_notice", "value": None},
            heading("Ai được xem dữ liệu của ông/bà?"),
            paragraph(
                "<p>Chỉ cán bộ Bộ phận Một cửa và công chức được giao giải quyết hồ sơ. Mỗi lần mở hồ sơ đều được "
                "ghi nhật ký (ai xem, lúc nào). Tệp giấy tờ không công khai trên mạng; người nộp mở hồ sơ của mình "
                "bằng đường dẫn tra cứu riêng hoặc tài khoản trên cổng.</p>"
            ),
            heading("Quyền của ông/bà"),
            paragraph(
                "<p>Ông/bà có quyền được biết, yêu cầu xem, chỉnh sửa dữ liệu của mình và khiếu nại theo Điều 9 "
                "Nghị định 13/2023/NĐ-CP. Xin liên hệ Bộ phận Một cửa qua đường dây nóng hoặc thư điện tử ở "
                "cuối trang.</p>"
            ),
        ],
    }


def contact_page(*, committee_name: str) -> dict:
    """A contact page for a new commune: the address, hotline and hours are in every page's footer
    (from the commune settings), so it says where to find them and how to complain."""
    return {
        "title": "Liên hệ",
        "slug": "lien-he",
        "intro": f"Thông tin liên hệ của {committee_name} và Bộ phận Một cửa.",
        "body": [
            heading("Địa chỉ, điện thoại và giờ làm việc"),
            paragraph(
                "<p>Địa chỉ trụ sở, đường dây nóng, thư điện tử và giờ làm việc của Bộ phận Một cửa "
                'được ghi ở <a href="#lien-he">cuối trang</a>.</p>'
            ),
            callout(
                "info",
                "Phản ánh, kiến nghị",
                "<p>Mọi phản ánh về thái độ phục vụ hoặc việc giải quyết hồ sơ chậm, xin gửi đến đường dây nóng "
                "hoặc hộp thư góp ý đặt tại Bộ phận Một cửa.</p>",
            ),
        ],
    }


def commune_pages(*, committee_name: str, division: str = "xã") -> list[dict]:
    """The standard pages of a new commune, in menu order."""
    return [
        one_stop_page(committee_name=committee_name, division=division),
        contact_page(committee_name=committee_name),
        privacy_page(committee_name=committee_name),
    ]
