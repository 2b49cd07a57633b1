"""`dxtrack import-report --create-missing`: the plan and tasks a result table reports on
that the catalogue lacks, proposed from the table itself; `--confirm` / `--refuse` are the
coordinator's decision (`reporting.plan_proposal_services`)."""

import argparse
import sys

from dxtrack.cli.common import command_actor, err


def _reference(draft, args: argparse.Namespace):
    from dxtrack.ingest.result_plan import reference_read

    return reference_read(draft.title).merged(
        number=args.plan_number,
        title=args.plan_title,
        date=args.plan_date,
        issuer=args.plan_issuer,
    )


def _lead(draft, args: argparse.Namespace):
    from dxtrack.ingest.report_services import agency_ref

    return agency_ref(args.agency or draft.issuer or "")


def plan_lines(plan) -> list[str]:
    """What a plan draft would create, as the coordinator reads it."""
    lines = [
        f"  Văn bản: {plan.kind or '(loại chưa rõ)'} số {plan.number or '(chưa rõ)'}, "
        f"ngày {plan.date.strftime('%d/%m/%Y') if plan.date else '(chưa rõ)'}, "
        f"của {plan.issuer or '(chưa rõ)'}",
        f"  Tên: {plan.title or '(chưa rõ: cho --plan-title)'}",
        f"  {len(plan.tasks)} nhiệm vụ:",
    ]
    for task in plan.tasks:
        due = task.timeframe.text if task.timeframe else "—"
        name = task.name if len(task.name) <= 90 else task.name[:89] + "…"
        lines.append(
            f"    {task.appendix or 'Bảng'}, TT {task.number}: {name} · chủ trì: "
            f"{task.lead_text or '—'} · thời hạn: {due}"
        )
    return lines


def proposal_print(draft, args: argparse.Namespace) -> None:
    """Print the plan the rows without a catalogue task would make (standard error when
    standard output holds JSON)."""
    from dxtrack.ingest.result_plan import result_plan_draft, rows_unmatched

    rows = rows_unmatched(draft)
    out = sys.stderr if args.json else sys.stdout
    if not rows:
        print("Mọi dòng đều có nhiệm vụ trong danh mục: không cần tạo kế hoạch.", file=out)
        return
    plan = result_plan_draft(
        draft=draft, rows=rows, reference=_reference(draft, args), lead=_lead(draft, args)
    )
    verb = "Sẽ đề nghị tạo" if args.dry_run else "Đề nghị tạo"
    print(f"{verb} kế hoạch từ {len(rows)} dòng không có trong danh mục:", file=out)
    for line in plan_lines(plan):
        print(line, file=out)


def rows_record_and_propose(draft, *, report, actor, args: argparse.Namespace):
    from dxtrack.ingest.result_plan import rows_unmatched
    from dxtrack.reporting.plan_proposal_services import result_rows_record_and_propose

    result = result_rows_record_and_propose(
        draft=draft,
        report=report,
        actor=actor,
        propose=rows_unmatched(draft),
        reference=_reference(draft, args),
        accept_unsure=args.accept_unsure,
    )
    if result.proposal is not None:
        print(
            f"Đã gửi đề nghị tạo kế hoạch (mã {result.proposal.pk}, "
            f"{len(result.proposal.rows)} nhiệm vụ) để cơ quan thường trực xác nhận: "
            f"dxtrack import-report --confirm {result.proposal.pk} --user TÀI_KHOẢN"
        )
    return result.recorded


def cmd_proposal_decide(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from dxtrack.ingest.result_plan import PlanReference
    from dxtrack.reporting.errors import ReportingError, ReportInvalid
    from dxtrack.reporting.models import PlanProposal
    from dxtrack.reporting.plan_proposal_services import (
        plan_proposal_confirm,
        plan_proposal_refuse,
        proposal_plan_draft,
    )

    if not args.user:
        err("Lỗi: cần --user (tài khoản của cơ quan thường trực).")
        return 2
    actor = command_actor(args.user)
    if actor is None:
        return 2
    pk = args.confirm or args.refuse
    proposal = PlanProposal.objects.select_related("report__agency").filter(pk=pk).first()
    if proposal is None:
        err(f"Lỗi: không có đề nghị tạo kế hoạch mã {pk}.")
        return 2
    given = PlanReference(
        number=args.plan_number,
        title=args.plan_title,
        date=args.plan_date,
        issuer=args.plan_issuer,
    )
    try:
        if args.refuse:
            plan_proposal_refuse(proposal=proposal, actor=actor, comment=args.comment)
            print(f"Đã từ chối đề nghị {pk}: không tạo kế hoạch “{proposal}”.")
            return 0
        result = plan_proposal_confirm(
            proposal=proposal, actor=actor, reference=given, comment=args.comment
        )
    except PermissionDenied:
        err(f"Lỗi: tài khoản “{args.user}” không được tạo kế hoạch.")
        return 2
    except ReportInvalid as error:
        err(f"Lỗi: {error}")
        for field_error in error.errors:
            err(f"  - {field_error.where}: {field_error.message}")
        return 2
    except ReportingError as error:
        err(f"Lỗi: {error}")
        return 2
    print(f"Đã tạo kế hoạch “{result.plan}” (mã {result.plan.pk}):")
    for line in plan_lines(proposal_plan_draft(proposal=result.proposal)):
        print(line)
    print(
        f"Đã ghi {len(result.recorded.recorded)} dòng vào báo cáo của "
        f"“{result.proposal.report.agency}”."
    )
    for row, reason in result.recorded.skipped:
        print(f"  Bỏ qua {row.where}: {reason}.")
    return 0
