"""The agency directory as a name resolver: every agency cell of the province's documents,
unresolved names, succession, and the comma/"và" ambiguity."""

import datetime as dt
import json
from collections import Counter

import pytest

from dxtrack.agencies.directory import BUNDLED_PATH, Directory, Resolution, load_records
from dxtrack.agencies.models import Agency
from dxtrack.vn_text import name_key

# After the 2025 reorganisation: what the resolver answers for a plan read today.
ON = dt.date(2026, 1, 1)

KHCN = "Sở Khoa học và Công nghệ"
TC = "Sở Tài chính"
NV = "Sở Nội vụ"
YT = "Sở Y tế"
XD = "Sở Xây dựng"
GDDT = "Sở Giáo dục và Đào tạo"
CT = "Sở Công Thương"
NNMT = "Sở Nông nghiệp và Môi trường"
VHTTDL = "Sở Văn hóa, Thể thao và Du lịch"
VPUB = "Văn phòng UBND tỉnh"
CA = "Công an tỉnh"
TK = "Thống kê tỉnh"
BAO = "Báo và Phát thanh, Truyền hình Quảng Ngãi"
KKT = "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"
NHNN = "Ngân hàng Nhà nước Chi nhánh tỉnh Quảng Ngãi"
SBN = "Các sở, ban, ngành"
XA = "UBND các xã, phường, đặc khu"
VT = "Các doanh nghiệp viễn thông trên địa bàn tỉnh"


def A(name: str) -> tuple[str, str]:
    return ("agency", name)


def G(name: str) -> tuple[str, str]:
    return ("group", name)


def _pairs(resolutions: list[Resolution]) -> list[tuple[str, tuple[str, str] | None]]:
    return [
        (r.text, A(r.agency) if r.agency else G(r.group) if r.group else None) for r in resolutions
    ]


# Every distinct agency cell of the seed plans (000-003), as the documents write it.
SEED_CELLS = [
    ("Sở Tài chính", [("Sở Tài chính", A(TC))]),
    ("Các sở, ban ngành", [("Các sở, ban ngành", G(SBN))]),
    ("Sở Công Thương", [("Sở Công Thương", A(CT))]),
    ("Sở Nội vụ", [("Sở Nội vụ", A(NV))]),
    (
        "Sở Tài chính,\nSở Khoa học và Công nghệ",
        [("Sở Tài chính", A(TC)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    ("Thống\nkê tỉnh", [("Thống kê tỉnh", A(TK))]),
    ("Thống kê tỉnh", [("Thống kê tỉnh", A(TK))]),
    (
        "Ngân hàng Nhà nước Chi nhánh tỉnh Quảng Ngãi",
        [("Ngân hàng Nhà nước Chi nhánh tỉnh Quảng Ngãi", A(NHNN))],
    ),
    ("Sở Khoa\nhọc và Công nghệ", [("Sở Khoa học và Công nghệ", A(KHCN))]),
    (
        (
            "· VNPT Quảng Ngãi;\n· Chi nhánh Viettel Quảng Ngãi;\n· Mobifone Quảng Ngãi;\n"
            "· Mobifone Kon Tum;\n· [bookmark: _GoBack]FPT Chi nhánh Quảng Ngãi."
        ),
        [
            ("VNPT Quảng Ngãi", A("VNPT Quảng Ngãi")),
            ("Chi nhánh Viettel Quảng Ngãi", A("Viettel Quảng Ngãi")),
            ("Mobifone Quảng Ngãi", A("MobiFone Quảng Ngãi")),
            ("Mobifone Kon Tum", A("MobiFone Kon Tum")),
            ("FPT Chi nhánh Quảng Ngãi", A("FPT Chi nhánh Quảng Ngãi")),
        ],
    ),
    ("Sở Y tế", [("Sở Y tế", A(YT))]),
    ("Sở GDĐT", [("Sở GDĐT", A(GDDT))]),
    (
        "Các sở, ban, ngành, UBND các xã, phường, đặc khu",
        [("Các sở, ban, ngành", G(SBN)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    (
        "Ban Quản lý KKT Dung Quất và các Khu công nghiệp tỉnh",
        [("Ban Quản lý KKT Dung Quất và các Khu công nghiệp tỉnh", A(KKT))],
    ),
    ("Sở Khoa học và Công nghệ", [("Sở Khoa học và Công nghệ", A(KHCN))]),
    ("Sở Giao thông - Vận tải", [("Sở Giao thông - Vận tải", A(XD))]),
    ("Sở Nông nghiệp và Môi trường", [("Sở Nông nghiệp và Môi trường", A(NNMT))]),
    ("Sở Xây dựng", [("Sở Xây dựng", A(XD))]),
    ("Sở Giáo dục và Đào tạo", [("Sở Giáo dục và Đào tạo", A(GDDT))]),
    ("Sở Văn hóa, Thể thao và Du lịch", [("Sở Văn hóa, Thể thao và Du lịch", A(VHTTDL))]),
    (
        "Sở Khoa học và Công nghệ; UBND các xã, phường, đặc khu",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    (
        "Sở Khoa học và Công nghệ, sở, ban, ngành, UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; các sở, ban, ngành, UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    ("Công an tỉnh", [("Công an tỉnh", A(CA))]),
    (
        "Sở Giáo dục và Đào tạo; UBND các xã, phường, đặc khu",
        [("Sở Giáo dục và Đào tạo", A(GDDT)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    (
        "Sở Giáo dục và Đào tạo; Sở Văn hóa, Thể thao và Du lịch",
        [("Sở Giáo dục và Đào tạo", A(GDDT)), ("Sở Văn hóa, Thể thao và Du lịch", A(VHTTDL))],
    ),
    (
        "Sở Khoa học và Công nghệ; Sở Giáo dục và Đào tạo",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Giáo dục và Đào tạo", A(GDDT))],
    ),
    (
        "Sở Khoa học và Công nghệ; các sở, ban, ngành; UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Báo và Phát thanh, Truyền hình Quảng Ngãi",
        [("Báo và Phát thanh, Truyền hình Quảng Ngãi", A(BAO))],
    ),
    ("Văn phòng UBND tỉnh", [("Văn phòng UBND tỉnh", A(VPUB))]),
    (
        "Theo nội dung phân công tại Kế hoạch số 74/KH-UBND ngày 12/6/2020",
        [("Theo nội dung phân công tại Kế hoạch số 74/KH-UBND ngày 12/6/2020", None)],
    ),
    (
        ("Sở Khoa học và Công nghệ; Sở Tài chính; Sở Công Thương; UBND các xã, phường, đặc khu"),
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Sở Tài chính", A(TC)),
            ("Sở Công Thương", A(CT)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; Sở Công Thương; UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Sở Công Thương", A(CT)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        ("Sở Khoa học và Công nghệ; Sở Tài chính; Sở Công Thương, Sở Nông nghiệp và Môi trường"),
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Sở Tài chính", A(TC)),
            ("Sở Công Thương", A(CT)),
            ("Sở Nông nghiệp và Môi trường", A(NNMT)),
        ],
    ),
    (
        "Ngân hàng Nhà nước chi nhánh Quảng Ngãi",
        [("Ngân hàng Nhà nước chi nhánh Quảng Ngãi", A(NHNN))],
    ),
    (
        "Sở Khoa học và Công nghệ, Sở Y tế, Sở Giáo dục, UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Sở Y tế", A(YT)),
            ("Sở Giáo dục", A(GDDT)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    ("Chi Cục Thuế khu vực XII", [("Chi Cục Thuế khu vực XII", A("Chi cục Thuế khu vực XII"))]),
    (
        "Sở Giáo dục và Đào tạo, Sở Khoa học và Công nghệ",
        [("Sở Giáo dục và Đào tạo", A(GDDT)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    ("Sở Lao động - Thương binh và Xã hội", [("Sở Lao động - Thương binh và Xã hội", A(NV))]),
    ("Bảo hiểm xã hội tỉnh", [("Bảo hiểm xã hội tỉnh", A("Bảo hiểm xã hội tỉnh"))]),
    (
        "Sở Công Thương, Sở Khoa học và Công nghệ",
        [("Sở Công Thương", A(CT)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    (
        "Ban Quản lý KKT Dung Quất và các Khu công nghiệp",
        [("Ban Quản lý KKT Dung Quất và các Khu công nghiệp", A(KKT))],
    ),
    ("Sở Tài nguyên và Môi trường", [("Sở Tài nguyên và Môi trường", A(NNMT))]),
    ("UBND các xã, phường, đặc khu", [("UBND các xã, phường, đặc khu", G(XA))]),
    ("Các sở, ban, ngành", [("Các sở, ban, ngành", G(SBN))]),
    (
        "Sở Khoa học và Công nghệ, các sở, ban, ngành, UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ, Báo và Phát thanh, Truyền hìnhtỉnh, Báo Quảng Ngãi",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Báo và Phát thanh, Truyền hìnhtỉnh", A(BAO))],
    ),
    (
        "Sở Khoa học và Công nghệ; Sở Tài chính",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Tài chính", A(TC))],
    ),
    (
        (
            "Sở Tài chính; Sở Khoa học và Công nghệ; các sở, ban, ngành, "
            "UBND các xã, phường, đặc khu"
        ),
        [
            ("Sở Tài chính", A(TC)),
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Sở Tài chính; Sở Tài chính; các sở, ban, ngành, UBND các xã, phường, đặc khu",
        [
            ("Sở Tài chính", A(TC)),
            ("các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Sở Y tế, Sở Nội vụ, UBND các xã, phường, đặc khu",
        [("Sở Y tế", A(YT)), ("Sở Nội vụ", A(NV)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    (
        "Các cơ quan chuyên môn thuộc tỉnh; UBND cấp huyện, cấp xã",
        [("Các cơ quan chuyên môn thuộc tỉnh", G(SBN)), ("UBND cấp huyện", G(XA))],
    ),
    (
        "Sở Thông tin và Truyền thông; các cơ quan báo chí, truyền thông",
        [
            ("Sở Thông tin và Truyền thông", A(KHCN)),
            ("các cơ quan báo chí, truyền thông", G("Các cơ quan báo chí, truyền thông")),
        ],
    ),
    (
        "Sở TTTT, Ủy ban nhân dân cấp huyện, cấp xã",
        [("Sở TTTT", A(KHCN)), ("Ủy ban nhân dân cấp huyện", G(XA))],
    ),
    (
        "Sở Thông tin và Truyền thông;các Doanh nghiệp Viễn thông",
        [("Sở Thông tin và Truyền thông", A(KHCN)), ("các Doanh nghiệp Viễn thông", G(VT))],
    ),
    (
        "Sở Thông tin và Truyền thông; UBND cấp huyện",
        [("Sở Thông tin và Truyền thông", A(KHCN)), ("UBND cấp huyện", G(XA))],
    ),
    ("Sở Thông tin và Truyền thông", [("Sở Thông tin và Truyền thông", A(KHCN))]),
    (
        "Sở Thông tin và Truyền thông;các doanh nghiệp viễn thông",
        [("Sở Thông tin và Truyền thông", A(KHCN)), ("các doanh nghiệp viễn thông", G(VT))],
    ),
    (
        "Sở Thông tin và Truyền thông; các Sở, ban ngành; UBND cấp huyện",
        [
            ("Sở Thông tin và Truyền thông", A(KHCN)),
            ("các Sở, ban ngành", G(SBN)),
            ("UBND cấp huyện", G(XA)),
        ],
    ),
    ("Các Sở, ban ngành tỉnh", [("Các Sở, ban ngành tỉnh", G(SBN))]),
    (
        "Sở TT&TT; các Sở, ban ngành; UBND cấp huyện",
        [("Sở TT&TT", A(KHCN)), ("các Sở, ban ngành", G(SBN)), ("UBND cấp huyện", G(XA))],
    ),
    (
        "Văn phòng UBND tỉnh; Sở Thông tin và Truyền thông",
        [("Văn phòng UBND tỉnh", A(VPUB)), ("Sở Thông tin và Truyền thông", A(KHCN))],
    ),
    (
        "Sở, ban ngành, UBND cấp huyện, cấp xã",
        [("Sở, ban ngành", G(SBN)), ("UBND cấp huyện", G(XA))],
    ),
    ("Các Sở, ban ngành thuộc tỉnh", [("Các Sở, ban ngành thuộc tỉnh", G(SBN))]),
    ("UBND cấp huyện, cấp xã", [("UBND cấp huyện", G(XA))]),
    ("Các sở, ngành, UBND cấp huyện", [("Các sở, ngành", G(SBN)), ("UBND cấp huyện", G(XA))]),
    (
        "Sở Khoa học và Công nghệ, các Sở có nhóm ngành kinh tế số",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("các Sở có nhóm ngành kinh tế số", None)],
    ),
    (
        "Sở Công Thương; UBND cấp huyện, cấp xã",
        [("Sở Công Thương", A(CT)), ("UBND cấp huyện", G(XA))],
    ),
    (
        "Ban QL KKT Dung Quất và các KCN tỉnh; Sở Xây dựng",
        [("Ban QL KKT Dung Quất và các KCN tỉnh", A(KKT)), ("Sở Xây dựng", A(XD))],
    ),
    (
        "Các Sở, ban ngành; các doanh nghiệp trên địa bàn tỉnh",
        [
            ("Các Sở, ban ngành", G(SBN)),
            ("các doanh nghiệp trên địa bàn tỉnh", G("Các doanh nghiệp trên địa bàn tỉnh")),
        ],
    ),
    ("Sở Kế hoạch và Đầu tư", [("Sở Kế hoạch và Đầu tư", A(TC))]),
    (
        "Sở NN&PTNT, UBND cấp huyện, cấp xã (liên quan)",
        [("Sở NN&PTNT", A(NNMT)), ("UBND cấp huyện", G(XA))],
    ),
    ("Sở Kế hoạch và Đầu tư, Sở TN&MT", [("Sở Kế hoạch và Đầu tư", A(TC)), ("Sở TN&MT", A(NNMT))]),
    ("Sở Ngoại vụ", [("Sở Ngoại vụ", A(VPUB))]),
    ("Cục Thống kê, Sở Công Thương", [("Cục Thống kê", A(TK)), ("Sở Công Thương", A(CT))]),
    ("Sở TT&TT, UBND cấp huyện, cấp xã", [("Sở TT&TT", A(KHCN)), ("UBND cấp huyện", G(XA))]),
    (
        "Ngân hàng Nhà nước tỉnh; Tỉnh đoàn",
        [("Ngân hàng Nhà nước tỉnh", A(NHNN)), ("Tỉnh đoàn", A("Tỉnh đoàn"))],
    ),
    (
        "Các Sở, ban ngành; UBND cấp huyện, cấp xã",
        [("Các Sở, ban ngành", G(SBN)), ("UBND cấp huyện", G(XA))],
    ),
    (
        "Sở NN&PTNT, UBND cấp huyện, xã, Tổ CNS Cộng đồng",
        [("Sở NN&PTNT", A(NNMT)), ("UBND cấp huyện", G(XA)), ("Tổ CNS Cộng đồng", None)],
    ),
    (
        "Ban Dân tộc tỉnh; UBND các huyện miền núi",
        [("Ban Dân tộc tỉnh", A("Sở Dân tộc và Tôn giáo")), ("UBND các huyện miền núi", G(XA))],
    ),
    ("Sở TT&TT, Sở LĐ- TB&XH", [("Sở TT&TT", A(KHCN)), ("Sở LĐ- TB&XH", A(NV))]),
    ("Sở Nông nghiệp và PTNT", [("Sở Nông nghiệp và PTNT", A(NNMT))]),
    ("Sở Lao động - TB&XH", [("Sở Lao động - TB&XH", A(NV))]),
    (
        "Sở Nội vụ, Sở TT&TT, UBND cấp huyện",
        [("Sở Nội vụ", A(NV)), ("Sở TT&TT", A(KHCN)), ("UBND cấp huyện", G(XA))],
    ),
    (
        "Các Sở, ban ngành; UBND cấp huyện, cấp xã; các doanh nghiệp",
        [
            ("Các Sở, ban ngành", G(SBN)),
            ("UBND cấp huyện", G(XA)),
            ("các doanh nghiệp", G("Các doanh nghiệp trên địa bàn tỉnh")),
        ],
    ),
    (
        "Sở Tài nguyên và Môi trường; UBND cấp huyện",
        [("Sở Tài nguyên và Môi trường", A(NNMT)), ("UBND cấp huyện", G(XA))],
    ),
    ("Sở Văn hóa - TT&DL", [("Sở Văn hóa - TT&DL", A(VHTTDL))]),
    ("Sở Giao thông vận tải", [("Sở Giao thông vận tải", A(XD))]),
    ("Các cơ quan thuộc khối kinh tế", [("Các cơ quan thuộc khối kinh tế", None)]),
    (
        "Các sở, ban, ngành; UBND các xã, phường, đặc khu",
        [("Các sở, ban, ngành", G(SBN)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    ("Các sở, ban, ngành;", [("Các sở, ban, ngành", G(SBN))]),
    (
        "Các sở, ban, ngành; UBND các xã, phường, đặc khu; Thống kê tỉnh",
        [
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
            ("Thống kê tỉnh", A(TK)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; UBND các xã, phường, đặc khu; Thống kê tỉnh",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
            ("Thống kê tỉnh", A(TK)),
        ],
    ),
    (
        "Các Ngân hàng trên địa bàn tỉnh; UBND các xã, phường, đặc khu",
        [
            ("Các Ngân hàng trên địa bàn tỉnh", G("Các ngân hàng trên địa bàn tỉnh")),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Các doanh nghiệp viễn thông trên địa bàn tỉnh; UBND các xã, phường, đặc khu",
        [
            ("Các doanh nghiệp viễn thông trên địa bàn tỉnh", G(VT)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        (
            "Các sở, ban, ngành; UBND các xã, phường, đặc khu; "
            "Các doanh nghiệp viễn thông trên địa bàn tỉnh"
        ),
        [
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
            ("Các doanh nghiệp viễn thông trên địa bàn tỉnh", G(VT)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; Báo và Phát thanh, Truyền hình Quảng Ngãi",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Báo và Phát thanh, Truyền hình Quảng Ngãi", A(BAO)),
        ],
    ),
    (
        "Công an tỉnh; Sở Khoa học và Công nghệ",
        [("Công an tỉnh", A(CA)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    (
        "Sở Khoa học và Công nghệ; Các doanh nghiệp viễn thông trên địa bàn tỉnh",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Các doanh nghiệp viễn thông trên địa bàn tỉnh", G(VT)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; Sở Nội vụ",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Nội vụ", A(NV))],
    ),
    (
        "Sở Khoa học và Công nghệ; Văn phòng UBND tỉnh",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Văn phòng UBND tỉnh", A(VPUB))],
    ),
    (
        (
            "Các sở, ban, ngành; UBND các xã, phường, đặc khu; "
            "các doanh nghiệp nhà nước trên địa bàn tỉnh"
        ),
        [
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
            (
                "các doanh nghiệp nhà nước trên địa bàn tỉnh",
                G("Các doanh nghiệp nhà nước trên địa bàn tỉnh"),
            ),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; Công an tỉnh",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Công an tỉnh", A(CA))],
    ),
    (
        "Sở Khoa học và Công nghệ; Sở Nội vụ; Công an tỉnh",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Nội vụ", A(NV)), ("Công an tỉnh", A(CA))],
    ),
    ("Sở Khoa học và Công nghệ; Sở Khoa học và Công nghệ", [("Sở Khoa học và Công nghệ", A(KHCN))]),
    (
        (
            "Các doanh nghiệp Viễn thông trên địa bàn tỉnh; Các sở, ban, ngành; "
            "UBND các xã, phường, đặc khu"
        ),
        [
            ("Các doanh nghiệp Viễn thông trên địa bàn tỉnh", G(VT)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Văn phòng UBND tỉnh; Sở Khoa học và Công nghệ",
        [("Văn phòng UBND tỉnh", A(VPUB)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    (
        "UBND các xã, phường, đặc khu; Các doanh nghiệp Viễn thông",
        [("UBND các xã, phường, đặc khu", G(XA)), ("Các doanh nghiệp Viễn thông", G(VT))],
    ),
    (
        "Sở Khoa học và Công nghệ; Sở Xây dựng",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Xây dựng", A(XD))],
    ),
    (
        "Các sở, ban, ngành; UBND các xã, phường, đặc khu; Các doanh nghiệp Viễn thông",
        [
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
            ("Các doanh nghiệp Viễn thông", G(VT)),
        ],
    ),
    (
        "Công an tỉnh, Sở Khoa học và Công nghệ, Sở Nội vụ",
        [("Công an tỉnh", A(CA)), ("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Nội vụ", A(NV))],
    ),
    (
        "Sở Khoa học và Công nghệ, Công an tỉnh, Sở Giáo dục và Đào tạo",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Công an tỉnh", A(CA)),
            ("Sở Giáo dục và Đào tạo", A(GDDT)),
        ],
    ),
    (
        "Công an tỉnh, Văn phòng UBND tỉnh, Sở Nội vụ, Sở Khoa học và Công nghệ",
        [
            ("Công an tỉnh", A(CA)),
            ("Văn phòng UBND tỉnh", A(VPUB)),
            ("Sở Nội vụ", A(NV)),
            ("Sở Khoa học và Công nghệ", A(KHCN)),
        ],
    ),
    (
        ("Công an tỉnh, Sở Khoa học và Công nghệ, sở Tài chính và các sở, ban, ngành có liên quan"),
        [
            ("Công an tỉnh", A(CA)),
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("sở Tài chính", A(TC)),
            ("các sở, ban, ngành có liên quan", G(SBN)),
        ],
    ),
    (
        "Sở Khoa học và Công nghệ; Công an tỉnh; UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Công an tỉnh", A(CA)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Công an tỉnh, Sở Khoa học và Công nghệ",
        [("Công an tỉnh", A(CA)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    (
        "Các sở, ban, ngành; UBND các xã, phường, đặc khu có liên quan",
        [("Các sở, ban, ngành", G(SBN)), ("UBND các xã, phường, đặc khu có liên quan", G(XA))],
    ),
    ("Thanh tra tỉnh", [("Thanh tra tỉnh", A("Thanh tra tỉnh"))]),
    (
        ("Thanh tra Chính phủ; Các sở, ban, ngành; UBND các xã, phường, đặc khu có liên quan"),
        [
            ("Thanh tra Chính phủ", A("Thanh tra Chính phủ")),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu có liên quan", G(XA)),
        ],
    ),
    (
        (
            "Sở Tài chính; Ban Quản lý KKT Dung Quất và các KCN tỉnh; Các sở, "
            "ban, ngành; UBND các xã, phường, đặc khu"
        ),
        [
            ("Sở Tài chính", A(TC)),
            ("Ban Quản lý KKT Dung Quất và các KCN tỉnh", A(KKT)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        (
            "Sở Khoa học và Công nghệ; Công an tỉnh; Các sở, ban, ngành; "
            "UBND các xã, phường, đặc khu"
        ),
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Công an tỉnh", A(CA)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Công an tỉnh; UBND các xã, phường, đặc khu",
        [("Công an tỉnh", A(CA)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    (
        "Sở Khoa học và Công nghệ; Các sở, ban, ngành",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Các sở, ban, ngành", G(SBN))],
    ),
    (
        (
            "Các sở, ban, ngành; UBND các xã, phường, đặc khu; "
            "Báo và Phát thanh, Truyền hình Quảng Ngãi"
        ),
        [
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
            ("Báo và Phát thanh, Truyền hình Quảng Ngãi", A(BAO)),
        ],
    ),
    (
        "Báo và Phát thanh và Truyền hình Quảng Ngãi",
        [("Báo và Phát thanh và Truyền hình Quảng Ngãi", A(BAO))],
    ),
    (
        "Sở Khoa học và Công nghệ; Các sở, ban, ngành; UBND các xã, phường, đặc khu",
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Văn phòng UBND tỉnh; Các sở, ban, ngành; UBND các xã, phường, đặc khu",
        [
            ("Văn phòng UBND tỉnh", A(VPUB)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Sở Nội vụ; Sở Khoa học và Công nghệ",
        [("Sở Nội vụ", A(NV)), ("Sở Khoa học và Công nghệ", A(KHCN))],
    ),
    (
        (
            "Sở Khoa học và Công nghệ; Báo và Phát thanh, "
            "Truyền hình Quảng Ngãi; Các sở, ban, ngành; UBND các xã, phường, "
            "đặc khu"
        ),
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Báo và Phát thanh, Truyền hình Quảng Ngãi", A(BAO)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        ("Ban Quản lý KKT Dung quất và các KCN tỉnh; Sở Tài chính; Sở Khoa học và Công nghệ"),
        [
            ("Ban Quản lý KKT Dung quất và các KCN tỉnh", A(KKT)),
            ("Sở Tài chính", A(TC)),
            ("Sở Khoa học và Công nghệ", A(KHCN)),
        ],
    ),
    (
        "Các sở, ban, ngành; Báo và Phát thanh, Truyền hình Quảng Ngãi",
        [("Các sở, ban, ngành", G(SBN)), ("Báo và Phát thanh, Truyền hình Quảng Ngãi", A(BAO))],
    ),
    (
        "Sở Khoa học và Công nghệ, Công an tỉnh",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Công an tỉnh", A(CA))],
    ),
    (
        ("Công an tỉnh, Văn phòng UBND tỉnh, các sở, ban, ngành; UBND các xã, phường, đặc khu"),
        [
            ("Công an tỉnh", A(CA)),
            ("Văn phòng UBND tỉnh", A(VPUB)),
            ("các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    (
        "Các sở, ban ngành; UBND các xã, phường, đặc khu",
        [("Các sở, ban ngành", G(SBN)), ("UBND các xã, phường, đặc khu", G(XA))],
    ),
    ("Văn phòng Tỉnh ủy", [("Văn phòng Tỉnh ủy", A("Văn phòng Tỉnh ủy"))]),
    ("UBND xã, phường, đặc khu", [("UBND xã, phường, đặc khu", G(XA))]),
    (
        "Ban Quản lý KKT Dung Quất và các KCN tỉnh",
        [("Ban Quản lý KKT Dung Quất và các KCN tỉnh", A(KKT))],
    ),
    ("Sở Nông nghiệp và Môi trường –", [("Sở Nông nghiệp và Môi trường", A(NNMT))]),
    ("Văn Phòng UBND tỉnh", [("Văn Phòng UBND tỉnh", A(VPUB))]),
    ("Báo và Phát thanh, Truyền hình", [("Báo và Phát thanh, Truyền hình", A(BAO))]),
    (
        "UBMT Tổ quốc Việt Nam tỉnh",
        [("UBMT Tổ quốc Việt Nam tỉnh", A("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"))],
    ),
    (
        "Các Sở, ban, ngành, UBND các phường, xã, đặc khu",
        [("Các Sở, ban, ngành", G(SBN)), ("UBND các phường, xã, đặc khu", G(XA))],
    ),
    (
        "Công an tỉnh; Các sở, ban, ngành; UBND các xã, phường, đặc khu",
        [
            ("Công an tỉnh", A(CA)),
            ("Các sở, ban, ngành", G(SBN)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    ("Sở Nông nghiệp và Môi trường –trường", [("Sở Nông nghiệp và Môi trường", A(NNMT))]),
    (
        "Sở Khoa học và Công nghệ, UBND phường, xã, đặc khu",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("UBND phường, xã, đặc khu", G(XA))],
    ),
    (
        ("Sở Khoa học và Công nghệ; Sở Giáo dục và Đào tạo; UBND các xã, phường, đặc khu"),
        [
            ("Sở Khoa học và Công nghệ", A(KHCN)),
            ("Sở Giáo dục và Đào tạo", A(GDDT)),
            ("UBND các xã, phường, đặc khu", G(XA)),
        ],
    ),
    ("Các sở ngành liên quan", [("Các sở ngành liên quan", G(SBN))]),
    (
        "Các sở: Y tế, Giáo dục và Đào tạo, Tài chính",
        [("Y tế", A(YT)), ("Giáo dục và Đào tạo", A(GDDT)), ("Tài chính", A(TC))],
    ),
    ("Cục Thống kê tỉnh", [("Cục Thống kê tỉnh", A(TK))]),
    (
        "Sở Khoa học và Công nghệ và Sở Nội vụ",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Nội vụ", A(NV))],
    ),
    (
        "Sở Khoa học và Công nghệ và Sở Tài chính",
        [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Tài chính", A(TC))],
    ),
    (
        "Các Trường Đại học, cơ sở nghiên cứu trên địa bàn tỉnh",
        [("Các Trường Đại học, cơ sở nghiên cứu trên địa bàn tỉnh", None)],
    ),
    (
        "Sở Xây dựng và Sở Nông nghiệp và Môi trường",
        [("Sở Xây dựng", A(XD)), ("Sở Nông nghiệp và Môi trường", A(NNMT))],
    ),
    ("Ngân hàng Nhà nước Việt Nam tỉnh", [("Ngân hàng Nhà nước Việt Nam tỉnh", A(NHNN))]),
    ("Báo Quảng Ngãi, Đài PTTH tỉnh", [("Báo Quảng Ngãi", A(BAO))]),
    ("Sở ban ngành, địa phương", [("Sở ban ngành", G(SBN)), ("địa phương", G(XA))]),
    ("-", []),
    ("Các địa phương", [("Các địa phương", G(XA))]),
    (
        "Sở Công Thương, Sở Y tế, Sở Nông nghiệp và Môi trường, Sở Xây dựng",
        [
            ("Sở Công Thương", A(CT)),
            ("Sở Y tế", A(YT)),
            ("Sở Nông nghiệp và Môi trường", A(NNMT)),
            ("Sở Xây dựng", A(XD)),
        ],
    ),
    (
        "Sở Tài Chính; Sở Văn hóa, Thể thao và Du lịch; Công an tỉnh.",
        [
            ("Sở Tài Chính", A(TC)),
            ("Sở Văn hóa, Thể thao và Du lịch", A(VHTTDL)),
            ("Công an tỉnh", A(CA)),
        ],
    ),
    ("Sở Công thương", [("Sở Công thương", A(CT))]),
    ("Địa phương", [("Địa phương", G(XA))]),
    ("Sở ban ngành", [("Sở ban ngành", G(SBN))]),
    (
        "Ban quản lý KKT Dung Quất và các KCN tỉnh",
        [("Ban quản lý KKT Dung Quất và các KCN tỉnh", A(KKT))],
    ),
    ("Các sở, ban ngành, địa phương", [("Các sở, ban ngành", G(SBN)), ("địa phương", G(XA))]),
]


@pytest.mark.parametrize(("cell", "expected"), SEED_CELLS)
def test_every_agency_cell_of_the_seeds_resolves_as_expected(directory, cell, expected):
    assert _pairs(directory.resolve_cell(cell, on=ON)) == expected


def test_the_table_covers_every_agency_cell_the_seeds_contain(seed_agency_cells):
    assert {cell for _, cell in seed_agency_cells} == {cell for cell, _ in SEED_CELLS}


def test_at_least_98_percent_of_the_names_in_seed_agency_cells_resolve(
    directory, seed_agency_cells
):
    names = [r for _, cell in seed_agency_cells for r in directory.resolve_cell(cell, on=ON)]
    unresolved = Counter(r.text for r in names if not r.resolved)

    assert len(names) > 800
    assert sum(unresolved.values()) / len(names) <= 0.02
    # Each is named on purpose: a set of agencies nobody has listed, or no agency at all.
    assert set(unresolved) == {
        "Theo nội dung phân công tại Kế hoạch số 74/KH-UBND ngày 12/6/2020",
        "các Sở có nhóm ngành kinh tế số",
        "Tổ CNS Cộng đồng",
        "Các cơ quan thuộc khối kinh tế",
        "Các Trường Đại học, cơ sở nghiên cứu trên địa bàn tỉnh",
    }


# Names from the bodies of the documents (Tổ chức thực hiện, Nơi nhận, the report 004).
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Ban Chỉ đạo Chuyển đổi số tỉnh Quảng Ngãi",
            A(
                "Ban Chỉ đạo của UBND tỉnh về khoa học, công nghệ, đổi mới sáng tạo, "
                "chuyển đổi số và Đề án 06"
            ),
        ),
        ("Sở Thông tin Truyền thông", A(KHCN)),
        ("Sở Kế hoạch và Đầu tư", A(TC)),
        ("Sở GTVT", A(XD)),
        ("Sở KHCN", A(KHCN)),
        ("SỞ KHOA HỌC CÔNG NGHỆ", A(KHCN)),
        ("Sở Khoa học và Công nghệ Quảng Ngãi", A(KHCN)),
        ("Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", A(KHCN)),
        ("Hiệp hội Doanh nghiệp tỉnh", A("Hiệp hội Doanh nghiệp tỉnh")),
        ("Các sở, ban, ngành tỉnh", G(SBN)),
        ("Các sở, ban, ngành thuộc tỉnh", G(SBN)),
        ("Các sở, ban, ngành trên địa bàn tỉnh", G(SBN)),
        ("các sở ban ngành", G(SBN)),
        ("Các cơ quan Trung ương trên địa bàn tỉnh", G("Các cơ quan Trung ương trên địa bàn tỉnh")),
        ("Các tổ chức CT-XH tỉnh", G("Các tổ chức chính trị - xã hội")),
        ("UBND các huyện, thị xã, thành phố", G(XA)),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", G(XA)),
        ("Ủy ban nhân dân các xã, phường, đặc khu", G(XA)),
        ("Ủy ban nhân dân các địa phương", G(XA)),
        ("UBND cấp xã", G(XA)),
        ("UBND tỉnh", A("UBND tỉnh")),
        ("Ủy ban nhân dân tỉnh Quảng Ngãi", A("UBND tỉnh")),
        ("UBDN tỉnh Quảng Ngãi", A("UBND tỉnh")),
        ("UBND tỉnh (b/cáo)", A("UBND tỉnh")),
        ("UBND tỉnh Kon Tum", A("UBND tỉnh")),
        ("TT HĐND tỉnh", A("HĐND tỉnh")),
        ("Thường trực Tỉnh ủy", A("Tỉnh ủy Quảng Ngãi")),
        ("Thường trực Đảng ủy UBND tỉnh", A("Đảng ủy UBND tỉnh")),
        ("BTT UBMTTQVN tỉnh", A("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")),
        ("UBMTTQVN tỉnh", A("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")),
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", A("Ban Tuyên giáo và Dân vận Tỉnh ủy")),
        ("Văn phòng Tỉnh ủy", A("Văn phòng Tỉnh ủy")),
        ("Bảo hiểm xã hội tỉnh Quảng Ngãi", A("Bảo hiểm xã hội tỉnh")),
        ("Báo Quảng Ngãi", A(BAO)),
        ("Đài PTTH tỉnh", A(BAO)),
        ("Đài phát thanh và Truyền hình tỉnh Quảng Ngãi", A(BAO)),
        ("Điện lực Quảng Ngãi", A("Công ty Điện lực Quảng Ngãi")),
        ("Tỉnh đoàn", A("Tỉnh đoàn")),
        ("Cục Thống kê", A(TK)),
        ("Ban Dân tộc tỉnh", A("Sở Dân tộc và Tôn giáo")),
        ("Sở Ngoại vụ", A(VPUB)),
        ("Bộ Khoa học và Công nghệ (báo cáo)", A("Bộ Khoa học và Công nghệ")),
        ("Bộ Thông tin và Truyền thông", A("Bộ Khoa học và Công nghệ")),
        ("Văn phòng Chính phủ", A("Văn phòng Chính phủ")),
        ("UBQG về Chuyển đổi số", A("Ủy ban Quốc gia về chuyển đổi số")),
    ],
)
def test_names_in_the_bodies_of_the_documents_resolve(directory, name, expected):
    resolution = directory.resolve_name(name, on=ON)

    assert (A(resolution.agency) if resolution.agency else G(resolution.group)) == expected
    assert resolution.text == name


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Sở KH&CN", [("Sở KH&CN", A(KHCN))]),
        ("Sở KH & CN", [("Sở KH & CN", A(KHCN))]),
        ("sở khoa hoc va cong nghe", [("sở khoa hoc va cong nghe", A(KHCN))]),
        ("  Sở   Khoa học và\u00a0Công nghệ.  ", [("Sở Khoa học và Công nghệ", A(KHCN))]),
        ("Sở VH,TT&DL", [("Sở VH,TT&DL", A(VHTTDL))]),
        ("Sở LĐ-TB&XH", [("Sở LĐ-TB&XH", A(NV))]),
        ("Sở Lao động – Thương binh và Xã hội", [("Sở Lao động – Thương binh và Xã hội", A(NV))]),
        ("Sở GD&ĐT", [("Sở GD&ĐT", A(GDDT))]),
        ("Sở NN&MT", [("Sở NN&MT", A(NNMT))]),
        ("VPUB", [("VPUB", A(VPUB))]),
        ("BHXH tỉnh", [("BHXH tỉnh", A("Bảo hiểm xã hội tỉnh"))]),
        ("NHNN tỉnh", [("NHNN tỉnh", A(NHNN))]),
        ("HĐND tỉnh", [("HĐND tỉnh", A("HĐND tỉnh"))]),
        (
            "UBND các xã, phường, đặc khu (báo cáo)",
            [("UBND các xã, phường, đặc khu (báo cáo)", G(XA))],
        ),
        ("- Sở Y tế\n- Sở Nội vụ", [("Sở Y tế", A(YT)), ("Sở Nội vụ", A(NV))]),
        (
            "• Công an tỉnh;\n• Các doanh nghiệp viễn thông",
            [("Công an tỉnh", A(CA)), ("Các doanh nghiệp viễn thông", G(VT))],
        ),
        ("", []),
        ("-", []),
    ],
)
def test_case_diacritics_spacing_punctuation_and_abbreviations_do_not_matter(
    directory, cell, expected
):
    assert _pairs(directory.resolve_cell(cell, on=ON)) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # The commas and "và" inside names do not split them ...
        ("Sở Văn hóa, Thể thao và Du lịch", [("Sở Văn hóa, Thể thao và Du lịch", A(VHTTDL))]),
        ("Các sở, ban, ngành", [("Các sở, ban, ngành", G(SBN))]),
        ("UBND các xã, phường, đặc khu", [("UBND các xã, phường, đặc khu", G(XA))]),
        (
            "Báo và Phát thanh, Truyền hình Quảng Ngãi",
            [("Báo và Phát thanh, Truyền hình Quảng Ngãi", A(BAO))],
        ),
        # ... those between names do.
        (
            "Sở Tài chính, Sở Khoa học và Công nghệ",
            [("Sở Tài chính", A(TC)), ("Sở Khoa học và Công nghệ", A(KHCN))],
        ),
        (
            "Sở Khoa học và Công nghệ và Sở Tài chính",
            [("Sở Khoa học và Công nghệ", A(KHCN)), ("Sở Tài chính", A(TC))],
        ),
        (
            "Sở Xây dựng và Sở Nông nghiệp và Môi trường",
            [("Sở Xây dựng", A(XD)), ("Sở Nông nghiệp và Môi trường", A(NNMT))],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch, Sở Y tế",
            [("Sở Văn hóa, Thể thao và Du lịch", A(VHTTDL)), ("Sở Y tế", A(YT))],
        ),
        (
            "Các sở, ban, ngành, UBND các xã, phường, đặc khu",
            [("Các sở, ban, ngành", G(SBN)), ("UBND các xã, phường, đặc khu", G(XA))],
        ),
        (
            "Các sở, ban, ngành và địa phương",
            [("Các sở, ban, ngành", G(SBN)), ("địa phương", G(XA))],
        ),
        # A name continued on the next line of the cell, and two names on two lines.
        ("Sở Khoa\nhọc và Công nghệ", [("Sở Khoa học và Công nghệ", A(KHCN))]),
        ("Sở Y tế\nSở Nội vụ", [("Sở Y tế", A(YT)), ("Sở Nội vụ", A(NV))]),
        # A head written once for several names.
        ("UBND cấp huyện, cấp xã", [("UBND cấp huyện", G(XA))]),
        (
            "Các sở: Y tế, Giáo dục và Đào tạo, Tài chính",
            [("Y tế", A(YT)), ("Giáo dục và Đào tạo", A(GDDT)), ("Tài chính", A(TC))],
        ),
    ],
)
def test_commas_and_va_split_names_only_where_the_directory_says_so(directory, cell, expected):
    assert _pairs(directory.resolve_cell(cell, on=ON)) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # Not guessed: no department of the former Kon Tum province is in the directory.
        (
            "Sở Khoa học và Công nghệ tỉnh Kon Tum",
            [("Sở Khoa học và Công nghệ tỉnh Kon Tum", None)],
        ),
        # An unknown name among known ones keeps its place and its words.
        (
            "Sở Tư pháp, Trường Đại học Phạm Văn Đồng; Sở Y tế",
            [
                ("Sở Tư pháp", A("Sở Tư pháp")),
                ("Trường Đại học Phạm Văn Đồng", None),
                ("Sở Y tế", A(YT)),
            ],
        ),
        # Two unknown names stay two.
        ("Sở Du lịch, Sở Ngoại giao", [("Sở Du lịch", None), ("Sở Ngoại giao", None)]),
        # Words cut off by a page break are not completed.
        ("Các sở, ban, ngành; UBND các", [("Các sở, ban, ngành", G(SBN)), ("UBND các", None)]),
        ("Các doanh nghiệp Viễn thông trên địa", [("Các doanh nghiệp Viễn thông trên địa", None)]),
        # Too short to say which.
        ("Sở", [("Sở", None)]),
        ("Mobifone", [("Mobifone", None)]),
        ("Ban chỉ đạo", [("Ban chỉ đạo", None)]),
        ("CT, PCT UBND tỉnh", [("CT, PCT UBND tỉnh", None)]),
    ],
)
def test_names_that_match_nothing_are_reported_as_written_not_guessed(directory, cell, expected):
    assert _pairs(directory.resolve_cell(cell, on=ON)) == expected


def test_a_name_repeated_or_naming_the_same_agency_again_is_kept_once(directory):
    cell = "Sở Tài chính; Sở Tài chính; Báo Quảng Ngãi, Đài PTTH tỉnh; Sở Kế hoạch và Đầu tư"

    assert _pairs(directory.resolve_cell(cell, on=ON)) == [
        ("Sở Tài chính", A(TC)),
        ("Báo Quảng Ngãi", A(BAO)),
    ]


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("Sở Thông tin và Truyền thông", A("Sở Thông tin và Truyền thông"), A(KHCN)),
        ("Sở Kế hoạch và Đầu tư", A("Sở Kế hoạch và Đầu tư"), A(TC)),
        ("Sở Giao thông vận tải", A("Sở Giao thông vận tải"), A(XD)),
        ("Sở Tài nguyên và Môi trường", A("Sở Tài nguyên và Môi trường"), A(NNMT)),
        ("Sở NN&PTNT", A("Sở Nông nghiệp và Phát triển nông thôn"), A(NNMT)),
        ("Sở Lao động – Thương binh và Xã hội", A("Sở Lao động - Thương binh và Xã hội"), A(NV)),
        ("Báo Quảng Ngãi", A("Báo Quảng Ngãi"), A(BAO)),
        (
            "Đài Phát thanh – Truyền hình Quảng Ngãi",
            A("Đài Phát thanh - Truyền hình Quảng Ngãi"),
            A(BAO),
        ),
        ("Cục Thống kê", A("Cục Thống kê tỉnh Quảng Ngãi"), A(TK)),
    ],
)
def test_former_agencies_resolve_to_their_successor_from_1_march_2025(
    directory, name, before, after
):
    def resolved(on: dt.date) -> tuple[str, str]:
        r = directory.resolve_name(name, on=on)
        return A(r.agency) if r.agency else G(r.group)

    assert resolved(dt.date(2025, 2, 28)) == before
    assert resolved(dt.date(2025, 3, 1)) == after


def test_the_district_level_resolves_to_the_communes_from_1_july_2025(directory):
    cell = "Sở TT&TT; các Sở, ban ngành; UBND cấp huyện, cấp xã"

    assert _pairs(directory.resolve_cell(cell, on=dt.date(2024, 5, 1))) == [
        ("Sở TT&TT", A("Sở Thông tin và Truyền thông")),
        ("các Sở, ban ngành", G(SBN)),
        ("UBND cấp huyện", G("UBND cấp huyện")),
        ("cấp xã", G(XA)),
    ]
    assert _pairs(directory.resolve_cell(cell, on=dt.date(2025, 7, 1))) == [
        ("Sở TT&TT", A(KHCN)),
        ("các Sở, ban ngành", G(SBN)),
        ("UBND cấp huyện", G(XA)),
    ]


def test_kon_tum_province_merges_into_quang_ngai_on_1_july_2025(directory):
    assert directory.resolve_name("UBND tỉnh Kon Tum", on=dt.date(2025, 6, 30)).agency == (
        "UBND tỉnh Kon Tum"
    )
    assert directory.resolve_name("UBND tỉnh Kon Tum", on=dt.date(2025, 7, 1)).agency == (
        "UBND tỉnh"
    )


def test_a_part_of_the_duties_passing_elsewhere_does_not_move_the_work(directory):
    # Press and publishing went to Sở Văn hóa, Thể thao và Du lịch; the rest to Sở KH&CN.
    assert directory.resolve_name("Sở TT&TT", on=ON).agency == KHCN


def test_resolution_defaults_to_today(directory):
    assert directory.resolve_name("Sở TT&TT").agency == KHCN


def test_successions_follow_a_chain_to_the_last_successor():
    directory = Directory.from_records(
        {
            "agencies": [{"name": "Sở A"}, {"name": "Sở B"}, {"name": "Sở C"}],
            "successions": [
                {"predecessor": "Sở A", "successor": "Sở B", "date": "2025-03-01"},
                {"predecessor": "Sở B", "successor": "Sở C", "date": "2026-01-01"},
            ],
        }
    )

    assert directory.resolve_name("Sở A", on=dt.date(2025, 6, 1)).agency == "Sở B"
    assert directory.resolve_name("Sở A", on=dt.date(2026, 6, 1)).agency == "Sở C"


def test_a_name_two_agencies_share_resolves_to_neither():
    directory = Directory.from_records(
        {
            "agencies": [
                {
                    "name": "Trung tâm Dữ liệu tỉnh",
                    "aliases": [{"name": "Trung tâm", "kind": "abbreviation"}],
                },
                {"name": "Trung tâm Truyền thông tỉnh", "aliases": ["Trung tâm"]},
            ]
        }
    )

    assert not directory.resolve_name("Trung tâm").resolved
    assert directory.resolve_name("Trung tâm Dữ liệu tỉnh").agency == "Trung tâm Dữ liệu tỉnh"
    assert directory.ambiguous_keys == {
        "trung tam": ["Trung tâm Dữ liệu tỉnh", "Trung tâm Truyền thông tỉnh"]
    }


def test_suggestions_offer_the_closest_current_names_first(directory):
    assert directory.suggest("Sở Khoa hoc")[0] == KHCN
    assert directory.suggest("Sở Thông tin truyền thông tỉnh Kon Tum")[0] == KHCN
    assert directory.suggest("UBND huyện Sơn Hà", limit=2)[0] == XA
    assert len(directory.suggest("Sở", limit=3)) <= 3
    assert directory.suggest("") == []


def test_the_shipped_directory_is_consistent():
    data = load_records()
    agencies = {a["name"] for a in data["agencies"]}
    groups = {g["name"] for g in data["groups"]}
    kinds = set(Agency.Kind.values)

    assert len(agencies) == len(data["agencies"]) and len(groups) == len(data["groups"])
    assert {a["kind"] for a in data["agencies"]} <= kinds
    assert all(set(g["member_kinds"]) <= kinds for g in data["groups"])
    assert all(set(g["members"]) <= agencies for g in data["groups"])
    assert all(g.get("successor") in groups | {None} for g in data["groups"])
    assert all(
        s["predecessor"] in agencies and s["successor"] in agencies for s in data["successions"]
    )
    primaries = Counter(s["predecessor"] for s in data["successions"] if s["primary"])
    assert max(primaries.values()) == 1
    # Alias keys are unique in the database.
    alias_keys = [
        name_key(a["name"]) for r in [*data["agencies"], *data["groups"]] for a in r["aliases"]
    ]
    assert len(alias_keys) == len(set(alias_keys))
    assert Directory.from_records(data).ambiguous_keys == {}


def test_the_shipped_directory_names_every_current_department(directory):
    data = json.loads(BUNDLED_PATH.read_text(encoding="utf-8"))
    current = {
        a["name"] for a in data["agencies"] if a["kind"] == "department" and not a.get("active_to")
    }

    assert current == {
        VPUB,
        KHCN,
        NV,
        "Sở Tư pháp",
        TC,
        CT,
        NNMT,
        XD,
        GDDT,
        YT,
        VHTTDL,
        "Sở Dân tộc và Tôn giáo",
        "Thanh tra tỉnh",
        KKT,
    }


def test_names_that_fold_alike_are_told_apart_by_their_accents():
    directory = Directory.from_records(
        {
            "agencies": [
                {"name": "UBND xã Sơn Hà", "short_name": "Sơn Hà", "kind": "commune"},
                {"name": "UBND xã Sơn Hạ", "short_name": "Sơn Hạ", "kind": "commune"},
            ]
        }
    )

    assert _pairs(directory.resolve_cell("UBND xã Sơn Hạ, xã Sơn Hà; Sơn Hạ; son ha", on=ON)) == [
        ("UBND xã Sơn Hạ", A("UBND xã Sơn Hạ")),
        ("xã Sơn Hà", A("UBND xã Sơn Hà")),
        ("son ha", None),
    ]
