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
lists "+" rows under a "-" row. (The commune's and the district's plans are in `local`.)

Wording is ours; the structures follow plans published by communes, provinces and
ministries. Names of places and people are invented ("dữ liệu mẫu").
"""

from __future__ import annotations

from ingest.corpus.documents import _head
from ingest.corpus.local import DONG_BINH, DONG_TIEN
from ingest.corpus.model import TOTAL, A, Appendix, CorpusPlan, H, Para, R

__all__ = ["BO_NNMT", "DONG_BINH", "DONG_TIEN", "LONG_SON_06", "THANH_VAN_DTI", "WIDER"]

SKHCN_SHORT = "Sở KH&CN"
CA = "Công an tỉnh"
HUYEN = "UBND các huyện, thị xã, thành phố"
SBN = "Các sở, ban, ngành"

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

WIDER: tuple[CorpusPlan, ...] = (DONG_TIEN, THANH_VAN_DTI, BO_NNMT, LONG_SON_06, DONG_BINH)
