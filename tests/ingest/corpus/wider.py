"""Plans shaped unlike the first three: a commune's yearly plan with one "Cơ quan thực hiện"
column, a notes column and "-" rows under numbered groups; a province's digital-
transformation-index plan whose indicator table has a two-level header (several milestones
under "Mục tiêu", the year already reached beside them), continuous numbering across its
parts and "Chỉ số" for "Chỉ tiêu"; a ministry's plan with budget columns, lower-case letter
sub-items, agencies of the ministry and a totals row; a province's plan for Đề án 06 whose
header spans "Cơ quan thực hiện" over "Chủ trì" and "Phối hợp", with agencies in short forms
("Sở KH&CN", "UBND các huyện, thị xã, thành phố"), targets written inside task rows, a
numbered group row over "-" rows, and a row cut by a page break; a district's plan of 2024
whose indicator table heads its one target column "Chỉ tiêu năm 2024" and whose task table
lists "+" rows under a "-" row.

Wording is ours; the structures follow plans published by communes, provinces and
ministries. Names of places and people are invented ("dữ liệu mẫu").
"""

from __future__ import annotations

from ingest.corpus.documents import _head
from ingest.corpus.model import TOTAL, A, Appendix, CorpusPlan, H, Para, R

__all__ = ["BO_NNMT", "DONG_BINH", "DONG_TIEN", "LONG_SON_06", "THANH_VAN_DTI", "WIDER"]

SKHCN_SHORT = "Sở KH&CN"
CA = "Công an tỉnh"
HUYEN = "UBND các huyện, thị xã, thành phố"
SBN = "Các sở, ban, ngành"

# -- a commune's yearly plan ---------------------------------------------------------------

VP_XA = "Văn phòng HĐND và UBND xã"
VHXH = "Phòng Văn hóa - Xã hội"
KT = "Phòng Kinh tế"
CA_XA = "Công an xã"
THON = "Các thôn, tổ dân phố"
TTHCC = "Trung tâm Phục vụ hành chính công xã"

DONG_TIEN = CorpusPlan(
    slug="dong-tien-xa-2026",
    number="35/KH-UBND",
    body_targets=3,
    head=_head(
        ("ỦY BAN NHÂN DÂN", "XÃ ĐỒNG TIẾN"),
        "35/KH-UBND",
        "Đồng Tiến, ngày 05 tháng 02 năm 2026",
        "KẾ HOẠCH",
        "Chuyển đổi số xã Đồng Tiến năm 2026",
    ),
    body=(
        Para("Thực hiện Kế hoạch chuyển đổi số năm 2026 của UBND tỉnh, UBND xã ban hành Kế"),
        Para("hoạch chuyển đổi số của xã năm 2026 như sau:"),
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Para("- Giao nhiệm vụ cụ thể cho từng bộ phận, thôn, tổ dân phố."),
        Para("II. MỤC TIÊU", bold=True),
        Para("Mục tiêu cụ thể đến năm 2026"),
        Para("- 100% hồ sơ thủ tục hành chính của xã được tiếp nhận, xử lý trên môi trường số."),
        Para("- Trên 60% người dân trưởng thành sử dụng dịch vụ công trực tuyến."),
        Para("- 95% thôn, tổ dân phố có Tổ công nghệ số cộng đồng hoạt động."),
        Para("III. NHIỆM VỤ", bold=True),
        Para("Chi tiết tại Phụ lục kèm theo."),
        Para("TM. ỦY BAN NHÂN DÂN", bold=True),
        Para("Lê Thị Hoa (dữ liệu mẫu)", bold=True),
    ),
    appendices=(
        Appendix(
            title="PHỤ LỤC",
            caption=(
                "NHIỆM VỤ CHUYỂN ĐỔI SỐ CỦA XÃ ĐỒNG TIẾN NĂM 2026",
                "(Kèm theo Kế hoạch số 35/KH-UBND ngày 05/02/2026 của UBND xã Đồng Tiến)",
            ),
            header=(
                "STT",
                "Nội dung",
                "Cơ quan thực hiện",
                "Sản phẩm",
                "Thời gian hoàn thành",
                "Ghi chú",
            ),
            roles=("number", "name", "lead", "result", "timeframe", "note"),
            kind="tasks",
            landscape=True,
            rows=(
                H("I", "NÂNG CAO NHẬN THỨC, KỸ NĂNG SỐ", "", "", "", ""),
                R(
                    "1",
                    "Tuyên truyền về chuyển đổi số trên đài truyền thanh xã và nhóm Zalo của "
                    "các thôn",
                    VHXH,
                    "Tối thiểu 02 tin, bài/tháng",
                    "Hằng tháng",
                    "",
                ),
                R(
                    "2",
                    "Kiện toàn Tổ công nghệ số cộng đồng ở thôn, tổ dân phố",
                    A(VP_XA, THON),
                    "Quyết định kiện toàn",
                    "Quý I/2026",
                    "Nhiệm vụ chuyển tiếp năm 2025",
                ),
                H("3", "Phổ cập kỹ năng số cho người dân", "", "", "", ""),
                R(
                    "-",
                    "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức độ 2",
                    CA_XA,
                    "Trên 80% người từ 14 tuổi trở lên có tài khoản",
                    "Quý II/2026",
                    "",
                ),
                R(
                    "-",
                    "Hướng dẫn nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt tại bộ "
                    "phận một cửa",
                    A(TTHCC, THON),
                    "Từ 50 - 70 lượt người/tháng",
                    "Thường xuyên",
                    "",
                ),
                H("II", "CHÍNH QUYỀN SỐ", "", "", "", ""),
                R(
                    "1",
                    "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực",
                    TTHCC,
                    "Dữ liệu số hóa trên Hệ thống giải quyết TTHC",
                    "30/9/2026",
                    "",
                ),
                R(
                    "2",
                    "Sử dụng chữ ký số cho 100% văn bản đi của UBND xã",
                    VP_XA,
                    "Văn bản điện tử có ký số",
                    "Năm 2026",
                    "Theo Kế hoạch số 12/KH-UBND",
                ),
                H("III", "KINH TẾ SỐ, XÃ HỘI SỐ", "", "", "", ""),
                R(
                    "1",
                    "Đưa sản phẩm OCOP của xã lên sàn thương mại điện tử",
                    A(KT, "Hợp tác xã nông nghiệp Đồng Tiến", sep=", "),
                    "Ít nhất 05 sản phẩm",
                    "Tháng 12/2026",
                    "",
                ),
            ),
        ),
    ),
)

# -- a province's plan to raise its digital-transformation index: a two-level indicator table

THANH_VAN_DTI = CorpusPlan(
    slug="thanh-van-dti",
    number="21/KH-UBND",
    head=_head(
        ("ỦY BAN NHÂN DÂN", "TỈNH THANH VÂN"),
        "21/KH-UBND",
        "Thanh Vân, ngày 22 tháng 01 năm 2026",
        "KẾ HOẠCH",
        "Nâng cao Chỉ số chuyển đổi số (DTI) của tỉnh giai đoạn 2026 - 2030",
    ),
    body=(
        Para(
            "Năm 2025 tỉnh xếp hạng thấp ở các chỉ số hạ tầng số và nhân lực số; Ủy ban nhân "
            "dân tỉnh ban hành Kế hoạch nâng cao Chỉ số chuyển đổi số như sau:"
        ),
        Para("I. MỤC TIÊU", bold=True),
        Para("Các chỉ số cần đạt theo từng năm tại Phụ lục kèm theo."),
        Para("II. TỔ CHỨC THỰC HIỆN", bold=True),
        Para("Sở Khoa học và Công nghệ theo dõi, tổng hợp kết quả hằng năm."),
    ),
    appendices=(
        Appendix(
            title="PHỤ LỤC",
            caption=(
                "CHỈ SỐ CHUYỂN ĐỔI SỐ CẦN ĐẠT GIAI ĐOẠN 2026 - 2030",
                "(Kèm theo Kế hoạch số 21/KH-UBND ngày 22/01/2026 của UBND tỉnh Thanh Vân)",
            ),
            header=(
                "STT",
                "Chỉ số",
                "Đơn vị tính",
                "Kết quả năm 2025",
                "Mục tiêu",
                "",
                "",
                "Cơ quan chủ trì, theo dõi",
                "Ghi chú",
            ),
            subheader=("", "", "", "", "Năm 2026", "Năm 2028", "Năm 2030", "", ""),
            roles=(
                "number",
                "name",
                "unit",
                "baseline",
                "target:2026",
                "target:2028",
                "target:2030",
                "lead",
                "note",
            ),
            kind="indicators",
            landscape=True,
            rows=(
                H("I", "CHÍNH QUYỀN SỐ", "", "", "", "", "", "", ""),
                R(
                    "1",
                    "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình",
                    "%",
                    "41,5",
                    "≥ 60%",
                    "80%",
                    "100%",
                    "Văn phòng UBND tỉnh",
                    "",
                ),
                R(
                    "2",
                    "Tỷ lệ hệ thống thông tin dùng chung chạy trên nền tảng điện toán đám mây",
                    "%",
                    "35",
                    "50%",
                    "70% - 80%",
                    "100%",
                    SKHCN_SHORT,
                    "Chỉ số thành phần 2.3",
                ),
                R(
                    "3",
                    "Xếp hạng Chỉ số chuyển đổi số cấp tỉnh",
                    "Hạng",
                    "41/63",
                    "Tăng ít nhất 5 bậc",
                    "Top 20",
                    "Top 15",
                    SKHCN_SHORT,
                    "",
                ),
                H("II", "KINH TẾ SỐ VÀ XÃ HỘI SỐ", "", "", "", "", "", "", ""),
                R(
                    "4",
                    "Tỷ trọng kinh tế số trong GRDP",
                    "%",
                    "9,2",
                    "10%",
                    "14%",
                    "20%",
                    "Sở Tài chính",
                    "",
                ),
                R(
                    "5",
                    "Số thành viên Tổ công nghệ số cộng đồng trên 100 dân",
                    "Người",
                    "3,1",
                    "-",
                    "Trên 5",
                    "Duy trì",
                    A(SKHCN_SHORT, HUYEN),
                    "",
                ),
                R(
                    "6",
                    "Tỷ lệ hộ gia đình có kết nối Internet băng rộng cáp quang",
                    "%",
                    "72",
                    "80%",
                    "90%",
                    "> 95%",
                    A("Các doanh nghiệp viễn thông", SKHCN_SHORT, sep=", "),
                    "",
                ),
            ),
        ),
    ),
)

# -- a ministry's plan: budget columns, lettered sub-items, a totals row -------------------

CDS = "Cục Chuyển đổi số"
VP_BO = "Văn phòng Bộ"
KHTC = "Vụ Kế hoạch - Tài chính"
DV_BO = "Các đơn vị thuộc Bộ"

BO_NNMT = CorpusPlan(
    slug="bo-nnmt-2026",
    number="845/KH-BNNMT",
    head=_head(
        ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",),
        "845/KH-BNNMT",
        "Hà Nội, ngày 10 tháng 02 năm 2026",
        "KẾ HOẠCH",
        "Chuyển đổi số ngành nông nghiệp và môi trường năm 2026",
    ),
    body=(
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Para("- Mỗi nhiệm vụ có đơn vị chủ trì, sản phẩm và kinh phí được xác định."),
        Para("II. NHIỆM VỤ, KINH PHÍ", bold=True),
        Para("Danh mục nhiệm vụ và kinh phí tại Phụ lục kèm theo."),
    ),
    appendices=(
        Appendix(
            title="PHỤ LỤC",
            caption=(
                "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                "(Kèm theo Kế hoạch số 845/KH-BNNMT ngày 10/02/2026 của Bộ Nông nghiệp và "
                "Môi trường)",
            ),
            header=(
                "TT",
                "Tên nhiệm vụ",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian hoàn thành",
                "Dự kiến sản phẩm",
                "Kinh phí (triệu đồng)",
                "Nguồn kinh phí",
            ),
            roles=(
                "number",
                "name",
                "lead",
                "coordinating",
                "timeframe",
                "result",
                "budget",
                "budget",
            ),
            kind="tasks",
            landscape=True,
            rows=(
                H("1", "Hạ tầng và nền tảng số", "", "", "", "", "", ""),
                R(
                    "1.1",
                    "Nâng cấp Trung tâm dữ liệu của Bộ đáp ứng tiêu chuẩn TCVN 9250:2021",
                    CDS,
                    KHTC,
                    "Quý IV/2026",
                    "Trung tâm dữ liệu đạt mức 3",
                    "8.500",
                    "Ngân sách trung ương",
                ),
                R(
                    "1.2",
                    "Triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của Bộ",
                    CDS,
                    DV_BO,
                    "30/6/2026",
                    "Nền tảng kết nối với NDXP",
                    "2.000",
                    "Ngân sách trung ương",
                ),
                H("2", "Cơ sở dữ liệu chuyên ngành", "", "", "", "", "", ""),
                R(
                    "a",
                    "Cơ sở dữ liệu đất đai quốc gia: đồng bộ dữ liệu của 34 tỉnh, thành phố",
                    "Cục Quản lý đất đai",
                    A(CDS, "Sở Nông nghiệp và Môi trường các tỉnh, thành phố"),
                    "2026 - 2027",
                    "CSDL “đúng, đủ, sạch, sống”",
                    "1.500",
                    "Ngân sách trung ương",
                ),
                R(
                    "b",
                    "Cơ sở dữ liệu về tài nguyên nước",
                    "Cục Quản lý tài nguyên nước",
                    CDS,
                    "Tháng 11/2026",
                    "Dữ liệu quan trắc tự động được cập nhật",
                    "500",
                    "Sự nghiệp khoa học",
                ),
                R(
                    "3",
                    "Đào tạo, bồi dưỡng kỹ năng số cho công chức, viên chức của Bộ",
                    A("Vụ Tổ chức cán bộ", VP_BO, sep=", "),
                    DV_BO,
                    "Hằng năm",
                    "Từ 800 đến 1.000 lượt người",
                    "-",
                    "Chi thường xuyên",
                ),
                TOTAL("", "Tổng cộng", "", "", "", "", "12.500", ""),
            ),
        ),
    ),
)

# -- a province's plan for Đề án 06: a header spanning "Cơ quan thực hiện" ----------------

LONG_SON_06 = CorpusPlan(
    slug="long-son-de-an-06",
    number="77/KH-UBND",
    duties=(("1", CA), ("2", "Sở Khoa học và Công nghệ")),
    head=_head(
        ("ỦY BAN NHÂN DÂN", "TỈNH LONG SƠN"),
        "77/KH-UBND",
        "Long Sơn, ngày 14 tháng 3 năm 2026",
        "KẾ HOẠCH",
        "Triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện "
        "tử (Đề án 06) trên địa bàn tỉnh năm 2026",
    ),
    body=(
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Para("- Xác định rõ cơ quan chủ trì, phối hợp và kết quả đầu ra của từng nhiệm vụ."),
        Para("II. NHIỆM VỤ CỤ THỂ", bold=True),
        Para("(Có Phụ lục chi tiết kèm theo)"),
        Para("III. TỔ CHỨC THỰC HIỆN", bold=True),
        Para(f"1. {CA}"),
        Para(
            "- Là cơ quan thường trực, hướng dẫn, kiểm tra việc triển khai Đề án 06 trên địa "
            "bàn tỉnh."
        ),
        Para("2. Sở Khoa học và Công nghệ: Bảo đảm hạ tầng kết nối, an toàn thông tin."),
    ),
    appendices=(
        Appendix(
            title="PHỤ LỤC",
            caption=(
                "NHIỆM VỤ TRIỂN KHAI ĐỀ ÁN 06 NĂM 2026",
                "(Kèm theo Kế hoạch số 77/KH-UBND ngày 14/3/2026 của UBND tỉnh Long Sơn)",
            ),
            header=(
                "TT",
                "Nhiệm vụ",
                "Cơ quan thực hiện",
                "",
                "Thời gian hoàn thành",
                "Kết quả/sản phẩm đầu ra",
            ),
            subheader=("", "", "Chủ trì", "Phối hợp", "", ""),
            roles=("number", "name", "lead", "coordinating", "timeframe", "result"),
            kind="tasks",
            landscape=True,
            rows=(
                H("I", "NHÓM DỊCH VỤ CÔNG", "", "", "", ""),
                R(
                    "1",
                    "Phấn đấu 100% hồ sơ dịch vụ công được tiếp nhận qua Cổng Dịch vụ công, "
                    "trong đó tối thiểu 70% nộp trực tuyến",
                    "Văn phòng UBND tỉnh",
                    A(SBN, HUYEN),
                    "Tháng 12/2026",
                    "Tỷ lệ hồ sơ trực tuyến ≥ 70%",
                ),
                R(
                    "2",
                    "Làm sạch dữ liệu hộ tịch, đồng bộ với Cơ sở dữ liệu quốc gia về dân cư",
                    "Sở Tư pháp",
                    A(CA, HUYEN, sep="\n- "),
                    "Trước 30/6/2026",
                    "Dữ liệu “đúng, đủ, sạch, sống”",
                ),
                H("II", "NHÓM PHÁT TRIỂN CÔNG DÂN SỐ", "", "", "", ""),
                R(
                    "1",
                    "Cấp tài khoản định danh điện tử mức độ 2 cho người từ 14 tuổi trở lên",
                    CA,
                    A(HUYEN, "Bưu điện tỉnh"),
                    "Quý III/2026",
                    "Trên 90% người đủ điều kiện được cấp",
                ),
                H("2", "Tích hợp tiện ích trên ứng dụng VNeID", "", "", "", ""),
                R(
                    "-",
                    "Tích hợp sổ sức khỏe điện tử",
                    "Sở Y tế",
                    A(CA, "Bảo hiểm xã hội tỉnh", sep="\n"),
                    "Năm 2026",
                    "Sổ sức khỏe điện tử trên VNeID",
                ),
                R(
                    "-",
                    "Tích hợp giấy phép lái xe, chứng nhận đăng ký xe",
                    CA,
                    "Sở Xây dựng",
                    "Quý II/2026",
                    "Thông tin hiển thị trên VNeID",
                    rest=("", "(đối với xe do tỉnh quản lý)", "", "", "", ""),
                ),
                H("III", "NHÓM HẠ TẦNG, AN TOÀN THÔNG TIN", SKHCN_SHORT, CA, "", "", item=True),
                R(
                    "1",
                    "Bảo đảm đường truyền số liệu chuyên dùng cho bộ phận một cửa các cấp",
                    SKHCN_SHORT,
                    A("Các doanh nghiệp viễn thông", HUYEN),
                    "Thường xuyên",
                    "Băng thông tối thiểu 50 Mbps",
                ),
            ),
        ),
    ),
)

# -- a district's plan of 2024: targets for the year in one column, "+" under "-" ---------------

VH_TT = "Phòng Văn hóa và Thông tin"
VP_HUYEN = "Văn phòng HĐND và UBND huyện"
XA_TT = "UBND các xã, thị trấn"

DONG_BINH = CorpusPlan(
    slug="dong-binh-huyen-2024",
    number="41/KH-UBND",
    duties=(("3", XA_TT),),
    head=_head(
        ("ỦY BAN NHÂN DÂN", "HUYỆN ĐÔNG BÌNH"),
        "41/KH-UBND",
        "Đông Bình, ngày 28 tháng 02 năm 2024",
        "KẾ HOẠCH",
        "Chuyển đổi số huyện Đông Bình năm 2024",
    ),
    body=(
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Para("- Cụ thể hóa Kế hoạch chuyển đổi số năm 2024 của tỉnh trên địa bàn huyện."),
        Para("II. CHỈ TIÊU, NHIỆM VỤ", bold=True),
        Para("Chỉ tiêu tại Phụ lục I, nhiệm vụ tại Phụ lục II kèm theo."),
        Para("III. TỔ CHỨC THỰC HIỆN", bold=True),
        Para(f"1. {VH_TT}"),
        Para("- Là cơ quan thường trực, tham mưu UBND huyện theo dõi, đôn đốc thực hiện."),
        Para(f"2. {VP_HUYEN}: Bảo đảm vận hành hệ thống quản lý văn bản và điều hành."),
        Para(f"3. {XA_TT}"),
        Para("Xây dựng kế hoạch chuyển đổi số năm 2024 của xã, thị trấn; báo cáo hằng quý."),
    ),
    appendices=(
        Appendix(
            title="Phụ lục I",
            caption=(
                "CHỈ TIÊU CHUYỂN ĐỔI SỐ NĂM 2024",
                "(Kèm theo Kế hoạch số 41/KH-UBND ngày 28/02/2024 của UBND huyện Đông Bình)",
            ),
            header=("TT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu năm 2024", "Đơn vị thực hiện"),
            roles=("number", "name", "unit", "target:2024", "implementers"),
            kind="indicators",
            rows=(
                R(
                    "1",
                    "Tỷ lệ văn bản trao đổi giữa các cơ quan được ký số",
                    "%",
                    "≥ 95%",
                    A(VP_HUYEN, XA_TT),
                ),
                R(
                    "2",
                    "Tỷ lệ hồ sơ thủ tục hành chính cấp huyện nộp trực tuyến",
                    "%",
                    "Từ 40% trở lên",
                    A("Các phòng, ban chuyên môn thuộc UBND huyện", XA_TT),
                ),
                R(
                    "3",
                    "Số lượt người dân được hướng dẫn kỹ năng số",
                    "Lượt người",
                    "3.000",
                    A(VH_TT, "Huyện đoàn", sep=", "),
                ),
            ),
        ),
        Appendix(
            title="Phụ lục II",
            caption=(
                "NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2024",
                "(Kèm theo Kế hoạch số 41/KH-UBND ngày 28/02/2024 của UBND huyện Đông Bình)",
            ),
            header=(
                "TT",
                "Nội dung công việc",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian thực hiện",
                "Ghi chú",
            ),
            roles=("number", "name", "lead", "coordinating", "timeframe", "note"),
            kind="tasks",
            landscape=True,
            rows=(
                H("I", "CHÍNH QUYỀN SỐ", "", "", "", ""),
                R(
                    "1",
                    "Vận hành hệ thống quản lý văn bản và điều hành thông suốt từ huyện đến xã",
                    VP_HUYEN,
                    XA_TT,
                    "Cả năm",
                    "Kinh phí tự chủ",
                ),
                H("-", "Ứng dụng các nền tảng số dùng chung của tỉnh:", "", "", "", ""),
                R(
                    "+",
                    "Nền tảng họp trực tuyến đến 100% xã, thị trấn",
                    VH_TT,
                    A(XA_TT, "Chi nhánh Viettel huyện"),
                    "Quý I - Quý II/2024",
                    "",
                ),
                R(
                    "+",
                    "Hệ thống thông tin báo cáo của huyện",
                    "Phòng Tài chính - Kế hoạch",
                    "Các phòng, ban chuyên môn thuộc UBND huyện",
                    "Tháng 6/2024",
                    "",
                ),
                H("II", "XÃ HỘI SỐ", "", "", "", ""),
                R(
                    "1",
                    "Tổ chức “Tháng tuyên truyền chuyển đổi số” hưởng ứng Ngày Chuyển đổi số "
                    "quốc gia 10/10",
                    VH_TT,
                    A("Trung tâm Văn hóa - Thông tin và Thể thao huyện", XA_TT),
                    "Trước ngày 15/10/2024",
                    "",
                ),
            ),
        ),
    ),
)

WIDER: tuple[CorpusPlan, ...] = (DONG_TIEN, THANH_VAN_DTI, BO_NNMT, LONG_SON_06, DONG_BINH)
