"""Changes to the agency directory: installing the shipped directory, loading communes from
the official list, adding the other names users teach it; and building the resolver from
what the database holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, require
from dxtrack.agencies.directory import Directory, load_records
from dxtrack.agencies.models import Agency, AgencyAlias, AgencyGroup, Succession
from dxtrack.audit.services import audit_record
from dxtrack.vn_text import collapse_spaces, fold, name_key

_AGENCY_FIELDS = ("short_name", "kind", "code", "active_from", "active_to")
_GROUP_FIELDS = ("member_kinds", "successor_id", "succeeded_on", "active_to")
_UNIT_TYPES = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ")
_UNIT_COLUMNS = ("unit", "unit_short")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _alias_items(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    items = []
    for alias in record.get("aliases", ()):
        if isinstance(alias, Mapping):
            items.append((alias["name"], alias.get("kind") or AgencyAlias.Kind.VARIANT))
        else:
            items.append((alias, AgencyAlias.Kind.VARIANT))
    return items


@transaction.atomic
def directory_install(*, records: Mapping[str, Any] | None = None) -> dict[str, int]:
    """Load the shipped directory (or `records` in its shape) into the database.

    Idempotent: agencies and groups are matched by name, aliases by key, successions by
    their two agencies; what exists is updated, nothing is deleted, and group members and
    aliases users added are kept. Returns how many rows were created and updated.
    """
    data = records if records is not None else load_records()
    counts = dict.fromkeys(
        (
            "agencies_created",
            "agencies_updated",
            "groups_created",
            "groups_updated",
            "aliases_created",
            "aliases_updated",
            "members_added",
            "successions_created",
            "successions_updated",
        ),
        0,
    )
    agencies = _install_agencies(data.get("agencies", ()), counts)
    groups = _install_groups(data.get("groups", ()), agencies, counts)
    _install_aliases(data, agencies, groups, counts)
    _install_successions(data.get("successions", ()), agencies, counts)
    return counts


def _install_agencies(
    records: Iterable[Mapping[str, Any]], counts: dict[str, int]
) -> dict[str, Agency]:
    records = list(records)
    existing = {a.name: a for a in Agency.objects.filter(name__in=[r["name"] for r in records])}
    now = timezone.now()
    new, changed = [], []
    for record in records:
        values = {
            "short_name": record.get("short_name", ""),
            "kind": record.get("kind", Agency.Kind.OTHER),
            "code": record.get("code", ""),
            "active_from": _date(record.get("active_from")),
            "active_to": _date(record.get("active_to")),
        }
        agency = existing.get(record["name"])
        if agency is None:
            new.append(Agency(name=record["name"], search_name=fold(record["name"]), **values))
        elif any(getattr(agency, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(agency, field, value)
            agency.updated_at = now
            changed.append(agency)
    Agency.objects.bulk_create(new)
    Agency.objects.bulk_update(changed, [*_AGENCY_FIELDS, "updated_at"])
    counts["agencies_created"] += len(new)
    counts["agencies_updated"] += len(changed)
    names = [r["name"] for r in records]
    return {a.name: a for a in Agency.objects.filter(name__in=names)}


def _install_groups(
    records: Iterable[Mapping[str, Any]], agencies: dict[str, Agency], counts: dict[str, int]
) -> dict[str, AgencyGroup]:
    records = list(records)
    names = [r["name"] for r in records]
    existing = {g.name: g for g in AgencyGroup.objects.filter(name__in=names)}
    new = [AgencyGroup(name=n) for n in names if n not in existing]
    AgencyGroup.objects.bulk_create(new)
    counts["groups_created"] += len(new)
    created = {g.name for g in new}
    groups = {g.name: g for g in AgencyGroup.objects.filter(name__in=names)}
    changed = []
    for record in records:
        group = groups[record["name"]]
        successor = groups.get(record.get("successor") or "")
        values = {
            "member_kinds": list(record.get("member_kinds", [])),
            "successor_id": successor.pk if successor else None,
            "succeeded_on": _date(record.get("succeeded_on")),
            "active_to": _date(record.get("active_to")),
        }
        if any(getattr(group, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(group, field, value)
            group.updated_at = timezone.now()
            changed.append(group)
            if group.name not in created:
                counts["groups_updated"] += 1
    AgencyGroup.objects.bulk_update(changed, [*_GROUP_FIELDS, "updated_at"])

    through = AgencyGroup.members.through
    present = set(
        through.objects.filter(agencygroup__in=groups.values()).values_list(
            "agencygroup_id", "agency_id"
        )
    )
    wanted = []
    for record in records:
        group = groups[record["name"]]
        for member in record.get("members", ()):
            pair = (group.pk, agencies[member].pk)
            if pair not in present:
                present.add(pair)
                wanted.append(through(agencygroup_id=pair[0], agency_id=pair[1]))
    through.objects.bulk_create(wanted)
    counts["members_added"] += len(wanted)
    return groups


def _install_aliases(
    data: Mapping[str, Any],
    agencies: dict[str, Agency],
    groups: dict[str, AgencyGroup],
    counts: dict[str, int],
) -> None:
    wanted: dict[str, AgencyAlias] = {}
    for record in data.get("agencies", ()):
        for name, kind in _alias_items(record):
            alias = AgencyAlias(agency=agencies[record["name"]], name=name, kind=kind)
            wanted[name_key(name)] = alias
    for record in data.get("groups", ()):
        for name, kind in _alias_items(record):
            alias = AgencyAlias(group=groups[record["name"]], name=name, kind=kind)
            wanted[name_key(name)] = alias
    existing = {a.key: a for a in AgencyAlias.objects.filter(key__in=list(wanted))}
    new, changed = [], []
    for key, alias in wanted.items():
        alias.key = key
        known = existing.get(key)
        if known is None:
            new.append(alias)
        elif (known.agency_id, known.group_id, known.name, known.kind) != (
            alias.agency_id,
            alias.group_id,
            alias.name,
            alias.kind,
        ):
            # The shipped directory is the authority on the names it ships.
            known.agency_id, known.group_id = alias.agency_id, alias.group_id
            known.name, known.kind = alias.name, alias.kind
            changed.append(known)
    AgencyAlias.objects.bulk_create(new)
    AgencyAlias.objects.bulk_update(changed, ["agency", "group", "name", "kind"])
    counts["aliases_created"] += len(new)
    counts["aliases_updated"] += len(changed)


def _install_successions(
    records: Iterable[Mapping[str, Any]], agencies: dict[str, Agency], counts: dict[str, int]
) -> None:
    records = list(records)
    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in Succession.objects.filter(
            predecessor__in=[agencies[r["predecessor"]] for r in records]
        )
    }
    new, changed = [], []
    for record in records:
        pair = (agencies[record["predecessor"]].pk, agencies[record["successor"]].pk)
        values = {
            "date": _date(record["date"]),
            "primary": bool(record.get("primary", True)),
            "scope": record.get("scope", ""),
        }
        succession = existing.get(pair)
        if succession is None:
            new.append(Succession(predecessor_id=pair[0], successor_id=pair[1], **values))
        elif any(getattr(succession, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(succession, field, value)
            changed.append(succession)
    # A primary flag moving to another successor must be cleared before it is set again.
    Succession.objects.bulk_update(
        [s for s in changed if not s.primary], ["date", "primary", "scope"]
    )
    Succession.objects.bulk_update([s for s in changed if s.primary], ["date", "primary", "scope"])
    Succession.objects.bulk_create(new)
    counts["successions_created"] += len(new)
    counts["successions_updated"] += len(changed)


def directory_records_from_db() -> dict[str, Any]:
    """The database's directory in the shape of `data/directory.json` (five queries)."""
    agencies: dict[int, dict[str, Any]] = {}
    for pk, name, short_name, kind, code, active_from, active_to in Agency.objects.values_list(
        "pk", "name", "short_name", "kind", "code", "active_from", "active_to"
    ).order_by("pk"):
        agencies[pk] = {
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "code": code,
            "active_from": active_from,
            "active_to": active_to,
            "aliases": [],
        }
    groups: dict[int, dict[str, Any]] = {}
    successors: dict[int, int | None] = {}
    for pk, name, kinds, successor_id, succeeded_on, active_to in AgencyGroup.objects.values_list(
        "pk", "name", "member_kinds", "successor_id", "succeeded_on", "active_to"
    ).order_by("pk"):
        groups[pk] = {
            "name": name,
            "member_kinds": list(kinds or []),
            "members": [],
            "successor": None,
            "succeeded_on": succeeded_on,
            "active_to": active_to,
            "aliases": [],
        }
        successors[pk] = successor_id
    for pk, next_id in successors.items():
        if next_id in groups:
            groups[pk]["successor"] = groups[next_id]["name"]
    for group_id, agency_id in AgencyGroup.members.through.objects.values_list(
        "agencygroup_id", "agency_id"
    ):
        groups[group_id]["members"].append(agencies[agency_id]["name"])
    for agency_id, group_id, name, kind in AgencyAlias.objects.values_list(
        "agency_id", "group_id", "name", "kind"
    ).order_by("pk"):
        owner = agencies.get(agency_id) if agency_id else groups.get(group_id)
        if owner is not None:
            owner["aliases"].append({"name": name, "kind": kind})
    successions = [
        {
            "predecessor": agencies[predecessor]["name"],
            "successor": agencies[successor]["name"],
            "date": date,
            "primary": primary,
            "scope": scope,
        }
        for predecessor, successor, date, primary, scope in Succession.objects.values_list(
            "predecessor_id", "successor_id", "date", "primary", "scope"
        ).order_by("date", "pk")
    ]
    return {
        "agencies": list(agencies.values()),
        "groups": list(groups.values()),
        "successions": successions,
    }


def directory_from_db() -> Directory:
    """The resolver over the database's directory, with the aliases users added."""
    return Directory.from_records(directory_records_from_db())


def directory_current() -> Directory:
    """The database's directory once it is installed, else the one shipped with the product."""
    from dxtrack.agencies.directory import load_bundled

    return directory_from_db() if Agency.objects.exists() else load_bundled()


def _commune_name(unit: str) -> str:
    # "Xã An Phú" → "UBND xã An Phú": administrative style writes the unit type in lower case.
    unit = collapse_spaces(unit)
    for unit_type in _UNIT_TYPES:
        if unit.startswith(unit_type):
            return "UBND " + unit_type.lower() + unit[len(unit_type) :]
    return "UBND " + unit


@transaction.atomic
def communes_load(*, rows: Iterable[Mapping[str, str]], province_code: str) -> dict[str, int]:
    """Load one province's communes, wards and special zones from the official list.

    `rows` have the columns of the GSO list: province_code, province, unit_code, unit,
    unit_short. Each unit becomes an agency of kind commune named "UBND <unit>" with the
    short name as its short name, and the unit's name and short name as aliases (a name
    already taken by another agency is skipped: it would resolve to the wrong one). Units
    are matched by their code, so loading a newer list renames a unit in place and keeps its
    former names as aliases; units absent from the list are left as they are (their
    assignments and reports stay).
    """
    wanted_code = province_code.strip().lstrip("0")
    units: dict[str, Mapping[str, str]] = {}
    for row in rows:
        if (row.get("province_code") or "").strip().lstrip("0") != wanted_code:
            continue
        code = (row.get("unit_code") or "").strip()
        if code and (row.get("unit") or "").strip():
            units[code] = row
    if not units:
        raise ValidationError(
            f"Danh sách không có đơn vị hành chính nào của tỉnh mã {province_code}."
        )

    existing = {a.code: a for a in Agency.objects.filter(code__in=list(units))}
    names = {code: _commune_name(row["unit"]) for code, row in units.items()}
    # Another province may have a unit of the same name: the province tells them apart.
    taken = set(
        Agency.objects.filter(name__in=list(names.values()))
        .exclude(code__in=list(units))
        .values_list("name", flat=True)
    )
    counts = {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "aliases_created": 0,
        "aliases_skipped": 0,
    }
    new, changed, former_names = [], [], []
    for code, row in units.items():
        name = names[code]
        if name in taken:
            name = f"{name} ({collapse_spaces(row.get('province') or province_code)})"
        short_name = collapse_spaces(row.get("unit_short") or "")[:100]
        agency = existing.get(code)
        if agency is None:
            new.append(
                Agency(
                    name=name,
                    search_name=fold(name),
                    short_name=short_name,
                    kind=Agency.Kind.COMMUNE,
                    code=code,
                )
            )
        elif (agency.name, agency.short_name, agency.kind) != (
            name,
            short_name,
            Agency.Kind.COMMUNE,
        ):
            if agency.name != name:
                former_names.append((agency, agency.name))
            agency.name, agency.search_name = name, fold(name)
            agency.short_name, agency.kind = short_name, Agency.Kind.COMMUNE
            agency.updated_at = timezone.now()
            changed.append(agency)
        else:
            counts["unchanged"] += 1
    Agency.objects.bulk_create(new)
    Agency.objects.bulk_update(changed, ["name", "search_name", "short_name", "kind", "updated_at"])
    counts["created"], counts["updated"] = len(new), len(changed)

    agencies = {a.code: a for a in Agency.objects.filter(code__in=list(units))}
    candidates: dict[str, list[AgencyAlias]] = {}
    for agency, old_name in former_names:
        alias = AgencyAlias(agency=agency, name=old_name, kind=AgencyAlias.Kind.FORMER)
        candidates.setdefault(name_key(old_name), []).append(alias)
    for code, row in units.items():
        for written in dict.fromkeys(collapse_spaces(row.get(c) or "") for c in _UNIT_COLUMNS):
            if written:
                alias = AgencyAlias(
                    agency=agencies[code], name=written, kind=AgencyAlias.Kind.VARIANT
                )
                candidates.setdefault(name_key(written), []).append(alias)
    taken_keys = dict(
        AgencyAlias.objects.filter(key__in=list(candidates)).values_list("key", "agency_id")
    )
    new_aliases = []
    for key, aliases in candidates.items():
        owners = {alias.agency_id for alias in aliases}
        if len(owners) > 1 or taken_keys.get(key, next(iter(owners))) != next(iter(owners)):
            # "Sơn Hà" and "Sơn Hạ" fold alike: an alias for either would be a guess. The
            # resolver still tells them apart by their names and accents.
            counts["aliases_skipped"] += 1
        elif key not in taken_keys:
            alias = aliases[0]
            alias.key = key
            new_aliases.append(alias)
    AgencyAlias.objects.bulk_create(new_aliases)
    counts["aliases_created"] = len(new_aliases)
    return counts


# Other names change how every later import reads its agency cells: each change is checked
# against who may edit the directory and leaves an audit row with the name and its owner.


def _alias_state(alias: AgencyAlias) -> dict[str, Any]:
    return {
        "name": alias.name,
        "kind": alias.kind,
        "agency": alias.agency_id,
        "group": alias.group_id,
        "owner": str(alias.agency or alias.group or ""),
    }


def _alias_checked(
    name: str, agency: Agency | None, group: AgencyGroup | None, *, exclude: int | None = None
) -> tuple[str, str, AgencyAlias | None]:
    """(name as written, its key, the alias already holding the key) after the checks
    every alias must pass; raises ValidationError in Vietnamese."""
    written = collapse_spaces(name)
    key = name_key(written)
    if not key:
        raise ValidationError("Tên gọi không được để trống.")
    if (agency is None) == (group is None):
        raise ValidationError("Cần chọn đúng một cơ quan, đơn vị hoặc một nhóm cơ quan.")
    known = (
        AgencyAlias.objects.select_related("agency", "group")
        .filter(key=key)
        .exclude(pk=exclude)  # type: ignore[misc]  # pk=None excludes nothing; stubs refuse None
        .first()
    )
    return written, key, known


@transaction.atomic
def alias_add(
    *,
    name: str,
    actor: Actor,
    agency: Agency | None = None,
    group: AgencyGroup | None = None,
    kind: str = AgencyAlias.Kind.VARIANT,
) -> AgencyAlias:
    """Teach the directory another name of an agency or group (e.g. from an unresolved cell).

    Raises PermissionDenied when `actor` may not edit the directory, ValidationError (in
    Vietnamese) when the name is empty, when neither or both of agency and group are given,
    or when the name already belongs to another agency or group.
    """
    require(actor, Action.DIRECTORY_EDIT)
    written, _key, known = _alias_checked(name, agency, group)
    if known is not None:
        if known.agency_id == getattr(agency, "pk", None) and known.group_id == getattr(
            group, "pk", None
        ):
            return known
        owner = known.agency or known.group
        raise ValidationError(f"Tên gọi “{written}” đã được dùng cho “{owner}”.")
    alias = AgencyAlias(name=written, agency=agency, group=group, kind=kind)
    alias.save()
    audit_record(actor=actor, action="agency_alias.add", target=alias, details=_alias_state(alias))
    return alias


@transaction.atomic
def alias_change(
    *,
    alias: AgencyAlias,
    actor: Actor,
    name: str,
    kind: str,
    agency: Agency | None = None,
    group: AgencyGroup | None = None,
) -> AgencyAlias:
    """Rename an alias, change its kind or give it to another agency or group; the audit
    row keeps what it was."""
    require(actor, Action.DIRECTORY_EDIT)
    stored = AgencyAlias.objects.select_for_update().get(pk=alias.pk)
    old = _alias_state(stored)
    written, _key, known = _alias_checked(name, agency, group, exclude=stored.pk)
    if known is not None:
        owner = known.agency or known.group
        raise ValidationError(f"Tên gọi “{written}” đã được dùng cho “{owner}”.")
    stored.name, stored.kind, stored.agency, stored.group = written, kind, agency, group
    stored.save()
    new = _alias_state(stored)
    if new != old:
        audit_record(
            actor=actor,
            action="agency_alias.change",
            target=stored,
            details={"old": old, "new": new},
        )
    return stored


@transaction.atomic
def alias_remove(*, alias: AgencyAlias, actor: Actor) -> None:
    """Forget another name: later imports no longer recognise it."""
    require(actor, Action.DIRECTORY_EDIT)
    stored = AgencyAlias.objects.select_related("agency", "group").get(pk=alias.pk)
    audit_record(
        actor=actor, action="agency_alias.remove", target=stored, details=_alias_state(stored)
    )
    stored.delete()
