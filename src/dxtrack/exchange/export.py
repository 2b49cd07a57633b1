"""A period's packets: built from its approved data, held to their JSON Schemas, written
as one file per kind (`dxtrack exchange export`) or returned to the API."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.utils import timezone

from dxtrack.exchange import packets as p
from dxtrack.exchange.selectors import period_data
from dxtrack.reporting.models import ReportingPeriod

SCHEMAS = Path(__file__).resolve().parent / "schemas"


class ExchangeError(Exception):
    """A packet that cannot be produced; the message is in Vietnamese."""


def _schema(kind: str) -> dict:
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(kind: str):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _fast_validator(kind: str):
    # The schema compiled once into Python code: checking a province's year with jsonschema
    # took 90% of the export (bench/exchange.py, docs/decisions/0120-export-speed.md). The
    # schemas use only keywords that mean the same in draft 7, which fastjsonschema knows.
    import fastjsonschema

    schema = {k: v for k, v in _schema(kind).items() if k != "$schema"}
    return fastjsonschema.compile(schema)


def packet_check(*, kind: str, packet: dict) -> None:
    """Raise ExchangeError naming the first field that breaks the kind's schema."""
    import fastjsonschema

    try:
        _fast_validator(kind)(packet)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    # The compiled check refused the packet: the reference validator (Draft 2020-12) has
    # the last word and names the field.
    error = next(iter(_validator(kind).iter_errors(packet)), None)
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(gói tin)"
        raise ExchangeError(f"Gói tin “{kind}” sai cấu trúc tại {where}: {error.message[:200]}")


def packets_for_period(*, period: ReportingPeriod) -> dict[str, dict]:
    """Every kind the period's data fills: the catalogue kinds always, the report kinds
    when at least one report is approved. Each one checked against its schema."""
    data = period_data(period=period)
    now = timezone.now()
    kinds = list(p.PERIOD_KINDS) + (list(p.REPORT_KINDS) if data.reports else [])
    out = {}
    for kind in kinds:
        packet = p.packet_build(kind=kind, data=data, created_at=now)
        packet_check(kind=kind, packet=packet)
        out[kind] = packet
    return out


def packet_for_period(*, period: ReportingPeriod, kind: str) -> dict:
    if kind not in p.KINDS:
        raise ExchangeError(f"Không có loại gói tin “{kind}”.")
    data = period_data(period=period)
    packet = p.packet_build(kind=kind, data=data, created_at=timezone.now())
    packet_check(kind=kind, packet=packet)
    return packet


def packet_dumps(packet: dict) -> bytes:
    return json.dumps(packet, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def packets_export(*, period: ReportingPeriod, folder: Path) -> list[tuple[Path, int]]:
    """Write the period's packets into `folder`, one `<kind>.json` each; (path, records)."""
    packets = packets_for_period(period=period)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, packet in packets.items():
        path = folder / f"{kind}.json"
        path.write_bytes(packet_dumps(packet))
        written.append((path, packet["soBanGhi"]))
    return written
