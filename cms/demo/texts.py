"""The demo commune's own texts: settings, home page, standard pages and the two outreach articles.

The articles explain, in our own words, what the seed articles of two communes explain: the online
service levels 1–4 (Bình Thuận Decision 641/QĐ-UBND of 08/3/2019) and, since Decree 42/2022/NĐ-CP,
"toàn trình" / "một phần"; and receiving dossiers and returning results by public postal service.
Bodies are StreamField data for ``cms.blocks.BodyBlock``, built with the small helpers below.
"""

from __future__ import annotations

import datetime

from cms.commune_pages import callout, heading, one_stop_page, paragraph, privacy_page

SITE_NAME = "Cổng dịch vụ công xã Hàm Liêm"

# Contact details are placeholders for the demo (the .example domain is reserved and never delivers).
# Since 1 July 2025 (two-level local government) xã Hàm Liêm of tỉnh Lâm Đồng covers the former
# communes Hàm Chính and Hàm Liêm of huyện Hàm Thuận Bắc, tỉnh Bình Thuận; its code is the official
# one in the current list of administrative units (vietnam-provinces, which the address fields use).
COMMUNE_SETTINGS = {
    "commune_name": "Xã Hàm Liêm",
    "committee_name": "Ủy ban nhân dân xã Hàm Liêm",
    "commune_code": "23098",
    "district": "",
    "province": "Tỉnh Lâm Đồng",
    "address": "Trụ sở Ủy ban nhân dân xã Hàm Liêm, tỉnh Lâm Đồng",
    "hotline": "0252 3 123 456",
    "email": "motcua@hamliem.example",
    "opening_hours": (
        "Thứ Hai – Thứ Sáu: 7h00 – 11h30, 13h30 – 17h00\n"
        "Sáng thứ Bảy: 7h30 – 11h00 (tiếp nhận hồ sơ hộ tịch, chứng thực)"
    ),
    # A made-up account at Vietcombank (NAPAS BIN 970436), for the demo only: fees are paid by
    # transfer to the collecting body's account (Circular 74/2022/TT-BTC), scanned from VietQR.
    "bank_bin": "970436",
    "bank_account_number": "0011000000000",
    "bank_account_name": "UBND XA HAM LIEM",
}


HOME = {
    "title": SITE_NAME,
    "slug": "trang-chu",
    "intro": (
        "Tra cứu thủ tục hành chính, tải mẫu đơn, tờ khai, nộp hồ sơ trực tuyến và theo dõi kết quả "
        "giải quyết của Ủy ban nhân dân xã Hàm Liêm — mọi lúc, mọi nơi."
    ),
    "body": [
        callout(
            "tip",
            "Không tiện đến trụ sở?",
            "<p>Hầu hết thủ tục của xã nhận hồ sơ và trả kết quả qua <b>dịch vụ bưu chính công ích</b>. "
            'Xem <a href="/tin-tuc/nop-ho-so-nhan-ket-qua-qua-buu-dien/">cách gửi hồ sơ qua bưu điện</a>.</p>',
        ),
    ],
}

PROCEDURE_INDEX = {
    "title": "Thủ tục hành chính",
    "slug": "thu-tuc-hanh-chinh",
    "intro": (
        "Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã, theo Cơ sở dữ liệu quốc gia "
        "về thủ tục hành chính. Chọn một thủ tục để xem hồ sơ cần chuẩn bị, thời hạn, lệ phí và tải tờ khai."
    ),
}

ARTICLE_INDEX = {
    "title": "Tin tức",
    "slug": "tin-tuc",
    "intro": "Tin hoạt động và bài tuyên truyền về cải cách hành chính, dịch vụ công trực tuyến của xã Hàm Liêm.",
}

STANDARD_PAGES = [
    one_stop_page(committee_name="Ủy ban nhân dân xã Hàm Liêm"),
    {
        "title": "Liên hệ",
        "slug": "lien-he",
        "intro": "Thông tin liên hệ của Ủy ban nhân dân xã Hàm Liêm và Bộ phận Một cửa.",
        "body": [
            heading("Địa chỉ"),
            paragraph(
                "<p>Ủy ban nhân dân xã Hàm Liêm, tỉnh Lâm Đồng.<br/>"
                "Bộ phận Một cửa ở tầng trệt trụ sở, lối vào bên phải.</p>"
                "<p>Từ ngày 01/7/2025, xã Hàm Liêm gồm địa bàn các xã Hàm Chính và Hàm Liêm trước đây "
                "(huyện Hàm Thuận Bắc, tỉnh Bình Thuận cũ); người dân các thôn cũ của hai xã đều nộp hồ sơ tại đây.</p>"
            ),
            heading("Điện thoại và thư điện tử"),
            paragraph(
                "<p>Đường dây nóng Bộ phận Một cửa: 0252 3 123 456<br/>"
                'Thư điện tử: <a href="mailto:motcua@hamliem.example">motcua@hamliem.example</a></p>'
            ),
            heading("Giờ làm việc"),
            paragraph(
                "<ul><li>Thứ Hai – Thứ Sáu: 7h00 – 11h30, 13h30 – 17h00</li>"
                "<li>Sáng thứ Bảy: 7h30 – 11h00 (tiếp nhận hồ sơ hộ tịch, chứng thực)</li></ul>"
            ),
            callout(
                "info",
                "Phản ánh, kiến nghị",
                "<p>Mọi phản ánh về thái độ phục vụ hoặc việc giải quyết hồ sơ chậm, xin gửi đến đường dây nóng "
                "hoặc hộp thư góp ý đặt tại Bộ phận Một cửa. Chủ tịch Ủy ban nhân dân xã trực tiếp xem xét.</p>",
            ),
        ],
    },
    privacy_page(committee_name="Ủy ban nhân dân xã Hàm Liêm"),
]

ARTICLES = [
    {
        "title": "Dịch vụ công trực tuyến: bốn mức độ và những lợi ích cho người dân",
        "slug": "dich-vu-cong-truc-tuyen-cac-muc-do-va-loi-ich",
        "date": datetime.date(2026, 10, 12),
        "lead": (
            "Không phải xin nghỉ làm, không phải xếp hàng chờ đến lượt: nhiều thủ tục của xã Hàm Liêm nay đã "
            "làm được trên máy tính hoặc điện thoại. Bài viết giải thích các mức độ của dịch vụ công trực tuyến "
            "và cách tận dụng chúng."
        ),
        "tags": ["dịch vụ công trực tuyến", "cải cách hành chính", "mức độ dịch vụ"],
        "body": [
            heading("Dịch vụ công trực tuyến là gì?"),
            paragraph(
                "<p>Mỗi lần đăng ký khai sinh cho con, xin xác nhận tình trạng hôn nhân hay chứng thực một bản "
                "sao, người dân đang sử dụng một <b>dịch vụ hành chính công</b>: cơ quan nhà nước giải quyết "
                "công việc theo một thủ tục do pháp luật quy định và trả về một giấy tờ có giá trị pháp lý. "
                "Khi dịch vụ ấy được cung cấp qua mạng — từ việc xem thông tin, tải tờ khai cho đến nộp hồ sơ và "
                "nhận kết quả — ta gọi đó là <b>dịch vụ công trực tuyến</b>.</p>"
            ),
            paragraph(
                "<p>Ủy ban nhân dân xã coi đây là một nhiệm vụ trọng tâm của cải cách hành chính: hồ sơ được "
                "theo dõi trên hệ thống nên công khai, minh bạch hơn; cán bộ xử lý nhanh hơn, ít sai sót hơn; "
                "người dân đỡ tốn công đi lại.</p>"
            ),
            heading("Bốn mức độ theo quy định của tỉnh"),
            paragraph(
                "<p>Quyết định số 641/QĐ-UBND ngày 08/3/2019 của Ủy ban nhân dân tỉnh Bình Thuận về quản lý, vận "
                "hành Hệ thống một cửa điện tử và Cổng dịch vụ công trực tuyến của tỉnh chia dịch vụ công trực "
                "tuyến thành bốn mức, mức sau bao gồm mức trước:</p>"
            ),
            paragraph(
                "<ul>"
                "<li><b>Mức độ 1 — biết đủ thông tin.</b> Người dân đọc được đầy đủ về thủ tục: cần giấy tờ gì, "
                "nộp ở đâu, mất bao lâu, lệ phí bao nhiêu, căn cứ văn bản nào.</li>"
                "<li><b>Mức độ 2 — tải được mẫu.</b> Thêm vào đó, người dân tải về tờ khai, mẫu đơn để điền sẵn "
                "ở nhà, rồi mang hồ sơ đến nộp hoặc gửi qua bưu điện.</li>"
                "<li><b>Mức độ 3 — nộp qua mạng.</b> Người dân điền và gửi hồ sơ ngay trên cổng; mọi trao đổi "
                "trong lúc xử lý (kể cả yêu cầu bổ sung) diễn ra trên mạng; việc nộp lệ phí (nếu có) và nhận "
                "kết quả vẫn làm tại Bộ phận Một cửa.</li>"
                "<li><b>Mức độ 4 — trọn vẹn trên mạng.</b> Thêm việc thanh toán lệ phí trực tuyến; kết quả được "
                "trả qua mạng, trả tận tay tại quầy hoặc chuyển về nhà qua đường bưu điện.</li>"
                "</ul>"
            ),
            callout(
                "info",
                "Từ năm 2022: “toàn trình” và “một phần”",
                "<p>Nghị định số 42/2022/NĐ-CP của Chính phủ thay cách chia bốn mức bằng hai loại. Dịch vụ công "
                "trực tuyến <b>toàn trình</b>: cả việc nộp hồ sơ, trả phí lẫn việc giải quyết đều diễn ra trên "
                "mạng, kết quả được trả trực tuyến hoặc qua bưu chính. Dịch vụ công trực tuyến <b>một phần</b>: "
                "người dân vẫn phải đến cơ quan ít nhất một lần, chẳng hạn để xuất trình bản chính, nộp lệ phí "
                "hoặc nhận kết quả giấy. Nói gần đúng, “toàn trình” tương ứng mức độ 4 và “một phần” tương ứng "
                "mức độ 3. Trên cổng này, mỗi thủ tục ghi cả hai cách gọi để bà con dễ đối "
                "chiếu.</p>",
            ),
            heading("Làm thủ tục trên mạng được lợi gì?"),
            paragraph(
                "<ul>"
                "<li><b>Tiết kiệm thời gian và tiền đi lại</b>: không phải nghỉ làm, không phải đến trụ sở nhiều "
                "lần chỉ để hỏi hay bổ sung một tờ giấy.</li>"
                "<li><b>Nộp lúc nào cũng được</b>: cổng mở 24 giờ mỗi ngày, kể cả ngày nghỉ; hồ sơ nộp ngoài giờ "
                "được tiếp nhận vào ngày làm việc kế tiếp.</li>"
                "<li><b>Biết hồ sơ đang ở đâu</b>: với mã hồ sơ, người dân xem được ngày nộp, hồ sơ đã được "
                "tiếp nhận chưa, có cần bổ sung không, ngày hẹn trả kết quả.</li>"
                "<li><b>Minh bạch, hạn chế phiền hà</b>: mọi bước xử lý đều để lại dấu vết trên hệ thống, không "
                "ai có thể “ngâm” hồ sơ hay đòi thêm giấy tờ ngoài quy định.</li>"
                "<li><b>Giảm chi phí cho cả hai phía</b>: ít giấy tờ, ít văn phòng phẩm; cán bộ có thêm thời gian "
                "cho những hồ sơ phức tạp.</li>"
                "</ul>"
            ),
            heading("Bắt đầu từ đâu?"),
            paragraph(
                "<ol>"
                '<li>Vào mục <a href="/thu-tuc-hanh-chinh/">Thủ tục hành chính</a>, tìm thủ tục theo tên, theo '
                "mã (ví dụ 1.001193) hoặc theo lĩnh vực.</li>"
                "<li>Đọc kỹ thành phần hồ sơ; tải tờ khai nếu muốn điền sẵn.</li>"
                "<li>Với thủ tục có nút “Nộp hồ sơ trực tuyến”, khai thông tin, tải lên bản chụp giấy tờ, chọn "
                "cách nhận kết quả rồi gửi; ghi lại mã hồ sơ để tra cứu.</li>"
                "<li>Theo dõi hồ sơ trên cổng; khi có yêu cầu bổ sung, làm theo hướng dẫn trong thông báo.</li>"
                "</ol>"
            ),
            callout(
                "tip",
                "Chưa quen dùng máy tính?",
                "<p>Hãy đến Bộ phận Một cửa: cán bộ sẽ hướng dẫn và cùng ông/bà nộp hồ sơ trực tuyến ngay tại "
                "quầy. Lần sau, ông/bà có thể tự làm ở nhà.</p>",
            ),
        ],
    },
    {
        "title": "Nộp hồ sơ, nhận kết quả qua bưu điện: không cần đến trụ sở xã",
        "slug": "nop-ho-so-nhan-ket-qua-qua-buu-dien",
        "date": datetime.date(2026, 11, 5),
        "lead": (
            "Người bận việc đồng áng, người đi làm xa, người cao tuổi đi lại khó khăn đều có thể gửi hồ sơ thủ "
            "tục hành chính và nhận kết quả ngay tại nhà nhờ dịch vụ bưu chính công ích. Dưới đây là cách làm, "
            "chi phí và những điều cần lưu ý."
        ),
        "tags": ["bưu chính công ích", "Bộ phận Một cửa", "cải cách hành chính"],
        "body": [
            heading("Dịch vụ bưu chính công ích trong giải quyết thủ tục hành chính"),
            paragraph(
                "<p>Theo Quyết định số 45/2016/QĐ-TTg của Thủ tướng Chính phủ, người dân và doanh nghiệp có "
                "thể nhờ doanh nghiệp bưu chính công ích (Bưu điện) chuyển hồ sơ đến cơ quan giải quyết thủ tục "
                "hành chính và chuyển kết quả về tận tay mình. Ủy ban nhân dân tỉnh Bình Thuận (nay là tỉnh "
                "Lâm Đồng) đã công bố danh mục thủ tục áp dụng cách làm này, và Ủy ban nhân dân xã Hàm Liêm "
                "phối hợp với Bưu điện để "
                "tiếp nhận hồ sơ, trả kết quả theo danh mục đó.</p>"
            ),
            paragraph(
                "<p>Nhân viên bưu điện chỉ làm nhiệm vụ chuyển phát: việc kiểm tra, giải quyết hồ sơ vẫn do Bộ "
                "phận Một cửa và công chức chuyên môn của xã thực hiện, với thời hạn như khi nộp tại quầy, tính "
                "từ ngày xã nhận được hồ sơ.</p>"
            ),
            heading("Ba cách sử dụng"),
            paragraph(
                "<ul>"
                "<li><b>Chỉ gửi hồ sơ</b> qua bưu điện, rồi đến Bộ phận Một cửa nhận kết quả theo ngày hẹn.</li>"
                "<li><b>Chỉ nhận kết quả</b> qua bưu điện: nộp hồ sơ tại quầy hoặc trực tuyến, đăng ký địa chỉ "
                "nhận, kết quả được phát đến nhà.</li>"
                "<li><b>Cả hai chiều</b>: không phải đến trụ sở lần nào.</li>"
                "</ul>"
            ),
            heading("Các bước gửi hồ sơ"),
            paragraph(
                "<ol>"
                "<li><b>Chuẩn bị hồ sơ</b> theo hướng dẫn của thủ tục trên cổng; tải và điền tờ khai, ký tên. "
                "Giấy tờ nào khi nộp tại quầy chỉ cần xuất trình bản chính thì khi gửi qua bưu điện phải kèm "
                "<b>bản sao có chứng thực</b>.</li>"
                "<li><b>Gọi hoặc đến bưu điện</b>: mang hồ sơ đến bưu điện văn hóa xã, bưu cục gần nhất, hoặc "
                "hẹn nhân viên bưu điện đến nhận tại nhà.</li>"
                "<li><b>Kiểm đếm và niêm phong</b>: nhân viên bưu điện kiểm đếm số lượng giấy tờ theo danh mục, "
                "niêm phong bì hồ sơ và giao cho ông/bà phiếu gửi có mã bưu gửi.</li>"
                "<li><b>Xã tiếp nhận</b>: Bộ phận Một cửa kiểm tra hồ sơ, cấp Giấy tiếp nhận hồ sơ và hẹn trả kết "
                "quả kèm mã hồ sơ; nếu thiếu giấy tờ, xã báo một lần để ông/bà bổ sung.</li>"
                "<li><b>Nhận kết quả tại nhà</b> (nếu đã đăng ký): nhân viên bưu điện phát kết quả đến địa chỉ "
                "đã ghi; người nhận xuất trình giấy tờ tùy thân và ký nhận.</li>"
                "</ol>"
            ),
            heading("Chi phí bao nhiêu?"),
            paragraph(
                "<p>Người dân chỉ trả thêm <b>cước dịch vụ bưu chính</b> cho Bưu điện, theo bảng giá doanh "
                "nghiệp bưu chính công bố (tính theo khối lượng bưu gửi và khoảng cách; hỏi bưu điện để biết mức "
                "cụ thể). Phí, lệ phí của thủ tục giữ nguyên như khi nộp tại quầy và có thể gửi kèm để nhân viên "
                "bưu điện nộp thay; thủ tục miễn lệ phí thì vẫn được miễn.</p>"
            ),
            heading("Chọn nhận kết quả qua bưu điện trên cổng"),
            paragraph(
                "<p>Trong danh mục thủ tục, bấm bộ lọc "
                '<a href="/thu-tuc-hanh-chinh/?buu_chinh=1">“Bưu chính công ích”</a> để xem các thủ tục '
                "áp dụng. Khi nộp hồ sơ trực tuyến, ở bước chọn cách nhận kết quả, hãy chọn “Nhận qua dịch vụ "
                "bưu chính công ích” và ghi đầy đủ địa chỉ, số điện thoại để nhân viên bưu điện liên hệ khi "
                "phát.</p>"
            ),
            callout(
                "warning",
                "Lưu ý",
                "<ul><li>Không gửi bản chính Thẻ căn cước, hộ chiếu qua bưu điện; dùng bản sao có chứng thực hoặc "
                "khai số định danh cá nhân.</li>"
                "<li>Ghi số điện thoại trên bì hồ sơ để xã liên hệ khi cần bổ sung.</li>"
                "<li>Giữ phiếu gửi cho đến khi nhận được kết quả.</li></ul>",
            ),
        ],
    },
]
