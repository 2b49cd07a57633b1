"""Reading a plan file and importing it, as the command line and the web use them."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from dxtrack.accounts.access import SYSTEM, Actor
from dxtrack.ingest.document import Table
from dxtrack.ingest.ocr import OcrPage
from dxtrack.ingest.plan_reader import Resolver, read_plan
from dxtrack.ingest.readers import UnreadableDocument, read_document
from dxtrack.plans.drafts import PlanDraft
from dxtrack.plans.services import ImportResult, content_hash, plan_import

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "plans" / "bundled"


@dataclass(frozen=True)
class PlanFile:
    draft: PlanDraft
    sha256: str


def database_has(table: str) -> bool:
    """Does the database exist and hold `table`? Asked without creating anything: a dry run
    on a fresh machine must write nothing, not even an empty SQLite file."""
    database = connection.settings_dict
    name = str(database["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    if database["ENGINE"].endswith("sqlite3") and not in_memory and not Path(name).exists():
        return False
    return table in connection.introspection.table_names()


def resolver_current() -> Resolver:
    """The agency directory of the database, or the one shipped with the product when the
    database has not been set up (a dry run on a fresh machine creates nothing)."""
    from dxtrack.agencies.directory import load_bundled
    from dxtrack.agencies.services import directory_current

    return directory_current() if database_has("agencies_agency") else load_bundled()


def plan_file_read(
    *,
    path: Path,
    resolver: Resolver | None = None,
    scanned: list[OcrPage] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PlanFile:
    """Read a plan document into a draft; raises UnreadableDocument with a Vietnamese message.
    A scan is read by the OCR, reporting `progress(done, total)` after each page and stopping
    (OcrCancelled) when `cancelled()`; `scanned` are its pages when they were read already."""
    document = read_document(path, scanned=scanned, progress=progress, cancelled=cancelled)
    draft = read_plan(document, resolver or resolver_current())
    if not (draft.indicators or draft.tasks or draft.projects):
        tables = [b for b in document.blocks if isinstance(b, Table)]
        # Saying that tables were found tells the user the file was read, only not understood.
        found = (
            f" Tệp có {len(tables)} bảng nhưng không bảng nào có hàng tiêu đề nhận ra được."
            if tables
            else ""
        )
        raise UnreadableDocument(
            f"Tệp “{path.name}” không có bảng chỉ tiêu, nhiệm vụ hay dự án nào nhận ra được."
            f"{found} "
            "Cần một hàng tiêu đề như “TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian” hoặc "
            "“TT | Chỉ tiêu | Đơn vị tính | Mục tiêu”."
        )
    return PlanFile(draft=draft, sha256=content_hash(path.read_bytes()))


def plan_file_import(
    *, path: Path, actor: Actor, update: bool = False, **overrides: str
) -> ImportResult:
    """Read and import a plan file in one transaction, as `actor` (who must be allowed to
    import plans). `overrides` replace metadata the document does not state (title,
    issuer, implements)."""
    plan_file = plan_file_read(path=path)
    for field, value in overrides.items():
        setattr(plan_file.draft, field, value)
    return plan_import(draft=plan_file.draft, sha256=plan_file.sha256, actor=actor, update=update)


def bundled_plans_import(*, actor: Actor = SYSTEM) -> list[ImportResult]:
    """Import the province's plans shipped with the product (unchanged ones are skipped).
    They are part of the installation, so the system imports them unless told who does."""
    manifest = json.loads((BUNDLED_DIR / "manifest.json").read_text(encoding="utf-8"))
    results = []
    for entry in manifest["plans"]:
        overrides = {k: v for k, v in entry.items() if k != "file"}
        results.append(
            plan_file_import(
                path=BUNDLED_DIR / entry["file"], actor=actor, update=True, **overrides
            )
        )
    return results
