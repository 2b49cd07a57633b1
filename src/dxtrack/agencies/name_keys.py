"""The keys agency names are matched on: folded words, abbreviations expanded ("Sở TT&TT",
"Sở TTTT" and "Sở Thông tin và Truyền thông" meet on one key), "và" and qualifiers
dropped, and the province suffix that names often leave out. No Django imports."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dxtrack.vn_text import name_key

# Abbreviations as they fold (lower case, no diacritics, "&" kept) → the words they stand
# for, also folded. Both directory names and cell text are expanded the same way, so
# "Sở TT&TT", "Sở TTTT" and "Sở Thông tin và Truyền thông" meet on one key. "và" is
# dropped from keys altogether, so expansions leave it out.
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "ubdn": "uy ban nhan dan",  # a typo that occurs in the province's own reports
    "hdnd": "hoi dong nhan dan",
    "ubmttqvn": "uy ban mat tran to quoc viet nam",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmt": "uy ban mat tran",
    "mttq": "mat tran to quoc",
    "vpub": "van phong uy ban nhan dan",
    "vp": "van phong",
    "kh&cn": "khoa hoc cong nghe",
    "khcn": "khoa hoc cong nghe",
    "tt&tt": "thong tin truyen thong",
    "tttt": "thong tin truyen thong",
    "kh&dt": "ke hoach dau tu",
    "khdt": "ke hoach dau tu",
    "ld tb&xh": "lao dong thuong binh xa hoi",
    "ldtb&xh": "lao dong thuong binh xa hoi",
    "ldtbxh": "lao dong thuong binh xa hoi",
    "tb&xh": "thuong binh xa hoi",
    "ld": "lao dong",
    "vh": "van hoa",
    "gd&dt": "giao duc dao tao",
    "gddt": "giao duc dao tao",
    "vh tt&dl": "van hoa the thao du lich",
    "vhtt&dl": "van hoa the thao du lich",
    "vhttdl": "van hoa the thao du lich",
    "tt&dl": "the thao du lich",
    "nn&mt": "nong nghiep moi truong",
    "nnmt": "nong nghiep moi truong",
    "nn&ptnt": "nong nghiep phat trien nong thon",
    "ptnt": "phat trien nong thon",
    "tn&mt": "tai nguyen moi truong",
    "tnmt": "tai nguyen moi truong",
    "dt&tg": "dan toc ton giao",
    "gtvt": "giao thong van tai",
    "gt vt": "giao thong van tai",
    "kkt": "khu kinh te",
    "kcn": "khu cong nghiep",
    "bql": "ban quan ly",
    "ql": "quan ly",
    "bhxh": "bao hiem xa hoi",
    "nhnn": "ngan hang nha nuoc",
    "ptth": "phat thanh truyen hinh",
    "pt th": "phat thanh truyen hinh",
    "ttdt": "thong tin dien tu",
    "ct xh": "chinh tri xa hoi",
    "ctxh": "chinh tri xa hoi",
    "cns": "cong nghe so",
    "cds": "chuyen doi so",
    "tp": "thanh pho",
    "ca": "cong an",
}
_ABBREVIATION = re.compile(
    r"(?<![0-9a-z&])(?:"
    + "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![0-9a-z&])"
)
_AMPERSAND = re.compile(r"\s*&\s*")
_PARENTHETICAL = re.compile(r"\([^()]*\)?")
# "(có) liên quan" qualifies a name without changing who is meant.
_QUALIFIER = re.compile(r" (?:co )?lien quan$")
# "tỉnh", "tỉnh Quảng Ngãi", "trên địa bàn tỉnh" ... end many names and are often left out.
_PROVINCE_SUFFIX = re.compile(
    r" (?:(?:thuoc|cua|tren dia ban|trong) )?(?:tinh quang ngai|quang ngai|tinh)$"
)
# "Truyền hìnhtỉnh": a space lost in extraction.
_GLUED_PROVINCE = re.compile(r"(?<=[a-z]{2})tinh$")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def words_key(text: str) -> str:
    """Folded words with abbreviations expanded and "và" dropped (no qualifier handling)."""
    key = _AMPERSAND.sub("&", name_key(_PARENTHETICAL.sub(" ", text)))
    key = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], key)
    return " ".join(word for word in key.split() if word != "va")


def words_match_key(words: str) -> str:
    """A name's matching key from its words key: no leading "các", no "(có) liên quan"."""
    if words.startswith("cac ") and words.count(" ") >= 2:
        words = words[4:]
    return _QUALIFIER.sub("", words)


def core_key(key: str) -> str | None:
    """The key without the province suffix, when at least two words are left."""
    core = _PROVINCE_SUFFIX.sub("", key)
    return core if " " in core else None


@lru_cache(maxsize=4096)
def accented_words(text: str) -> frozenset[str]:
    """The words as written, lower case: "Sơn Hà" and "Sơn Hạ" fold alike but differ here."""
    return frozenset(_WORD.findall(unicodedata.normalize("NFC", text).lower()))


def match_key(text: str) -> str:
    """The key a name is matched on: "Các Sở, ban ngành (liên quan)" → "so ban nganh"."""
    return words_match_key(words_key(text))


def unglued_key(key: str) -> str:
    """The key without a "tỉnh" glued to the word before it ("Truyền hìnhtỉnh")."""
    return _GLUED_PROVINCE.sub("", key)
