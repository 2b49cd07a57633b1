"""Matching a result table's wording of a task to the catalogue's task."""

import pytest

from dxtrack.ingest.task_matching import MATCH_THRESHOLD, CatalogueTask, TaskMatcher

NAMES = [
    "Triển khai ký số từ xa theo hướng ưu tiên phổ cập việc sử dụng chữ ký số cá nhân "
    "cho người dân",
    "Xây dựng Kho dữ liệu dùng chung của tỉnh, kết nối với Trung tâm dữ liệu quốc gia",
    "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
    "Tổ chức hiệu quả hoạt động của Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới "
    "sáng tạo và chuyển đổi số",
    "Triển khai Nền tảng quản lý học tập",
    "Phổ cập kỹ năng số cho người dân qua Tổ công nghệ số cộng đồng",
]
CATALOGUE = [
    CatalogueTask(n, "002" if n < 4 else "003", name) for n, name in enumerate(NAMES, start=1)
]


@pytest.fixture(scope="module")
def matcher():
    return TaskMatcher(CATALOGUE)


@pytest.mark.parametrize(
    "wording, expected",
    [
        # the same words
        ("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh", 3),
        # diacritics lost in a PDF extraction, case changed
        ("NANG CAP HE THONG THONG TIN GIAI QUYET THU TUC HANH CHINH TINH", 3),
        # a phrase added in front, a word dropped
        (
            "Chủ trì, phối hợp xây dựng Kho dữ liệu dùng chung tỉnh, kết nối Trung tâm dữ liệu "
            "quốc gia",
            2,
        ),
        # shortened
        ("Phổ cập kỹ năng số cho người dân qua Tổ công nghệ số", 6),
    ],
)
def test_a_reworded_task_is_matched_to_its_catalogue_task(matcher, wording, expected):
    result = matcher.match(wording)

    assert result.best is not None
    assert result.best.task_id == expected
    assert result.candidates[0].task_id == expected


def test_a_near_copy_is_sure_and_scores_close_to_one(matcher):
    result = matcher.match("Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh.")

    assert result.sure
    assert result.best.score > 0.95


def test_a_task_sharing_only_common_words_is_not_matched(matcher):
    result = matcher.match("Triển khai chương trình nấu ăn cho người dân")

    assert result.best is None or result.best.score < MATCH_THRESHOLD + 0.1
    assert not result.sure


def test_candidates_are_ranked_best_first_and_limited(matcher):
    wording = "Triển khai ký số từ xa, phổ cập chữ ký số cá nhân cho người dân"
    result = matcher.match(wording, limit=2)

    assert len(result.candidates) == 2
    assert result.candidates[0].score >= result.candidates[1].score
    assert result.candidates[0].task_id == 1


def test_an_empty_catalogue_matches_nothing():
    result = TaskMatcher([]).match("Nâng cấp Hệ thống thông tin")

    assert result.best is None
    assert result.candidates == []
