"""The open datasets as bytes, built once per edition of the public data and cached: the
files of /du-lieu-mo/ and the open API's responses (the JSON file's very bytes)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from dxtrack.portal import opendata, selectors

# The task counts' columns in CSV and XLSX: every status, always in the same order.
STATUS_KEYS = {"by_status": [label for _, label in selectors.STATUSES]}
FORMATS = ("csv", "xlsx", "json")


def dataset_records(dataset: opendata.Dataset) -> list[dict]:
    if dataset is opendata.INDICATORS:
        return selectors.open_indicator_records()
    return selectors.open_task_records()


def dataset_bytes(*, dataset: opendata.Dataset, fmt: str, edition: selectors.Edition) -> bytes:
    """The dataset in `fmt` as of `edition`; cache key `portal:<etag>:file:<slug>.<fmt>`."""
    key = f"portal:{edition.etag}:file:{dataset.slug}.{fmt}"
    data = cache.get(key)
    if data is not None:
        return data
    records = dataset_records(dataset)
    if fmt == "csv":
        data = opendata.csv_bytes(dataset, records, object_keys=STATUS_KEYS)
    elif fmt == "xlsx":
        updated = (
            timezone.localtime(edition.changed_at).strftime("%d/%m/%Y %H:%M")
            if edition.changed_at
            else ""
        )
        data = opendata.xlsx_bytes(dataset, records, object_keys=STATUS_KEYS, updated_at=updated)
    elif fmt == "json":
        data = opendata.json_bytes(records)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    cache.set(key, data, settings.DXTRACK_PORTAL_CACHE_SECONDS)
    return data
