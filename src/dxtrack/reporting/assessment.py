"""The topics of the assessment part (Phần C) of the province's reporting form."""

TOPICS: list[tuple[str, str]] = [
    ("the_che", "Thể chế"),
    ("ha_tang", "Hạ tầng"),
    ("nen_tang_so", "Nền tảng số"),
    ("du_lieu_so", "Dữ liệu số"),
    ("an_toan_thong_tin", "An toàn thông tin mạng và an ninh mạng"),
    ("nhan_luc_so", "Nhân lực số"),
    ("ky_nang_so", "Kỹ năng số, công dân số và văn hóa số"),
]
TOPIC_KEYS = {key for key, _label in TOPICS}
