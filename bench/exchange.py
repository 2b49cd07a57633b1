"""The upward exchange's figures: exporting a province's year as QCVN 125 packets, pushing
1,000 packets to a receiver that refuses 20% of requests, signing a 50-page PDF.

Run: .venv/bin/python bench/exchange.py [--packets 1000] [--failure 0.2]
Builds the province as bench/consolidate.py does (the directory, the four bundled plans, the
96 communes: about 130 agencies) with a yearly period whose reports are all filled and
approved, in a fresh SQLite database. Then prints:

- the time to build, check against the schemas and write every packet of the year
  (`dxtrack exchange export`), best of three;
- a push of N packets to a receiver on 127.0.0.1 that answers 503 to a random 20% of the
  requests: packets per second, lost (never stored by the receiver), duplicated (stored
  twice, or acknowledged again after a success);
- the time to place and sign (PAdES, PKCS#12 key of a test CA made at run time) a 50-page
  PDF printed by LibreOffice, best of three.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))


class Receiver:
    """Keeps each packet once by its Idempotency-Key; refuses a share of the requests."""

    def __init__(self, failure: float) -> None:
        self.chance = random.Random(20)  # noqa: S311 - which requests fail, not security
        self.failure = failure
        self.stored: Counter = Counter()
        self.acknowledged: Counter = Counter()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                key = self.headers["Idempotency-Key"]
                with receiver.lock:
                    refuse = receiver.chance.random() < receiver.failure
                    if not refuse:
                        json.loads(body)
                        if key not in receiver.stored:
                            receiver.stored[key] += 1
                        receiver.acknowledged[key] += 1
                self.send_response(503 if refuse else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/goi-tin"


def _best(function, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _province():
    import consolidate
    from django.utils import timezone

    from dxtrack.reporting.models import AgencyReport

    (period,) = consolidate._province(0)
    consolidate._fill([period])
    AgencyReport.objects.filter(period=period).update(
        status=AgencyReport.Status.APPROVED, reviewed_at=timezone.now()
    )
    return period


def _push(period, count: int, failure: float) -> None:
    from dxtrack.exchange.models import OutboxPacket
    from dxtrack.exchange.push import PushSettings, exchange_outbox_fill, exchange_push

    exchange_outbox_fill(period=period)
    queued = list(OutboxPacket.objects.order_by("pk"))
    # Up to `count` packets: the year's own, then copies of them under keys of their own.
    extra = [
        OutboxPacket(period=period, kind=p.kind, key=f"{p.key}-ban-sao-{n}", body=p.body)
        for n in range(1, count // max(len(queued), 1) + 2)
        for p in queued
    ][: max(count - len(queued), 0)]
    OutboxPacket.objects.bulk_create(extra, batch_size=500)
    OutboxPacket.objects.filter(pk__in=[p.pk for p in queued][count:]).delete()
    total = OutboxPacket.objects.count()
    receiver = Receiver(failure)
    settings = PushSettings(url=receiver.url, timeout=5.0, base_delay=0.01, max_delay=0.5)
    start = time.perf_counter()
    run = exchange_push(settings=settings, period=period, wait_seconds=120)
    took = time.perf_counter() - start
    keys = set(OutboxPacket.objects.values_list("key", flat=True))
    lost = len(keys - set(receiver.stored))
    stored_twice = sum(1 for n in receiver.stored.values() if n > 1)
    acked_again = sum(1 for n in receiver.acknowledged.values() if n > 1)
    print(
        f"Gửi {total} gói tin, bên nhận từ chối {failure:.0%} yêu cầu: {took:.2f} s, "
        f"{total / took:.0f} gói tin/s; {run.failures} lần gửi lỗi được gửi lại; "
        f"mất {lost}; trùng {stored_twice} (bên nhận lưu hai lần), "
        f"{acked_again} (gửi lại sau khi đã nhận); còn chờ {run.pending}."
    )


def _sign() -> None:
    from docx import Document

    from dxtrack.documents.libreoffice import docx_bookmark_add, pdf_from_docx
    from dxtrack.exchange.placement import signature_placement
    from dxtrack.exchange.signing import KeySource, pdf_sign, signer_open
    from exchange import pki

    document = Document()
    for number in range(50 * 26):
        document.add_paragraph(f"Dòng {number + 1}: kết quả thực hiện nhiệm vụ chuyển đổi số.")
    for line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "", "", pki.SIGNER):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    pdf = pdf_from_docx(
        data=docx_bookmark_add(data=buffer.getvalue(), text=pki.SIGNER, name="ChuKySo")
    )
    folder = Path(tempfile.mkdtemp(prefix="dxtrack-bench-sign-"))
    (folder / "document.pdf").write_bytes(pdf)
    pages = os.popen(f"pdfinfo {folder / 'document.pdf'} | grep Pages").read().split()[-1]  # noqa: S605
    ca = pki.root_ca()
    key = pki.issue(ca).p12(folder / "ky-so.p12", ca=ca)

    def sign_once():
        import datetime as dt

        now = dt.datetime.now(dt.UTC)
        placement = signature_placement(pdf=pdf, signer_name=pki.SIGNER, position="PHÓ GIÁM ĐỐC")
        with signer_open(source=KeySource.parse(str(key)), password=pki.PASSWORD, now=now) as (
            signer,
            about,
        ):
            pdf_sign(pdf=pdf, signer=signer, about=about, placement=placement, now=now)

    sign_once()  # the font is prepared once per machine
    best = _best(sign_once)
    print(f"Ký số một PDF {pages} trang ({len(pdf) / 1024:.0f} KB): {best:.2f} s (tốt nhất 3 lần).")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=1000)
    parser.add_argument("--failure", type=float, default=0.2)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="dxtrack-bench-")
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dxtrack.exchange.export import packets_export
    from dxtrack.reporting.models import AgencyReport

    call_command("migrate", interactive=False, verbosity=0)
    start = time.perf_counter()
    period = _province()
    reports = AgencyReport.objects.filter(period=period).count()
    print(f"Tỉnh mẫu: {reports} đơn vị có báo cáo đã duyệt ({time.perf_counter() - start:.0f} s).")

    out = Path(data_dir) / "goi-tin"
    best = _best(lambda: packets_export(period=period, folder=out))
    size = sum(path.stat().st_size for path in out.iterdir())
    print(
        f"Xuất các gói tin QCVN 125 của kỳ năm ({len(list(out.iterdir()))} tệp, "
        f"{size / 1024 / 1024:.1f} MB): {best:.2f} s (tốt nhất 3 lần)."
    )
    _push(period, args.packets, args.failure)
    _sign()
    return 0


if __name__ == "__main__":
    sys.exit(main())
