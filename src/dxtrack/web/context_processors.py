"""What every page's navigation needs to know about the signed-in user."""

from django.http import HttpRequest

from dxtrack.accounts.access import Action, allowed, role_of


def access(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from dxtrack.reporting.models import Notification

    return {
        "user_role": role_of(user),
        # `can.period_manage`, `can.report_review`, … for templates.
        "can": {action.name.lower(): allowed(user, action) for action in Action},
        "can_import": allowed(user, Action.PLAN_IMPORT),
        "unread_notifications": Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count(),
    }


def sign_in(request: HttpRequest) -> dict:
    """Whether the sign-in page offers single sign-on."""
    from dxtrack.accounts.sso import sso_configured

    return {"sso_enabled": sso_configured()}
