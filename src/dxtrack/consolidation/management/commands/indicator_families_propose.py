"""Propose links between alike indicators of the plans, for the coordinator to confirm."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dxtrack.accounts.access import Action, allowed
from dxtrack.consolidation.services import SIMILARITY_THRESHOLD, indicator_families_propose


class Command(BaseCommand):
    help = "Đề xuất nhóm các chỉ tiêu trùng nhau giữa các kế hoạch (xác nhận trong trang quản trị)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", required=True, help="tên đăng nhập của người đề xuất")
        parser.add_argument("--threshold", type=float, default=SIMILARITY_THRESHOLD)

    def handle(self, *args, user: str, threshold: float, **options) -> None:
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None or not allowed(actor, Action.PLAN_IMPORT):
            raise CommandError(f"Người dùng “{user}” không có quyền quản lý danh mục kế hoạch.")
        proposals = indicator_families_propose(actor=actor, threshold=threshold)
        for proposal in proposals:
            self.stdout.write(f"{proposal.family.name}")
            for indicator in proposal.added:
                plan = indicator.plan.number or indicator.plan.title[:60]
                self.stdout.write(f"    + {plan}: {indicator.name}")
        self.stdout.write(f"Đã đề xuất {len(proposals)} nhóm; xác nhận trong trang quản trị.")
