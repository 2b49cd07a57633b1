"""A receiver on 127.0.0.1 as the national side would run one: it keeps each packet once
by its Idempotency-Key, and can be told to fail, to answer too late, or to answer twice."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, behaviour=None) -> None:
        # behaviour(key, seen_before_count) -> "ok" | "fail" | "slow"
        self.behaviour = behaviour or (lambda key, count: "ok")
        self.requests: list[dict] = []
        self.stored: dict[str, dict] = {}  # key -> packet, kept once
        self.lock = threading.Lock()
        self.slow_seconds = 0.5
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                key = self.headers.get("Idempotency-Key", "")
                with receiver.lock:
                    count = sum(1 for r in receiver.requests if r["key"] == key)
                    receiver.requests.append(
                        {
                            "key": key,
                            "path": self.path,
                            "authorization": self.headers.get("Authorization", ""),
                            "content_type": self.headers.get("Content-Type", ""),
                        }
                    )
                    what = receiver.behaviour(key, count)
                if what == "fail":
                    self._answer(503, {"loi": "Hệ thống đang bảo trì"})
                    return
                with receiver.lock:
                    receiver.stored.setdefault(key, json.loads(body))
                if what == "slow":
                    time.sleep(receiver.slow_seconds)
                self._answer(200, {"maGoiTin": key, "trangThai": "DA_NHAN"})

            def _answer(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/api/goi-tin"

    def received_twice(self) -> list[str]:
        return [key for key, n in Counter(r["key"] for r in self.requests).items() if n > 1]

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
