"""Importing a plan from the web: store the upload, preview it, fix agency names, confirm.

The preview reads the stored file again on every visit, with the directory as it is
now, so a name taught to the directory shows as resolved on the next look. Nothing is
written to the catalogue before the confirm, and the confirm writes in one transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.agencies.directory import Directory
from dxtrack.agencies.models import Agency, AgencyAlias, AgencyGroup
from dxtrack.agencies.services import alias_add, directory_current
from dxtrack.ingest.jobs import import_job_start
from dxtrack.ingest.models import ImportJob, ImportUpload
from dxtrack.ingest.ocr import OCR_REVIEW_MARK, ocr_pages_from_json, tesseract_missing
from dxtrack.ingest.readers import (
    ACCEPTED_SUFFIXES,
    KINDS_TEXT,
    MAX_FILE_BYTES,
    UnreadableDocument,
    is_scan,
)
from dxtrack.ingest.services import PlanFile, plan_file_read
from dxtrack.ingest.upload_files import imports_dir, upload_path
from dxtrack.plans.diff import Kind, RowChange
from dxtrack.plans.drafts import (
    AgencyRef,
    IndicatorDraft,
    ItemDraft,
    PlanDraft,
    ProjectDraft,
    ReadWarning,
    TargetDraft,
)
from dxtrack.plans.models import Plan
from dxtrack.plans.selectors import plans_replaced
from dxtrack.plans.services import ImportResult, PlanRevision, plan_import, plan_revision
from dxtrack.vn_text import name_key

MAX_SUGGESTIONS = 5


class ImportRefused(Exception):
    """The file or the request cannot be imported; the message is for the user."""


class ImportPending(Exception):
    """The upload is a scan still being read (`ImportJob`): nothing to preview yet."""


# --------------------------------------------------------------------------- upload


def upload_check(*, name: str, size: int) -> None:
    """Refuse, before anything is stored, a file the readers would refuse by its name or size."""
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ImportRefused(
            _("Tệp “%(name)s”: định dạng này không được hỗ trợ; hãy dùng %(kinds)s.")
            % {"name": name, "kinds": KINDS_TEXT}
        )
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            _("Tệp “%(name)s” có dung lượng %(size)s MB, vượt giới hạn %(limit)s MB.")
            % {
                "name": name,
                "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": MAX_FILE_BYTES // 1024 // 1024,
            }
        )


def upload_store(*, file: UploadedFile, user: Actor) -> ImportUpload:
    """Store an uploaded plan file and check that it reads as a plan.

    Raises ImportRefused (and keeps nothing) when the file is of the wrong type, too big,
    damaged or holds no table the readers recognise; PermissionDenied when `user` may not
    import plans. A scan is kept and read in the background (`jobs`): its preview waits for
    the reading, which removes the upload again if the scan holds no plan.
    """
    require(user, Action.PLAN_IMPORT)
    original = Path(file.name or "").name[:255] or "tep"
    upload_check(name=original, size=file.size or 0)
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # A random name: the user's name may hold anything, including "../".
    stored_name = secrets.token_hex(16) + Path(original).suffix.lower()
    path = folder / stored_name
    digest = hashlib.sha256()
    written = 0
    try:
        with path.open("xb") as out:
            for chunk in file.chunks():
                written += len(chunk)
                if written > MAX_FILE_BYTES:
                    upload_check(name=original, size=written)
                digest.update(chunk)
                out.write(chunk)
        upload = ImportUpload(
            token=secrets.token_urlsafe(24),
            stored_name=stored_name,
            original_name=original,
            size=written,
            sha256=digest.hexdigest(),
            uploaded_by=account_of(user),
        )
        if is_scan(path):
            return _scan_store(upload=upload, user=user)
        upload_read(upload=upload)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    upload.save()
    return upload


def _scan_store(*, upload: ImportUpload, user: Actor) -> ImportUpload:
    missing = tesseract_missing()
    if missing:
        raise ImportRefused(
            _("Tệp “%(name)s” là bản quét, nhưng %(why)s.")
            % {"name": upload.original_name, "why": missing}
        )
    try:
        with transaction.atomic():
            upload.save()
            import_job_start(upload=upload, user=user)
    except UnreadableDocument as error:
        raise ImportRefused(str(error).replace(upload.stored_name, upload.original_name)) from error
    return upload


def upload_job(upload: ImportUpload) -> ImportJob | None:
    """The background reading of an uploaded scan; None for other files. No query when the
    upload was fetched with `select_related("job")`."""
    if not upload.pk:
        return None
    try:
        return upload.job
    except ImportJob.DoesNotExist:
        return None


def upload_read(
    *, upload: ImportUpload, resolver: Directory | None = None, job: ImportJob | None = None
) -> PlanFile:
    """The plan the stored file holds, named after the user's file (not the stored one).
    A scan is read from its job's pages; ImportPending while they are being read."""
    resolver = resolver or directory_current()
    path = upload_path(upload)
    if not path.is_file():
        raise ImportRefused(
            _("Tệp “%(name)s” không còn trên máy chủ; hãy tải lên lại.")
            % {"name": upload.original_name}
        )
    job = job or upload_job(upload)
    if job is not None and not job.pages:
        raise ImportPending(upload.original_name)
    scanned = ocr_pages_from_json(job.pages) if job is not None else None
    try:
        plan_file = plan_file_read(path=path, resolver=resolver, scanned=scanned)
    except UnreadableDocument as error:
        raise ImportRefused(str(error).replace(upload.stored_name, upload.original_name)) from error
    plan_file.draft.source = upload.original_name
    return plan_file


# --------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class Suggestion:
    value: str  # "agency:<id>" or "group:<id>"
    name: str
    is_group: bool


@dataclass
class UnresolvedName:
    """A name written in agency cells that matches nothing in the directory."""

    text: str
    anchor: str
    rows: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True)
class CellRef:
    ref: AgencyRef
    anchor: str | None  # the unresolved name's form, for a name that did not resolve

    @property
    def shown_as(self) -> str | None:
        """The directory's name when it differs from what the cell wrote."""
        name = self.ref.agency or self.ref.group
        return name if name and name_key(name) != name_key(self.ref.text) else None


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str


@dataclass
class PreviewRow:
    is_heading: ClassVar[bool] = False
    kind: Kind
    index: int
    item: ItemDraft
    cells: dict[str, list[CellRef]]
    warnings: list[ReadWarning]
    change: RowChange | None = None
    changes: list[FieldChange] = field(default_factory=list)
    targets: list[TargetDraft | None] = field(default_factory=list)
    year_marks: list[bool] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.index + 1}"

    @property
    def needs_review(self) -> bool:
        """A cell of the row was read from a scan with doubt: to be checked by a person."""
        return any(OCR_REVIEW_MARK in w.message for w in self.warnings)


@dataclass(frozen=True)
class PreviewHeading:
    is_heading: ClassVar[bool] = True
    title: str
    depth: int


@dataclass(frozen=True)
class RemovedRow:
    kind: Kind
    number: str
    name: str


@dataclass
class ImportPreview:
    upload: ImportUpload
    draft: PlanDraft
    revision: PlanRevision | None
    unchanged: bool
    indicator_rows: list[PreviewHeading | PreviewRow]
    task_rows: list[PreviewHeading | PreviewRow]
    project_rows: list[PreviewHeading | PreviewRow]
    milestones: list[str]
    years: list[int]
    unresolved: list[UnresolvedName]
    other_warnings: list[ReadWarning]
    removed: list[RemovedRow]
    directory_names: list[str]
    # The catalogue's plans the file says it replaces or repeals: marked replaced on import.
    replaced: list[Plan] = field(default_factory=list)

    @property
    def plan(self) -> Plan | None:
        return self.revision.plan if self.revision else None

    @property
    def base_sha256(self) -> str:
        """The stored version the preview compares with: the confirm checks it is still so."""
        return self.revision.plan.source_sha256 if self.revision else ""

    @property
    def counts(self) -> dict[str, int] | None:
        return self.revision.diff.counts if self.revision else None

    @property
    def warning_count(self) -> int:
        return len(self.draft.warnings)

    # Table widths, for the heading and warning rows that span a whole table.
    @property
    def indicator_colspan(self) -> int:
        return 5 + len(self.milestones) + (1 if self.revision else 0)

    @property
    def task_colspan(self) -> int:
        return 6 + (1 if self.revision else 0)

    @property
    def project_colspan(self) -> int:
        return 3 + len(self.years) + (1 if self.revision else 0)


FIELD_LABELS = {
    "section": gettext_lazy("Mục"),
    "number": gettext_lazy("TT"),
    "name": gettext_lazy("Tên"),
    "unit": gettext_lazy("Đơn vị tính"),
    "targets": gettext_lazy("Mục tiêu"),
    "lead": gettext_lazy("Cơ quan chủ trì"),
    "implementers": gettext_lazy("Cơ quan thực hiện"),
    "coordinating": gettext_lazy("Cơ quan phối hợp"),
    "result": gettext_lazy("Kết quả, sản phẩm"),
    "timeframe": gettext_lazy("Thời gian thực hiện"),
    "years": gettext_lazy("Các năm triển khai"),
}

_ROLES: dict[Kind, tuple[str, ...]] = {
    "indicator": ("lead", "implementers"),
    "task": ("lead", "coordinating"),
    "project": ("lead",),
}


def import_preview(*, upload: ImportUpload) -> ImportPreview:
    """The plan the upload would create, or the changes it would make to the stored one."""
    resolver = directory_current()
    plan_file = upload_read(upload=upload, resolver=resolver)
    draft = plan_file.draft
    revision = plan_revision(draft=draft)
    warnings: dict[str, list[ReadWarning]] = {}
    for warning in draft.warnings:
        warnings.setdefault(warning.where, []).append(warning)
    builder = _PreviewBuilder(warnings=warnings, revision=revision)
    indicator_rows = builder.rows("indicator", draft.indicators)
    # The duties under "Tổ chức thực hiện" are imported as tasks: shown with them.
    task_rows = builder.rows("task", draft.all_tasks)
    project_rows = builder.rows("project", draft.projects)
    milestones = list(dict.fromkeys(t.milestone for i in draft.indicators for t in i.targets))
    for row in indicator_rows:
        if isinstance(row, PreviewRow) and isinstance(row.item, IndicatorDraft):
            by_milestone = {t.milestone: t for t in row.item.targets}
            row.targets = [by_milestone.get(m) for m in milestones]
    years = sorted({y for p in draft.projects for y in p.years})
    for row in project_rows:
        if isinstance(row, PreviewRow) and isinstance(row.item, ProjectDraft):
            row.year_marks = [y in row.item.years for y in years]
    unresolved = list(builder.unresolved.values())
    _suggest(unresolved, resolver)
    removed = []
    if revision is not None:
        for change in revision.diff.of("removed"):
            if change.old is None:  # a removed row always has one
                continue
            old = revision.old_row(change.kind, change.old)
            removed.append(RemovedRow(kind=change.kind, number=old.number, name=old.name))
    return ImportPreview(
        upload=upload,
        draft=draft,
        revision=revision,
        unchanged=revision is not None and revision.plan.source_sha256 == plan_file.sha256,
        indicator_rows=indicator_rows,
        task_rows=task_rows,
        project_rows=project_rows,
        milestones=milestones,
        years=years,
        unresolved=unresolved,
        other_warnings=[w for ws in warnings.values() for w in ws],
        removed=removed,
        directory_names=_directory_names() if unresolved else [],
        replaced=list(
            plans_replaced(
                replaces=draft.replaces,
                issuer=draft.issuer or "",
                exclude=revision.plan.pk if revision else None,
            )
        )
        if draft.replaces
        else [],
    )


class _PreviewBuilder:
    def __init__(
        self, *, warnings: dict[str, list[ReadWarning]], revision: PlanRevision | None
    ) -> None:
        self.warnings = warnings  # what is left is shown above the tables
        self.revision = revision
        self.unresolved: dict[str, UnresolvedName] = {}

    def rows(self, kind: Kind, items: Iterable[ItemDraft]) -> list[PreviewHeading | PreviewRow]:
        rows: list[PreviewHeading | PreviewRow] = []
        previous: tuple[str, ...] = ()
        for index, item in enumerate(items):
            path = tuple(p for p in (item.appendix, *item.section) if p)
            common = 0
            while common < min(len(path), len(previous)) and path[common] == previous[common]:
                common += 1
            rows.extend(
                PreviewHeading(title=path[depth], depth=depth) for depth in range(common, len(path))
            )
            previous = path
            rows.append(self.row(kind, index, item))
        return rows

    def row(self, kind: Kind, index: int, item: ItemDraft) -> PreviewRow:
        label = f"TT {item.number}" if item.number else _("dòng %(line)s") % {"line": item.line}
        cells = {
            role: [self.cell(ref, label) for ref in getattr(item, role)] for role in _ROLES[kind]
        }
        where = f"{item.appendix or 'Bảng'}, dòng {item.line}"
        row = PreviewRow(
            kind=kind,
            index=index,
            item=item,
            cells=cells,
            warnings=self.warnings.pop(where, []),
        )
        if self.revision is not None:
            row.change = self.revision.diff.change_for(kind, index)
            if row.change and row.change.status == "modified" and row.change.old is not None:
                old = self.revision.old_row(kind, row.change.old)
                row.changes = [
                    FieldChange(label=str(FIELD_LABELS[f]), before=old.shown(f))
                    for f in row.change.fields
                ]
        return row

    def cell(self, ref: AgencyRef, row_label: str) -> CellRef:
        if ref.resolved:
            return CellRef(ref=ref, anchor=None)
        key = name_key(ref.text)
        name = self.unresolved.get(key)
        if name is None:
            name = self.unresolved[key] = UnresolvedName(
                text=ref.text, anchor=f"ten-{len(self.unresolved) + 1}"
            )
        if row_label not in name.rows:
            name.rows.append(row_label)
        return CellRef(ref=ref, anchor=name.anchor)


def _suggest(names: list[UnresolvedName], resolver: Directory) -> None:
    """Fill each name's choice of similar agencies and groups (two queries in all)."""
    if not names:
        return
    suggested = {n.anchor: resolver.suggest(n.text, limit=MAX_SUGGESTIONS) for n in names}
    wanted = {s for found in suggested.values() for s in found}
    agencies = dict(Agency.objects.filter(name__in=wanted).values_list("name", "pk"))
    groups = dict(AgencyGroup.objects.filter(name__in=wanted).values_list("name", "pk"))
    for name in names:
        for found in suggested[name.anchor]:
            if found in agencies:
                name.suggestions.append(Suggestion(f"agency:{agencies[found]}", found, False))
            elif found in groups:
                name.suggestions.append(Suggestion(f"group:{groups[found]}", found, True))


def _directory_names() -> list[str]:
    names = [
        *Agency.objects.filter(active_to__isnull=True).values_list("name", flat=True),
        *AgencyGroup.objects.filter(active_to__isnull=True).values_list("name", flat=True),
    ]
    return sorted(names)


# --------------------------------------------------------------------------- fixing names


def import_alias_add(*, name: str, actor: Actor, choice: str = "", other: str = "") -> AgencyAlias:
    """Teach the directory that `name` is the agency or group chosen in the preview.

    `choice` is a suggestion's value ("agency:<id>", "group:<id>"); `other` a directory
    name typed instead. Raises ValidationError with a message for the user.
    """
    agency = group = None
    other = other.strip()
    if other:
        agency = Agency.objects.filter(name=other).first()
        group = None if agency else AgencyGroup.objects.filter(name=other).first()
        if agency is None and group is None:
            raise ValidationError(
                _("Không có cơ quan, đơn vị hay nhóm nào tên “%(name)s” trong danh mục.")
                % {"name": other}
            )
    else:
        kind, _sep, pk = choice.partition(":")
        if not pk.isdigit() or kind not in ("agency", "group"):
            raise ValidationError(_("Hãy chọn cơ quan, đơn vị tương ứng với tên này."))
        model = Agency if kind == "agency" else AgencyGroup
        target = model.objects.filter(pk=int(pk)).first()
        if target is None:
            raise ValidationError(_("Cơ quan, đơn vị đã chọn không còn trong danh mục."))
        agency, group = (target, None) if isinstance(target, Agency) else (None, target)
    return alias_add(name=name, agency=agency, group=group, actor=actor)


# --------------------------------------------------------------------------- confirm


def import_confirm(*, upload: ImportUpload, actor: Actor, base_sha256: str) -> ImportResult:
    """Import the previewed file in one transaction.

    `base_sha256` is the stored version the preview compared with ("" for a new plan):
    when the plan changed since, nothing is written and the user is asked to look again.
    """
    require(actor, Action.PLAN_IMPORT)
    if upload.confirmed_at is not None:
        raise ImportRefused(_("Tệp này đã được nhập."))
    plan_file = upload_read(upload=upload)
    with transaction.atomic():
        revision = plan_revision(draft=plan_file.draft)
        current = revision.plan.source_sha256 if revision else ""
        if current != base_sha256:
            raise ImportRefused(
                _(
                    "Kế hoạch vừa được cập nhật từ một tệp khác sau khi bạn xem trước. "
                    "Hãy xem lại các thay đổi rồi xác nhận."
                )
            )
        # plan_import writes the audit row, naming the user's file (the draft's source).
        result = plan_import(
            draft=plan_file.draft, sha256=plan_file.sha256, actor=actor, update=True
        )
        upload.plan = result.plan
        upload.confirmed_at = timezone.now()
        upload.save(update_fields=["plan", "confirmed_at"])
        path = upload_path(upload)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return result
