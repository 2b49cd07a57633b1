"""OCR of scanned plans: seconds per page and memory per file.

    .venv/bin/python bench/import_ocr.py [--tasks 180] [FILE ...]

Without files, makes a scan the way the tests do (`tests/ingest/scans.py`: a plan appendix
printed by LibreOffice, rendered at 200 dpi, turned, speckled, blurred; 180 tasks make about
30 pages) and a picture of its first page, then reads each in a fresh process: prints the
pages, the seconds in all and per page (target ≤ 6 s per page on 2 cores), the peak memory of
the process and its Tesseract children together (target ≤ 512 MB per file), the rows the
plan reader found, those marked for review and, for the made-up scan, the tasks whose number,
name, agencies and time are as the Word file gives them. `ocr_figures(paths)` returns the
same figures for other benchmarks (`bench/import_formats.py`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        # A child may end between the listing and this reading: it then holds no memory.
        with contextlib.suppress(OSError), open(f"/proc/{current}/statm", encoding="ascii") as f:
            total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        stack.extend(children.get(current, []))
    return total


def _sample(pid: int, done: threading.Event, peaks: list[int]) -> None:
    while not done.is_set():
        peaks[0] = max(peaks[0], _tree_rss(pid))
        time.sleep(0.1)


def _task_fields(task) -> tuple:
    return (
        task.number,
        task.name,
        tuple(r.text for r in task.lead),
        tuple(r.text for r in task.coordinating),
        task.timeframe.text if task.timeframe else "",
    )


def _one(path: Path, expected: Path | None = None) -> dict:
    """Read one file (in this process): pages, seconds, rows found and, with the Word file
    it was printed from, the rows whose every field is as the Word file gives it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from dxtrack.agencies.directory import load_bundled
    from dxtrack.ingest.ocr import page_count
    from dxtrack.ingest.plan_reader import read_plan
    from dxtrack.ingest.readers import read_document

    started = time.perf_counter()
    document = read_document(path)
    seconds = time.perf_counter() - started
    draft = read_plan(document, load_bundled())
    doubts = sum(1 for w in draft.warnings if "chưa chắc chắn" in w.message)
    result = {
        "pages": page_count(path),
        "seconds": round(seconds, 2),
        "rows": len(draft.tasks) + len(draft.indicators) + len(draft.projects),
        "rows_marked_for_review": doubts,
    }
    if expected is not None:
        wanted = [_task_fields(t) for t in read_plan(read_document(expected), load_bundled()).tasks]
        got = {_task_fields(t) for t in draft.tasks}
        result["rows_right"] = sum(1 for row in wanted if row in got)
        result["rows_expected"] = len(wanted)
    return result


def ocr_figures(paths: list[Path], expected: dict[Path, Path] | None = None) -> dict[str, dict]:
    """Per file: pages, seconds, seconds per page, peak memory (MB, the reading process with
    its Tesseract processes), rows found; with `expected` (the Word file each scan was
    printed from), the tasks with every field as written. Each file is read in a fresh
    process."""
    figures: dict[str, dict] = {}
    for path in paths:
        source = (expected or {}).get(path)
        extra = ["--expected", str(source)] if source is not None else []
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(Path(__file__).resolve()), "--one", str(path), *extra],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        peaks = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(process.pid, done, peaks), daemon=True)
        sampler.start()
        output, _ = process.communicate()
        done.set()
        sampler.join()
        peak = peaks[0]
        if process.returncode != 0:
            figures[path.name] = {"error": f"exit {process.returncode}"}
            continue
        result = json.loads(output.strip().splitlines()[-1])
        result["seconds_per_page"] = round(result["seconds"] / max(result["pages"], 1), 2)
        result["peak_mb"] = round(peak / 1024 / 1024)
        figures[path.name] = result
    return figures


def _scans(folder: Path, tasks: int) -> tuple[list[Path], dict[Path, Path]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from ingest.scans import pdf_printed, plan_word, scan_pdf, scanned_pages

    word = plan_word(tasks=tasks)
    source = folder / "ke-hoach.docx"
    source.write_bytes(word)
    pages = scanned_pages(pdf=pdf_printed(word=word), angle=0.6)
    scan = folder / f"ban-quet-{len(pages)}-trang.pdf"
    scan.write_bytes(scan_pdf(pages=pages))
    picture = folder / "trang-1.png"
    pages[0].save(picture)
    return [scan, picture], {scan: source}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--tasks", type=int, default=180, help="tasks in the made-up scan")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--expected", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one, args.expected)))
        return
    with tempfile.TemporaryDirectory(prefix="dxtrack-bench-ocr-") as folder:
        os.environ.setdefault("DXTRACK_DATA_DIR", folder)
        paths, expected = (args.files, {}) if args.files else _scans(Path(folder), args.tasks)
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        figures = ocr_figures(paths, expected)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(
        f"{'file':<28} {'pages':>5} {'s':>7} {'s/page':>7} {'MB':>5} {'rows':>5} {'review':>6} "
        f"{'right':>9}"
    )
    for name, row in figures.items():
        if "error" in row:
            print(f"{name:<28} {row['error']}")
            continue
        print(
            f"{name:<28} {row['pages']:>5} {row['seconds']:>7} {row['seconds_per_page']:>7} "
            f"{row['peak_mb']:>5} {row['rows']:>5} {row['rows_marked_for_review']:>6} "
            + (f"{row['rows_right']:>4}/{row['rows_expected']:<4}" if "rows_right" in row else "")
        )


if __name__ == "__main__":
    main()
