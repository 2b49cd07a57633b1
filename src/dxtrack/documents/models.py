from django.db import models

from dxtrack.timestamps import TimeStampedModel


class DocumentKind(models.TextChoices):
    REPORT = "report", "Báo cáo tổng hợp kết quả thực hiện"
    APPENDIX = "appendix", "Phụ lục kết quả thực hiện nhiệm vụ"
    INDICATORS = "indicators", "Bảng chỉ tiêu của kế hoạch"
    CHASING = "chasing", "Công văn đôn đốc báo cáo"
    SCORECARD = "scorecard", "Bảng đánh giá, xếp hạng đơn vị"


class IssuingBody(TimeStampedModel):
    """The department that issues the documents: its header lines, place and signer.
    One row (the service creates it with the province's values on first use)."""

    key = models.CharField(max_length=20, default="default", unique=True, editable=False)
    province_line = models.CharField(
        "cơ quan chủ quản", max_length=255, help_text="Ví dụ: UBND TỈNH QUẢNG NGÃI"
    )
    unit_name = models.CharField(
        "tên cơ quan ban hành", max_length=255, help_text="Ví dụ: SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    )
    unit_title = models.CharField(
        "tên cơ quan trong câu văn",
        max_length=255,
        help_text="Ví dụ: Sở Khoa học và Công nghệ",
    )
    short_name = models.CharField(
        "chữ viết tắt tên cơ quan", max_length=50, help_text="Ví dụ: SKHCN"
    )
    head_title = models.CharField(
        "chức danh người đứng đầu",
        max_length=255,
        help_text="Dùng trong ghi chú phụ lục “(Kèm theo Báo cáo số … của …)”, ví dụ: "
        "Giám đốc Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
    )
    place = models.CharField("địa danh", max_length=100, help_text="Ví dụ: Quảng Ngãi")
    signer_title = models.CharField(
        "quyền hạn ký", max_length=100, blank=True, help_text="Ví dụ: KT. GIÁM ĐỐC"
    )
    signer_position = models.CharField(
        "chức vụ người ký", max_length=100, help_text="Ví dụ: PHÓ GIÁM ĐỐC"
    )
    signer_name = models.CharField("họ và tên người ký", max_length=255)

    class Meta:
        verbose_name = "cơ quan ban hành văn bản"
        verbose_name_plural = "cơ quan ban hành văn bản"

    def __str__(self) -> str:
        return self.unit_name


class DocumentSetting(models.Model):
    """Per kind of document: the symbol after the number and the recipients."""

    body = models.ForeignKey(
        IssuingBody, on_delete=models.CASCADE, related_name="settings", verbose_name="cơ quan"
    )
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    symbol = models.CharField(
        "ký hiệu",
        max_length=50,
        help_text="Phần sau số văn bản, ví dụ BC-SKHCN (báo cáo) hoặc SKHCN-KH&ĐMST (công văn). "
        "Số văn bản để trống cho văn thư ghi khi đăng ký.",
    )
    recipients = models.TextField(
        "nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận, ví dụ “UBND tỉnh (b/cáo)”."
    )

    class Meta:
        verbose_name = "thiết lập theo loại văn bản"
        verbose_name_plural = "thiết lập theo loại văn bản"
        ordering = ["body", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind"],
                name="document_setting_one_per_kind",
                violation_error_message="Mỗi loại văn bản chỉ có một thiết lập.",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.recipients.splitlines() if line.strip())
