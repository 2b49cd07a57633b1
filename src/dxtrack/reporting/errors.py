"""What the reporting services refuse, with the reason in Vietnamese for the user.

The web pages put each `FieldError` next to its field, the API turns `ReportInvalid` into
400 and `StaleVersion` / `InvalidTransition` into 409, the Excel upload and the result
import name the row it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxtrack.reporting.history import Change
    from dxtrack.reporting.models import AgencyReport


class ReportingError(Exception):
    """An action refused for a reason the user can fix; the message is in Vietnamese."""


class InvalidTransition(ReportingError):
    def __init__(self, report: AgencyReport, action: str) -> None:
        super().__init__(
            f"Không thể {action} báo cáo đang ở trạng thái “{report.get_status_display()}”."
        )


@dataclass(frozen=True)
class FieldError:
    where: str  # "tasks.12.completed_on", "indicators.4.value", "assessment.ha_tang"
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"loc": self.where, "msg": self.message}


class ReportInvalid(ReportingError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("Báo cáo có thông tin chưa hợp lệ; vui lòng sửa các ô được đánh dấu.")
        self.errors = errors


class StaleVersion(ReportingError):
    """Someone saved the report after `version` was read; `changes` says what they changed."""

    def __init__(self, report: AgencyReport, changes: list[Change]) -> None:
        super().__init__(
            "Báo cáo đã được người khác cập nhật trong lúc bạn soạn "
            f"(nay là phiên bản {report.version}). Nội dung bạn nhập chưa được lưu và vẫn "
            "còn nguyên; hãy xem các thay đổi, rồi lưu lại."
        )
        self.report = report
        self.changes = changes


class FutureVersion(ReportInvalid):
    """The version sent was never reached: a client's bug or a tampered form, not a save by
    someone else, so nothing is offered to merge."""

    def __init__(self, report: AgencyReport, version: int) -> None:
        message = (
            f"Phiên bản {version} bạn gửi chưa từng có: báo cáo hiện ở phiên bản "
            f"{report.version}. Hãy tải lại báo cáo rồi lưu."
        )
        super().__init__([FieldError(where="version", message=message)])
        self.args = (message,)
