from django.conf import settings
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    COORDINATOR = "coordinator", "Cơ quan thường trực (điều phối)"
    REPORTER = "reporter", "Cán bộ báo cáo của đơn vị"
    LEADER = "leader", "Lãnh đạo"
    # Another system (the provincial LGSP, the national platform) pulling exchange packets:
    # it may do that and nothing else (docs/decisions/0122-system-role.md).
    SYSTEM = "system", "Tài khoản hệ thống (trao đổi dữ liệu)"


class Profile(models.Model):
    """What a user may do: one role, and for a reporter the agency it reports for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    # By name: accounts sits below every app, so it imports none of them.
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporters",
        verbose_name="đơn vị",
    )

    class Meta:
        verbose_name = "vai trò người dùng"
        verbose_name_plural = "vai trò người dùng"
        constraints = [
            models.CheckConstraint(
                condition=Q(role="reporter", agency__isnull=False) | ~Q(role="reporter"),
                name="profile_reporter_has_agency",
                violation_error_message="Cán bộ báo cáo phải thuộc một đơn vị.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored: a leaked table leaks nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Set when the holder signs out, changes password, or an administrator revokes it.
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "khóa truy cập API"
        verbose_name_plural = "khóa truy cập API"

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%d/%m/%Y %H:%M}"


class LoginFailure(models.Model):
    """A failed sign-in, kept to slow down password guessing (per user name and address
    together, accounts.throttle)."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "đăng nhập không thành công"
        verbose_name_plural = "đăng nhập không thành công"
        # Throttling reads the failures of one name from one address.
        indexes = [models.Index(fields=["username", "address", "at"], name="loginfailure_pair")]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%d/%m/%Y %H:%M}"


class SsoIdentity(models.Model):
    """A user of the single sign-on provider, tied to a local account by the provider's
    stable subject (`sub`), never by a name or an address that can change hands."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField("nhà cung cấp", max_length=255)
    subject = models.CharField("mã người dùng tại nhà cung cấp", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tài khoản đăng nhập một lần"
        verbose_name_plural = "tài khoản đăng nhập một lần"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.subject}"
