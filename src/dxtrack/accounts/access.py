"""Who may do what: the one place where access to reports and periods is decided.

Every web view and API route asks `allowed` (or `require`) before acting, so the
rules below are the whole policy. A reporter acts only for its own agency;
leaders read everything and comment; the coordinator runs the periods and
reviews; the administrator may do what the coordinator may.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from dxtrack.accounts.models import Profile, Role


class Action(enum.StrEnum):
    CATALOGUE_READ = "catalogue.read"
    PLAN_IMPORT = "plan.import"
    PERIOD_MANAGE = "period.manage"
    PERIOD_READ = "period.read"
    REPORT_READ = "report.read"
    REPORT_EDIT = "report.edit"
    REPORT_SUBMIT = "report.submit"
    REPORT_REVIEW = "report.review"
    REPORT_COMMENT = "report.comment"
    EXTENSION_REQUEST = "extension.request"
    EXTENSION_DECIDE = "extension.decide"
    DOCUMENT_PRODUCE = "document.produce"
    PUBLICATION_MANAGE = "publication.manage"
    DASHBOARD_READ = "dashboard.read"
    FORECAST_READ = "forecast.read"
    WARNING_READ = "warning.read"
    WARNING_ACKNOWLEDGE = "warning.acknowledge"
    # Pulling QCVN 125 packets: the coordinator, and the system accounts of other systems.
    EXCHANGE_PULL = "exchange.pull"
    # The delivery log of packets pushed up, and sending one again now.
    EXCHANGE_MANAGE = "exchange.manage"
    DIRECTORY_EDIT = "directory.edit"
    SCORE_WEIGHTS_EDIT = "score_weights.edit"
    ACCOUNTS_MANAGE = "accounts.manage"


# ALL: any agency's; OWN: only the user's own agency's.
ALL, OWN = "all", "own"
# The people's roles: a system account (Role.SYSTEM) reads nothing it was not given.
PEOPLE = [r for r in Role if r != Role.SYSTEM]

RULES: dict[Action, dict[Role, str]] = {
    Action.CATALOGUE_READ: {r: ALL for r in PEOPLE},
    Action.PLAN_IMPORT: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    Action.PERIOD_MANAGE: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    Action.PERIOD_READ: {r: ALL for r in PEOPLE},
    Action.REPORT_READ: {
        Role.ADMIN: ALL,
        Role.COORDINATOR: ALL,
        Role.LEADER: ALL,
        Role.REPORTER: OWN,
    },
    Action.REPORT_EDIT: {Role.REPORTER: OWN},
    Action.REPORT_SUBMIT: {Role.REPORTER: OWN},
    Action.REPORT_REVIEW: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    Action.REPORT_COMMENT: {Role.ADMIN: ALL, Role.COORDINATOR: ALL, Role.LEADER: ALL},
    Action.EXTENSION_REQUEST: {Role.REPORTER: OWN},
    Action.EXTENSION_DECIDE: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    Action.DOCUMENT_PRODUCE: {Role.ADMIN: ALL, Role.COORDINATOR: ALL, Role.LEADER: ALL},
    # Key indicators made public, periods published to the portal and the open data.
    Action.PUBLICATION_MANAGE: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    # The leaders' dashboard: the province for those who direct it, a reporter's own agency.
    Action.DASHBOARD_READ: {
        Role.ADMIN: ALL,
        Role.COORDINATOR: ALL,
        Role.LEADER: ALL,
        Role.REPORTER: OWN,
    },
    # A reporter reads the forecasts of the indicators its agency is assigned and the
    # warnings about its agency; only leaders and the coordinator handle warnings.
    Action.FORECAST_READ: {
        Role.ADMIN: ALL,
        Role.COORDINATOR: ALL,
        Role.LEADER: ALL,
        Role.REPORTER: OWN,
    },
    Action.WARNING_READ: {
        Role.ADMIN: ALL,
        Role.COORDINATOR: ALL,
        Role.LEADER: ALL,
        Role.REPORTER: OWN,
    },
    Action.WARNING_ACKNOWLEDGE: {Role.ADMIN: ALL, Role.COORDINATOR: ALL, Role.LEADER: ALL},
    Action.EXCHANGE_PULL: {Role.ADMIN: ALL, Role.COORDINATOR: ALL, Role.SYSTEM: ALL},
    Action.EXCHANGE_MANAGE: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    # Other names of agencies change how every later import reads its cells.
    Action.DIRECTORY_EDIT: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    Action.SCORE_WEIGHTS_EDIT: {Role.ADMIN: ALL, Role.COORDINATOR: ALL},
    # Accounts in bulk (`dxtrack user import`): who may sign in, with which role.
    Action.ACCOUNTS_MANAGE: {Role.ADMIN: ALL},
}


class SystemActor:
    """The server's operator at the command line: `dxtrack import`, `dxtrack document`, the
    demo's set-up, jobs run from cron. Whoever can run them can change the database
    already, so it may do what an administrator may; audit rows it writes name no user and
    say who acted in their details."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    username = "dxtrack"

    def __str__(self) -> str:
        return "Hệ thống (dòng lệnh dxtrack)"


SYSTEM = SystemActor()

# Who calls a service: an account as `request.user` holds it (the anonymous one included,
# which every check refuses) or the command line.
Actor: TypeAlias = User | AnonymousUser | SystemActor


def account_of(actor: Actor | None) -> User | None:
    """The account that acts, for the columns that name one: none for the command line."""
    return actor if isinstance(actor, User) and actor.pk else None


def _profile(user: Any) -> Profile | None:
    # A missing one-to-one is not cached by Django: without this, every check would query.
    if not hasattr(user, "_dxtrack_profile"):
        try:
            user._dxtrack_profile = user.profile
        except Profile.DoesNotExist:
            user._dxtrack_profile = None
    return user._dxtrack_profile


def role_of(user: Actor | None) -> Role | None:
    """The user's role; a superuser without a profile is an administrator."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if isinstance(user, SystemActor):
        return Role.ADMIN
    profile = _profile(user)
    if profile is not None:
        return Role(profile.role)
    return Role.ADMIN if user.is_superuser else None


def agency_id_of(user: Actor | None) -> int | None:
    if user is None or not user.is_authenticated or isinstance(user, SystemActor):
        return None
    profile = _profile(user)
    return profile.agency_id if profile is not None else None


def allowed(user: Actor | None, action: Action, *, agency_id: int | None = None) -> bool:
    """May `user` do `action` (on the report or task of `agency_id`, where it has one)?"""
    role = role_of(user)
    if role is None:
        return False
    scope = RULES[action].get(role)
    if scope == ALL:
        return True
    if scope == OWN:
        own = agency_id_of(user)
        return own is not None and (agency_id is None or agency_id == own)
    return False


def require(user: Actor | None, action: Action, *, agency_id: int | None = None) -> None:
    if not allowed(user, action, agency_id=agency_id):
        raise PermissionDenied


def agencies_filter(user: Actor | None, action: Action, *, field: str = "agency_id") -> Q:
    """A filter that keeps the rows (reports, requests) of the agencies `user` may act on."""
    role = role_of(user)
    scope = RULES[action].get(role) if role else None
    if scope == ALL:
        return Q()
    if scope == OWN and agency_id_of(user) is not None:
        return Q(**{field: agency_id_of(user)})
    return Q(pk__in=[])


def own_agency_only(user: Actor | None, action: Action) -> bool:
    """Is `user` limited to its own agency's rows for `action` (a reporter)?"""
    role = role_of(user)
    return role is not None and RULES[action].get(role) == OWN
