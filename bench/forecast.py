"""How good and how fast the indicator forecasts are.

Run: .venv/bin/python bench/forecast.py [--series 1200] [--seed 2026]

1. Generated series whose behaviour is known (rising to target, stalling, falling, noisy,
   levelling off, with gaps; yearly and quarterly; shares in %): the last year of each is
   held out and forecast from the rest. Printed per model (each forced in turn, and the
   backtest's own choice): the mean absolute error of the forecast at the end of the
   held-out year, the share of held-out values inside the 80% intervals (it should be near
   80%), and the Brier score of `probability_met` against the true outcome, beside two
   naive baselines (the share of series that met their target, known only afterwards; and
   "met if the last value already meets it").
2. The same on the seeds' own targets: every numeric target of the bundled plans (≥, ≤,
   khoảng, %, counts), with a generated history heading towards it (or not), forecast to
   the milestone.
3. Time: forecasting every indicator of a province (300 indicators × 16 quarterly periods),
   first the fitting alone, then through the database (SQLite, a fresh temporary one): the
   first read that fits and stores every forecast, and a second that finds them stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dxtrack.forecasting import fitting
from dxtrack.forecasting.fitting import DAMPED, DRIFT, LINEAR, Goal, Point

QUARTER_ENDS = [(3, 31), (6, 30), (9, 30), (12, 31)]
KINDS = ("rising", "stalling", "falling", "noisy", "levelling")


@dataclass
class Case:
    kind: str
    frequency: str
    history: list[Point]
    truth_end: float  # the true value at the end of the held-out year
    actual: list[tuple[dt.date, float]]  # the held-out observed values
    goal: Goal
    percent: bool = True


def _ends(frequency: str, count: int, start: int) -> list[dt.date]:
    if frequency == "yearly":
        return [dt.date(start + i, 12, 31) for i in range(count)]
    return [dt.date(start + i // 4, *QUARTER_ENDS[i % 4]) for i in range(count)]


def _path(kind: str, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The true level at times t (years from the start), a share in %."""
    base = rng.uniform(10, 50)
    if kind == "rising":
        return base + rng.uniform(4, 12) * t
    if kind == "stalling":
        knee = rng.uniform(1.5, 4)
        slope = rng.uniform(5, 12)
        return base + slope * np.minimum(t, knee)
    if kind == "falling":
        return base + 40 - rng.uniform(3, 9) * t
    if kind == "levelling":
        ceiling = rng.uniform(70, 98)
        return ceiling - (ceiling - base) * np.exp(-t / rng.uniform(1.5, 4))
    # noisy: a random walk around a slow drift
    steps = rng.normal(rng.uniform(-1, 3), 4, len(t))
    return base + np.cumsum(steps) * np.sqrt(np.diff(np.r_[0, t]).clip(0.25))


def generated_cases(count: int, rng: np.random.Generator) -> list[Case]:
    cases = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        frequency = "yearly" if (n // len(KINDS)) % 2 == 0 else "quarterly"
        per_year = 1 if frequency == "yearly" else 4
        shown = 7 if frequency == "yearly" else 16  # values before the held-out year
        total = shown + per_year
        ends = _ends(frequency, total, 2016 if frequency == "yearly" else 2020)
        t = np.array([(e - ends[0]).days / 365.25 for e in ends])
        truth = np.clip(_path(kind, t, rng), 0, 100)
        noise = rng.uniform(0.5, 3.0) * (2.5 if kind == "noisy" else 1)
        observed = np.clip(truth + rng.normal(0, noise, total), 0, 100)
        keep = np.ones(shown, dtype=bool)
        if n % 3 == 0:  # gaps: some periods not reported
            keep[rng.choice(np.arange(1, shown - 1), size=max(1, shown // 5), replace=False)] = (
                False
            )
        history = [
            Point(i + 1, ends[i], float(round(observed[i], 2))) for i in range(shown) if keep[i]
        ]
        end_date = ends[-1]
        comparator = "<=" if kind == "falling" else ">="
        target = float(round(np.clip(observed[-1] + rng.normal(0, 6), 1, 99.5), 1))
        goal = Goal(str(end_date.year), end_date, comparator, target, f"{comparator} {target}%")
        actual = [(ends[i], float(observed[i])) for i in range(shown, total)]
        cases.append(Case(kind, frequency, history, float(observed[-1]), actual, goal))
    return cases


def seed_cases(rng: np.random.Generator) -> list[Case]:
    """Histories 2019–2025 heading towards (or away from) each numeric target of the
    bundled plans, the target judged at its milestone."""
    from dxtrack.ingest.services import BUNDLED_DIR, plan_file_read

    cases = []
    for path in sorted(BUNDLED_DIR.glob("*.txt")):
        draft = plan_file_read(path=path).draft
        for indicator in draft.indicators:
            for target in indicator.targets:
                years = [int(y) for y in re.findall(r"\d{4}", target.milestone)]
                year = years[-1] if years else None
                if (
                    not year
                    or year <= 2025
                    or target.value is None
                    or target.comparator not in (">=", ">", "<=", "<", "approx", "=")
                ):
                    continue
                percent = (target.unit or indicator.unit or "").strip().startswith("%")
                goal_value = float(target.value)
                comparator = target.comparator
                ends = [dt.date(y, 12, 31) for y in range(2019, year + 1)]
                t = np.array([(e - ends[0]).days / 365.25 for e in ends])
                # Where the history starts and how fast it moves: some reach the target,
                # some fall short, some overshoot.
                reach = goal_value * rng.uniform(0.6, 1.25)
                start = goal_value * rng.uniform(0.2, 0.7) if goal_value else rng.uniform(0, 5)
                if comparator in ("<=", "<"):
                    start, reach = (
                        goal_value * rng.uniform(1.5, 3) + 1,
                        goal_value * rng.uniform(0.7, 1.3),
                    )
                shape = rng.choice(["linear", "levelling"])
                frac = t / t[-1]
                if shape == "levelling":
                    frac = (1 - np.exp(-3 * frac)) / (1 - np.exp(-3))
                truth = start + (reach - start) * frac
                scale = max(abs(goal_value), 1.0) * rng.uniform(0.01, 0.05)
                observed = truth + rng.normal(0, scale, len(t))
                if percent:
                    observed = np.clip(observed, 0, 100)
                else:
                    observed = np.maximum(observed, 0)
                shown = [i for i, e in enumerate(ends) if e.year <= 2025]
                history = [Point(i + 1, ends[i], float(observed[i])) for i in shown]
                goal = Goal(target.milestone, ends[-1], comparator, goal_value, target.text)
                cases.append(
                    Case(
                        "seed",
                        "yearly",
                        history,
                        float(observed[-1]),
                        [(ends[-1], float(observed[-1]))],
                        goal,
                        percent,
                    )
                )
    return cases


def _met(comparator: str, value: float, target: float) -> bool:
    from dxtrack.consolidation.evaluation import _compare

    if comparator == "=":
        comparator = "approx"  # as probability_met reads "=" away from a share's bounds
    return _compare(comparator, value, target)


def evaluate(cases: list[Case], title: str) -> None:
    methods = [LINEAR, DRIFT, DAMPED, None]
    errors: dict[str, list[float]] = defaultdict(list)
    inside: dict[str, list[bool]] = defaultdict(list)
    briers: dict[str, list[float]] = defaultdict(list)
    chosen: dict[str, int] = defaultdict(int)
    outcomes, persistence = [], []
    for case in cases:
        met = _met(case.goal.comparator, case.truth_end, case.goal.target)
        outcomes.append(met)
        last = case.history[-1].value
        persistence.append(float(_met(case.goal.comparator, last, case.goal.target)))
        goals = [Goal(str(d), d, None, None) for d, _ in case.actual[:-1]] + [case.goal]
        for method in methods:
            n = len(case.history)
            if method == DAMPED and (
                n < fitting.DAMPED_MIN_VALUES or case.frequency != "quarterly"
            ):
                continue
            result = fitting.forecast_indicator(
                history=case.history, goals=goals, percent=case.percent, method=method
            )
            name = method or "auto"
            if method is None:
                chosen[result.method] += 1
            final = result.forecasts[-1]
            errors[name].append(abs(final.value - case.truth_end))
            for item, (_, actual) in zip(result.forecasts, case.actual, strict=True):
                inside[name].append(item.low - 1e-9 <= actual <= item.high + 1e-9)
            if final.probability_met is not None:
                briers[name].append((final.probability_met - float(met)) ** 2)
    base_rate = float(np.mean(outcomes))
    climatology = float(np.mean([(base_rate - o) ** 2 for o in outcomes]))
    persist = float(np.mean([(p - o) ** 2 for p, o in zip(persistence, outcomes, strict=True)]))
    print(f"\n{title}: {len(cases)} series, {100 * base_rate:.0f}% met their target")
    print(f"{'model':<8} {'series':>7} {'MAE':>8} {'in 80% PI':>10} {'Brier':>7}")
    for name in ["linear", "drift", "damped", "auto"]:
        if not errors[name]:
            continue
        print(
            f"{name:<8} {len(errors[name]):>7} {np.mean(errors[name]):>8.2f} "
            f"{100 * np.mean(inside[name]):>9.1f}% {np.mean(briers[name]):>7.3f}"
        )
    print(
        f"baseline: Brier {climatology:.3f} (share met, known afterwards), "
        f"{persist:.3f} (met if the last value meets it)"
    )
    skill = 1 - np.mean(briers["auto"]) / climatology if climatology else float("nan")
    print(f"Brier skill of the chosen model against the first baseline: {skill:.2f}")
    print("chosen by the backtest: " + ", ".join(f"{m} {n}" for m, n in sorted(chosen.items())))
    relative = [
        100 * e / max(abs(c.goal.target), 1.0) for c, e in zip(cases, errors["auto"], strict=True)
    ]
    print(f"MAE of the chosen model as a share of the target: {np.mean(relative):.1f}%")
    by_kind: dict[str, list[float]] = defaultdict(list)
    for case, error in zip(cases, errors["auto"], strict=True):
        by_kind[f"{case.kind}/{case.frequency}"].append(error)
    print(
        "MAE of the chosen model by behaviour: "
        + "; ".join(f"{k} {np.mean(v):.2f}" for k, v in sorted(by_kind.items()))
    )


def province_series(rng: np.random.Generator, count: int = 300) -> list[list[Point]]:
    ends = _ends("quarterly", 16, 2022)
    t = np.array([(e - ends[0]).days / 365.25 for e in ends])
    series = []
    for n in range(count):
        truth = np.clip(_path(KINDS[n % len(KINDS)], t, rng), 0, 100)
        values = np.clip(truth + rng.normal(0, 1.5, len(t)), 0, 100)
        series.append([Point(i + 1, ends[i], float(v)) for i, v in enumerate(values)])
    return series


def time_fitting(series: list[list[Point]]) -> None:
    goals = [
        Goal("2027", dt.date(2027, 12, 31), ">=", 80.0),
        Goal("2030", dt.date(2030, 12, 31), ">=", 100.0),
    ]
    for label, models in (
        ("linear, drift", (LINEAR, DRIFT)),
        ("linear, drift, damped", fitting.MODELS),
    ):
        wall, cpu = float("inf"), float("inf")
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            for history in series:
                fitting.forecast_indicator(
                    history=history, goals=goals, percent=True, models=models
                )
            wall = min(wall, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        print(
            f"fitting {len(series)} indicators × 16 periods, models {label}: {wall:.2f} s "
            f"({cpu:.2f} s of CPU)"
        )


def time_database(series: list[list[Point]]) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from dxtrack.agencies.models import Agency
    from dxtrack.forecasting.selectors import indicator_forecasts
    from dxtrack.plans.models import Indicator, Plan, Target
    from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod

    agency = Agency.objects.create(name="Sở Khoa học và Công nghệ", kind="department")
    plan = Plan.objects.create(key="bench", number="1/KH-UBND", title="Kế hoạch (dữ liệu mẫu)")
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(plan=plan, name=f"Chỉ tiêu {n} (dữ liệu mẫu)", unit="%", position=n)
            for n in range(len(series))
        ]
    )
    Target.objects.bulk_create(
        [
            Target(
                indicator=i,
                milestone=m,
                year_from=y,
                year_to=y,
                text=text,
                comparator=">=",
                value=v,
                unit="%",
            )
            for i in indicators
            for m, y, v, text in (("2027", 2027, 80.0, "≥ 80%"), ("2030", 2030, 100.0, "100%"))
        ]
    )
    reports = []
    for point in series[0]:
        period = ReportingPeriod.objects.create(
            name=f"Quý kết thúc {point.end:%d/%m/%Y} (dữ liệu mẫu)",
            kind="quarterly",
            starts_on=point.end.replace(day=1),
            ends_on=point.end,
            due_on=point.end,
            status="closed",
        )
        reports.append(AgencyReport.objects.create(period=period, agency=agency, status="approved"))
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                report=reports[k],
                indicator=indicator,
                role="lead",
                value_number=point.value,
                value_text=str(point.value),
            )
            for indicator, history in zip(indicators, series, strict=True)
            for k, point in enumerate(history)
        ]
    )
    ids = [i.pk for i in indicators]
    start, start_cpu = time.perf_counter(), time.process_time()
    found = indicator_forecasts(indicator_ids=ids)
    cold, cold_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    start, start_cpu = time.perf_counter(), time.process_time()
    indicator_forecasts(indicator_ids=ids)
    warm, warm_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    methods: dict[str, int] = defaultdict(int)
    for forecast in found.values():
        methods[forecast.method] += 1
    print(
        f"through the database (SQLite): first read, fitting and storing {len(ids)} forecasts "
        f"{cold:.2f} s ({cold_cpu:.2f} s of CPU); second read, all stored {warm:.3f} s "
        f"({warm_cpu:.3f} s of CPU) "
        f"({', '.join(f'{m} {n}' for m, n in sorted(methods.items()))})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    # A fresh SQLite database of its own, never ./data.
    os.environ["DXTRACK_DATA_DIR"] = tempfile.mkdtemp(prefix="dxtrack-bench-forecast-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    rng = np.random.default_rng(args.seed)
    evaluate(generated_cases(args.series, rng), "Generated series (last year held out)")
    django.setup()
    evaluate(seed_cases(rng), "The seeds' own targets (history to 2025, forecast to the milestone)")
    print(f"\nTime (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while running)")
    series = province_series(rng)
    time_fitting(series)
    time_database(series)


if __name__ == "__main__":
    main()
