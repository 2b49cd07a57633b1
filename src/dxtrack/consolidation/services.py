"""Linking the same indicator across plans: proposals by name, confirmation by the coordinator.

The national indicators come back in plan after plan with small changes of wording ("Tỷ lệ
dân số trưởng thành có chữ ký số…" in the 2022–2025 form, "Tỷ lệ dân số trưởng thành trên
địa bàn tỉnh có chữ ký số…" in the 2026–2030 plan, once per phase). A proposal never shares a
value by itself: only a member the coordinator confirmed does (see indicator_rollup.py).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.consolidation.evaluation import DEFAULT_SCORE_WEIGHTS, ScoreWeights
from dxtrack.consolidation.freshness import catalogue_changed
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember, ScoreSettings
from dxtrack.plans.models import Indicator
from dxtrack.vn_text import fold

# Ratio of difflib.SequenceMatcher over the normalised names. 0.9 joins rewordings such as
# "hoặc chữ ký điện tử" / "hoặc chữ ký điện tử cá nhân" and keeps apart indicators that
# differ in what they count ("dịch vụ công trực tuyến toàn trình" / "một phần").
SIMILARITY_THRESHOLD = 0.9

# Words that locate an indicator in the province without changing what it measures.
_PLACE_WORDS = re.compile(
    r"\b(?:tren dia ban(?: toan)? tinh|tren dia ban|cua tinh|toan tinh|tai tinh|"
    r"tinh quang ngai|quang ngai)\b"
)
_NON_WORD = re.compile(r"[^0-9a-z%]+")
# Words that name which level of government is counted: "cán bộ cấp tỉnh" and "cán bộ cấp
# xã" are two indicators however alike the rest of the sentence.
_SCOPE_WORDS = frozenset({"tinh", "xa", "huyen", "phuong"})


def indicator_name_key(name: str) -> str:
    """The name as compared: folded, without place words, punctuation or a trailing note."""
    folded = fold(name)
    folded = re.sub(r"\([^)]*\)", " ", folded)  # "(trừ hồ sơ … bí mật nhà nước)"
    folded = _PLACE_WORDS.sub(" ", folded)
    return _NON_WORD.sub(" ", folded).strip()


def name_similarity(a: str, b: str) -> float:
    """How alike two indicator names are, 0–1, ignoring case, diacritics and place words."""
    return _key_similarity(indicator_name_key(a), indicator_name_key(b), threshold=0.0)


def _key_similarity(a: str, b: str, *, threshold: float) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if (set(a.split()) ^ set(b.split())) & _SCOPE_WORDS:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # The quick upper bounds skip most pairs without the full comparison.
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    return matcher.ratio()


@dataclass
class Proposal:
    family: IndicatorFamily
    added: list[Indicator]


@transaction.atomic
def indicator_families_propose(
    *, actor: Actor, threshold: float = SIMILARITY_THRESHOLD
) -> list[Proposal]:
    """Propose families of indicators with alike names, at least two plans' rows or two
    rows of one plan (one per phase). Indicators already in a family stay where they are;
    a new alike indicator joins that family, unconfirmed. Nothing is deleted."""
    require(actor, Action.PLAN_IMPORT)
    indicators = list(Indicator.objects.select_related("plan").order_by("plan_id", "pk"))
    keys = {i.pk: indicator_name_key(i.name) for i in indicators}
    family_of = dict(IndicatorFamilyMember.objects.values_list("indicator_id", "family_id"))

    # Union-find over the alike pairs; a few hundred indicators make this instant.
    parent = {i.pk: i.pk for i in indicators}

    def find(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    best: dict[int, float] = {}
    for n, first in enumerate(indicators):
        for second in indicators[n + 1 :]:
            ratio = _key_similarity(keys[first.pk], keys[second.pk], threshold=threshold)
            if ratio < threshold:
                continue
            parent[find(first.pk)] = find(second.pk)
            for pk in (first.pk, second.pk):
                best[pk] = max(best.get(pk, 0.0), ratio)

    clusters: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.pk in best:
            clusters.setdefault(find(indicator.pk), []).append(indicator)

    proposals = []
    for members in clusters.values():
        families = {family_of[m.pk] for m in members if m.pk in family_of}
        new = [m for m in members if m.pk not in family_of]
        if not new:
            continue
        if families:
            # Joining an existing family (the lowest id when the cluster touches several:
            # merging families is the coordinator's decision, in the admin).
            family = IndicatorFamily.objects.get(pk=min(families))
        else:
            family = IndicatorFamily.objects.create(name=_family_name(members))
        IndicatorFamilyMember.objects.bulk_create(
            IndicatorFamilyMember(
                family=family, indicator=m, similarity=round(best[m.pk], 3), confirmed=False
            )
            for m in new
        )
        proposals.append(Proposal(family=family, added=new))
        audit_record(
            actor=actor,
            action="indicator_family.propose",
            target=family,
            details={"indicators": [m.pk for m in new]},
        )
    return proposals


def _family_name(members: list[Indicator]) -> str:
    # The newest plan's wording is the one users read today.
    newest = max(members, key=lambda m: (m.plan.issued_on is not None, m.plan.issued_on, m.pk))
    return newest.name


def _member_audit(*, actor: Actor, action: str, member: IndicatorFamilyMember) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=member,
        details={"family": member.family_id, "indicator": member.indicator_id},
    )


@transaction.atomic
def indicator_family_confirm(*, actor: Actor, members: list[IndicatorFamilyMember]) -> int:
    """Confirm proposed members: from now on their family's value serves them."""
    require(actor, Action.PLAN_IMPORT)
    pending = [m for m in members if not m.confirmed]
    now = timezone.now()
    for member in pending:
        member.confirmed, member.confirmed_by, member.confirmed_at = True, account_of(actor), now
    IndicatorFamilyMember.objects.bulk_update(
        pending, ["confirmed", "confirmed_by", "confirmed_at"]
    )
    if pending:
        catalogue_changed()  # a bulk write sends no signal
    for member in pending:
        _member_audit(actor=actor, action="indicator_family.confirm", member=member)
    return len(pending)


@transaction.atomic
def indicator_family_reject(*, actor: Actor, members: list[IndicatorFamilyMember]) -> int:
    """Take indicators out of their family (a wrong proposal, or a link that no longer
    holds); a family left with fewer than two members is removed."""
    require(actor, Action.PLAN_IMPORT)
    family_ids = {m.family_id for m in members}
    for member in members:
        _member_audit(actor=actor, action="indicator_family.reject", member=member)
    count = IndicatorFamilyMember.objects.filter(pk__in=[m.pk for m in members]).delete()[0]
    IndicatorFamily.objects.filter(pk__in=family_ids).exclude(
        pk__in=IndicatorFamilyMember.objects.values("family_id")
        .order_by()
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values("family_id")
    ).delete()
    return count


# ----------------------------------------------------------------------- score weights


class ScoreWeightsInvalid(ValidationError):
    """Weights that do not make a score out of 100; messages by field, in Vietnamese."""


@transaction.atomic
def score_weights_update(
    *, actor: Actor, task_points: int, report_points: int, grace_days: int
) -> ScoreSettings:
    """Set the weights of the agencies' score. The old and the new values go to the audit
    trail: a ranking already sent out can be explained afterwards."""
    require(actor, Action.SCORE_WEIGHTS_EDIT)
    weights = ScoreWeights(
        task_points=task_points, report_points=report_points, grace_days=grace_days
    )
    errors = weights.errors()
    if errors:
        raise ScoreWeightsInvalid(errors)
    row = ScoreSettings.objects.select_for_update().filter(key="default").first()
    old = row.weights if row is not None else DEFAULT_SCORE_WEIGHTS
    row = row or ScoreSettings(key="default")
    row.task_points, row.report_points, row.grace_days = (
        weights.task_points,
        weights.report_points,
        weights.grace_days,
    )
    row.updated_by = account_of(actor)
    row.save()
    audit_record(
        actor=actor,
        action="score_weights.update",
        target=row,
        details={"old": dataclasses.asdict(old), "new": dataclasses.asdict(weights)},
    )
    return row
