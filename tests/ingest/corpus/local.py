"""Plans of a commune and a district: one "Cơ quan thực hiện" column, notes, "-" rows under a
numbered group and "+" rows under a "-" row, a target column headed "Chỉ tiêu năm 2024",
the local offices ("Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Các thôn, tổ dân
phố", "UBND các xã, thị trấn"). See `wider` for what the widened corpus is modelled on.
"""

from __future__ import annotations

from ingest.corpus.documents import _head
from ingest.corpus.model import A, Appendix, CorpusPlan, H, Para, R

__all__ = ["DONG_BINH", "DONG_TIEN"]

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
