"""The plans of the corpus (see the package's docstring for what they are modelled on)."""

from __future__ import annotations

from ingest.corpus.model import EX, A, Appendix, CorpusPlan, H, Para, R

__all__ = ["AN_HA", "BO", "CORPUS", "SON_LAM"]


def _p(*texts: str, bold: bool = False) -> tuple[Para, ...]:
    return tuple(Para(text=t, bold=bold) for t in texts)


def _head(issuer: tuple[str, ...], number: str, place_date: str, kind: str, title: str):
    return (
        *_p(*issuer, bold=True),
        *_p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", bold=True),
        Para(f"Số: {number}"),
        Para(place_date),
        Para(kind, bold=True),
        Para(title, bold=True),
    )


SKHCN = "Sở Khoa học và Công nghệ"
STC = "Sở Tài chính"
SNV = "Sở Nội vụ"
VP = "Văn phòng UBND tỉnh"
CA = "Công an tỉnh"
SYT = "Sở Y tế"
SGD = "Sở Giáo dục và Đào tạo"
SCT = "Sở Công Thương"
SNN = "Sở Nông nghiệp và Môi trường"
STP = "Sở Tư pháp"
SVH = "Sở Văn hóa, Thể thao và Du lịch"
BHXH = "Bảo hiểm xã hội tỉnh"
SBN = "Các sở, ban, ngành"
XA = "UBND các xã, phường, đặc khu"
DNVT = "Các doanh nghiệp viễn thông trên địa bàn tỉnh"

_TASK_HEADER = (
    "TT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Sản phẩm",
    "Thời gian hoàn thành",
)
_TASK_ROLES = ("number", "name", "lead", "coordinating", "result", "timeframe")

# -- a province's yearly plan: tasks in an appendix, targets in the body ------------------------

SON_LAM = CorpusPlan(
    slug="son-lam-2026",
    number="112/KH-UBND",
    replaces="Kế hoạch số 45/KH-UBND",
    duties=(
        ("1", SKHCN),
        ("2", STC),
        ("3", SNV),
        ("4", "Các sở, ban, ngành, UBND các xã, phường, đặc khu"),
    ),
    body_targets=5,
    head=_head(
        ("ỦY BAN NHÂN DÂN", "TỈNH SƠN LÂM"),
        "112/KH-UBND",
        "Sơn Lâm, ngày 15 tháng 01 năm 2026",
        "KẾ HOẠCH",
        "Chuyển đổi số năm 2026 trên địa bàn tỉnh Sơn Lâm",
    ),
    body=(
        Para("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;"),
        Para("Ủy ban nhân dân tỉnh ban hành Kế hoạch chuyển đổi số năm 2026 như sau:"),
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Para("- Cụ thể hóa các nhiệm vụ chuyển đổi số của tỉnh trong năm 2026."),
        Para("- Phân công rõ cơ quan chủ trì, thời hạn, sản phẩm của từng nhiệm vụ."),
        Para("II. MỤC TIÊU", bold=True),
        Para("1. Mục tiêu chung"),
        Para("Đưa hoạt động của cơ quan nhà nước lên môi trường số, lấy dữ liệu làm trung tâm."),
        Para("2. Mục tiêu cụ thể đến năm 2026"),
        Para("a) Chính quyền số"),
        Para("- 100% văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử có ký số."),
        Para("- Trên 80% hồ sơ thủ tục hành chính được số hóa kết quả giải quyết."),
        Para("b) Kinh tế số, xã hội số"),
        Para("- Kinh tế số chiếm từ 12% đến 15% GRDP của tỉnh."),
        Para(
            "- Trên 70% hộ gia đình có kết nối Internet cáp quang và 90% người trưởng thành "
            "có điện thoại thông minh."
        ),
        Para("III. NHIỆM VỤ, GIẢI PHÁP", bold=True),
        Para("Chi tiết tại Phụ lục kèm theo Kế hoạch này."),
        Para("IV. TỔ CHỨC THỰC HIỆN", bold=True),
        Para(f"1. {SKHCN}"),
        Para(
            "- Chủ trì theo dõi, đôn đốc các cơ quan, đơn vị triển khai Kế hoạch; tổng hợp, "
            "báo cáo UBND tỉnh trước ngày 15/12/2026."
        ),
        Para("- Hướng dẫn các cơ quan cập nhật kết quả lên Hệ thống theo dõi chuyển đổi số."),
        Para(f"2. {STC}"),
        Para(
            "Tham mưu UBND tỉnh bố trí kinh phí thực hiện các nhiệm vụ của Kế hoạch trong dự "
            "toán ngân sách năm 2026."
        ),
        Para(f"3. {SNV}: Chủ trì tập huấn kỹ năng số cho cán bộ, công chức, viên chức."),
        Para("4. Các sở, ban, ngành, UBND các xã, phường, đặc khu"),
        Para("- Xây dựng kế hoạch chuyển đổi số của cơ quan, địa phương năm 2026."),
        Para("- Báo cáo kết quả thực hiện hằng quý về Sở Khoa học và Công nghệ."),
        Para(
            "Kế hoạch này thay thế Kế hoạch số 45/KH-UBND ngày 10/3/2025 của UBND tỉnh về "
            "chuyển đổi số năm 2025."
        ),
        Para("Nơi nhận:"),
        Para("- Như trên;"),
        Para("KT. CHỦ TỊCH", bold=True),
        Para("Nguyễn Văn An (dữ liệu mẫu)", bold=True),
    ),
    appendices=(
        Appendix(
            title="PHỤ LỤC",
            caption=(
                "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026",
                "(Kèm theo Kế hoạch số 112/KH-UBND ngày 15/01/2026 của UBND tỉnh Sơn Lâm)",
            ),
            header=_TASK_HEADER,
            roles=_TASK_ROLES,
            kind="tasks",
            landscape=True,
            rows=(
                H("I", "Chuyển đổi nhận thức, kiến tạo thể chế", "", "", "", ""),
                R(
                    "1",
                    "Ban hành Quy chế quản lý, vận hành Trung tâm điều hành thông minh (IOC) "
                    "của tỉnh",
                    SKHCN,
                    A(VP, CA),
                    "Quyết định của UBND tỉnh",
                    "Quý II/2026",
                ),
                R(
                    "2",
                    "Tuyên truyền “Ngày Chuyển đổi số” 10/10 trên các phương tiện thông tin "
                    "đại chúng",
                    SVH,
                    A(SBN, XA),
                    "Chuyên mục, tin bài",
                    "Tháng 10/2026",
                ),
                H("II", "Phát triển hạ tầng số", SKHCN, DNVT, "", "Năm 2026", item=True),
                R(
                    "1",
                    "Nâng cấp mạng truyền số liệu chuyên dùng cấp II đến 100% xã, phường",
                    SKHCN,
                    A(DNVT, XA),
                    "Mạng kết nối 4 cấp – băng thông tối thiểu 100 Mbps",
                    "Năm 2026",
                ),
                R(
                    "2",
                    "Chuyển các hệ thống thông tin dùng chung lên nền tảng điện toán đám mây "
                    "của tỉnh, bảo đảm an toàn thông tin theo cấp độ",
                    SKHCN,
                    A("Sở Thông tin và Truyền thông", SKHCN, sep=", "),
                    "Từ 30-40% hệ thống được chuyển đổi",
                    "2026 – 2027",
                    rest=("", "và phương án dự phòng", "", "", "", ""),
                ),
                R(
                    "3",
                    "Phủ sóng di động 4G/5G tại các thôn, bản còn “lõm sóng”",
                    DNVT,
                    XA,
                    "Không còn thôn “lõm sóng”",
                    "Thường xuyên",
                ),
                H("III", "Phát triển dữ liệu số", "", "", "", ""),
                R(
                    "1",
                    "Xây dựng cơ sở dữ liệu đất đai, kết nối với Cơ sở dữ liệu quốc gia về dân cư",
                    SNN,
                    A(CA, SKHCN),
                    "CSDL đất đai vận hành",
                    "30/6/2026",
                ),
                R(
                    "2",
                    "Số hóa hồ sơ hộ tịch giai đoạn 1999 - 2015",
                    STP,
                    XA,
                    "Dữ liệu hộ tịch điện tử",
                    "Năm 2026",
                ),
                R(
                    "3",
                    "Triển khai sổ sức khỏe điện tử cho người dân",
                    SYT,
                    A(BHXH, CA, sep=", "),
                    "Trên 90% dân số có sổ sức khỏe điện tử",
                    "Hằng năm",
                ),
            ),
        ),
    ),
)

# -- a province's action plan for Resolution 57: an indicator table and a task table -----------

_INDICATOR_HEADER = (
    "TT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Năm 2026",
    "Năm 2027",
    "Cơ quan chủ trì",
    "Cơ quan thực hiện",
)
_INDICATOR_ROLES = (
    "number",
    "name",
    "unit",
    "target:2026",
    "target:2027",
    "lead",
    "implementers",
)

AN_HA = CorpusPlan(
    slug="an-ha-nq57",
    number="58/KH-UBND",
    duties=(("1", SKHCN), ("2", STC), ("3", "Công an tỉnh")),
    head=_head(
        ("ỦY BAN NHÂN DÂN", "TỈNH AN HÀ"),
        "58/KH-UBND",
        "An Hà, ngày 20 tháng 3 năm 2026",
        "KẾ HOẠCH HÀNH ĐỘNG",
        "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số",
    ),
    body=(
        Para("I. MỤC TIÊU", bold=True),
        Para("Các chỉ tiêu cụ thể tại Phụ lục I; các nhiệm vụ tại Phụ lục II."),
        Para("II. TỔ CHỨC THỰC HIỆN", bold=True),
        Para(f"1. {SKHCN} là cơ quan thường trực, chủ trì theo dõi, tổng hợp kết quả thực hiện."),
        Para(f"2. {STC}"),
        Para("Cân đối, bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách."),
        Para("3. Công an tỉnh"),
        Para("- Chủ trì bảo đảm an ninh mạng, an toàn dữ liệu của các hệ thống thông tin."),
        Para("- Phối hợp làm sạch dữ liệu dân cư phục vụ dịch vụ công."),
    ),
    appendices=(
        Appendix(
            title="Phụ lục I",
            caption=(
                "CHỈ TIÊU THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW",
                "(Kèm theo Kế hoạch số 58/KH-UBND ngày 20/3/2026 của UBND tỉnh An Hà)",
            ),
            header=_INDICATOR_HEADER,
            roles=_INDICATOR_ROLES,
            kind="indicators",
            rows=(
                H("A", "Khoa học, công nghệ và đổi mới sáng tạo", "", "", "", "", ""),
                R(
                    "1",
                    "Chi cho nghiên cứu khoa học, phát triển công nghệ so với tổng chi ngân sách",
                    "%",
                    "≥ 2%",
                    "≥ 3%",
                    SKHCN,
                    STC,
                ),
                R(
                    "2",
                    "Số doanh nghiệp khởi nghiệp đổi mới sáng tạo được hỗ trợ",
                    "Doanh nghiệp",
                    "10",
                    "15-20",
                    SKHCN,
                    A(SCT, "Các doanh nghiệp trên địa bàn tỉnh"),
                ),
                EX(
                    "",
                    "Ví dụ: doanh nghiệp được ươm tạo tại Trung tâm khởi nghiệp",
                    "",
                    "",
                    "",
                    "",
                    "",
                ),
                H("B", "Chuyển đổi số", "", "", "", "", ""),
                R(
                    "1",
                    "Tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính "
                    "đủ điều kiện",
                    "%",
                    "80%",
                    "100%",
                    VP,
                    A(SBN, XA),
                ),
                R(
                    "2",
                    "Tỷ lệ hồ sơ giải quyết thủ tục hành chính được số hóa",
                    "%",
                    "từ 30% đến 40%",
                    "Trên 60%",
                    VP,
                    SBN,
                ),
                R(
                    "3",
                    "Tỷ lệ người dân trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
                    "%",
                    "30-40%",
                    "> 50%",
                    CA,
                    A(DNVT, XA),
                ),
                R(
                    "4",
                    "Tỉnh đạt mức độ 3 về quản trị dữ liệu",
                    "Mức",
                    "-",
                    "Đạt",
                    CA,
                    SBN,
                ),
            ),
        ),
        Appendix(
            title="Phụ lục II",
            caption=(
                "NHIỆM VỤ TRỌNG TÂM",
                "(Kèm theo Kế hoạch số 58/KH-UBND ngày 20/3/2026 của UBND tỉnh An Hà)",
            ),
            header=(
                "STT",
                "Nội dung nhiệm vụ",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Kết quả, sản phẩm",
                "Thời hạn",
            ),
            roles=_TASK_ROLES,
            kind="tasks",
            rows=(
                H("I", "Hoàn thiện thể chế", VP, STP, "", "Quý I/2026", item=True),
                R(
                    "1",
                    "Rà soát, bãi bỏ các quy định cản trở hoạt động đổi mới sáng tạo",
                    STP,
                    SBN,
                    "Báo cáo rà soát",
                    "Tháng 6/2026",
                ),
                R(
                    "2",
                    "Ban hành chính sách hỗ trợ doanh nghiệp chuyển đổi số (giai đoạn 2026–2030)",
                    SCT,
                    A(STC, SKHCN),
                    "Nghị quyết của HĐND tỉnh",
                    "Năm 2026",
                ),
                H("II", "Phát triển nguồn nhân lực số", "", "", "", ""),
                R(
                    "1",
                    "Đào tạo kỹ năng số cho 100% cán bộ, công chức cấp xã",
                    SNV,
                    XA,
                    "Từ 1.000 đến 1.500 lượt người được đào tạo",
                    "2026-2027",
                ),
                R(
                    "2",
                    "Đưa nội dung “kỹ năng số” vào hoạt động giáo dục trong trường phổ thông",
                    SGD,
                    XA,
                    "Kế hoạch giáo dục của các trường",
                    "Năm học 2026 - 2027",
                    rest=("", "theo hướng dẫn của Bộ Giáo dục và Đào tạo", "", "", "", ""),
                ),
            ),
        ),
    ),
)

# -- a ministry's plan: letter parts, group rows and sub-items, units of the ministry ----------

BO = CorpusPlan(
    slug="bo-khcn-2026",
    number="1520/KH-BKHCN",
    head=_head(
        ("BỘ KHOA HỌC VÀ CÔNG NGHỆ",),
        "1520/KH-BKHCN",
        "Hà Nội, ngày 02 tháng 6 năm 2026",
        "KẾ HOẠCH",
        "Chuyển đổi số của Bộ Khoa học và Công nghệ năm 2026",
    ),
    body=(
        Para("I. MỤC ĐÍCH, YÊU CẦU", bold=True),
        Para("- Bảo đảm các nhiệm vụ được giao có sản phẩm cụ thể, thời hạn rõ ràng."),
        Para("II. NHIỆM VỤ", bold=True),
        Para("Các nhiệm vụ tại Phụ lục kèm theo."),
    ),
    appendices=(
        Appendix(
            title="PHỤ LỤC",
            caption=(
                "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ CỦA BỘ NĂM 2026",
                "(Kèm theo Kế hoạch số 1520/KH-BKHCN ngày 02/6/2026 của Bộ Khoa học và Công nghệ)",
            ),
            header=(
                "STT",
                "Nội dung công việc",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian thực hiện",
                "Kết quả/sản phẩm",
            ),
            roles=("number", "name", "lead", "coordinating", "timeframe", "result"),
            kind="tasks",
            rows=(
                H("A", "CHÍNH PHỦ SỐ", "", "", "", ""),
                H("1", "Dịch vụ công trực tuyến", "", "", "", ""),
                R(
                    "1.1",
                    "Tái cấu trúc quy trình 20 thủ tục hành chính thuộc phạm vi quản lý của Bộ",
                    "Văn phòng Bộ",
                    "Các Cục, Vụ liên quan",
                    "Quý III/2026",
                    "Quy trình điện tử toàn trình",
                ),
                R(
                    "1.2",
                    "Kết nối Hệ thống giải quyết thủ tục hành chính của Bộ với Cổng Dịch vụ "
                    "công quốc gia",
                    "Trung tâm Công nghệ thông tin",
                    "Văn phòng Bộ",
                    "Năm 2026",
                    "Tỷ lệ đồng bộ hồ sơ ≥ 95%",
                ),
                H("2", "Dữ liệu", "", "", "", ""),
                R(
                    "2.1",
                    "Xây dựng Cơ sở dữ liệu quốc gia về khoa học và công nghệ (giai đoạn 2)",
                    "Cục Thông tin, Thống kê",
                    "Trung tâm Công nghệ thông tin",
                    "2026 - 2027",
                    "Cơ sở dữ liệu được cập nhật ‘thời gian thực’",
                ),
                R(
                    "2.2",
                    "Công bố danh mục dữ liệu mở của Bộ",
                    "Trung tâm Công nghệ thông tin",
                    "Các đơn vị thuộc Bộ",
                    "Tháng 9/2026",
                    "Quyết định công bố",
                ),
                H("B", "AN TOÀN THÔNG TIN", "", "", "", ""),
                R(
                    "1",
                    "Giám sát an toàn thông tin 24/7 cho các hệ thống cấp độ 3 trở lên",
                    "Trung tâm Công nghệ thông tin",
                    "Cục An toàn thông tin",
                    "Thường xuyên",
                    "Báo cáo giám sát hằng tháng",
                ),
                R(
                    "2",
                    "Diễn tập thực chiến bảo đảm an toàn thông tin mạng",
                    "Cục An toàn thông tin",
                    "Các đơn vị thuộc Bộ",
                    "Hằng năm",
                    "01 cuộc diễn tập",
                ),
            ),
        ),
    ),
)

CORPUS: tuple[CorpusPlan, ...] = (SON_LAM, AN_HA, BO)
