"""Many HTTP clients in one thread: each client a script that sends its next call as soon as
the last one is answered (a closed loop), all of them driven by one `selectors` loop.

A script is a generator. It yields a `Call` (a request encoded in full beforehand) and is
sent back the answer: the body decoded from JSON if the call asked for it, else the raw body,
or None if the call failed (no answer, a timeout, a status other than 2xx). It yields `GATE`
to wait until every script still running has reached the gate too (a barrier), and is sent
None when they have. A call yielded after the load's deadline is not sent: the script is
closed there.

Each call opens its own connection to 127.0.0.1 and sends `Connection: close`, as gunicorn's
sync worker answers (docs/decisions/0224). Its latency runs from just before the connection
is opened to the moment the loop sees the answer's last byte (the poll that reported it):
the loop's own work on other answers in the same round is not counted in. Answers are parsed
no further than the status line, Content-Length (or chunks) and the body. Every call has a
timeout, after which it counts as an error with status 0.
"""

from __future__ import annotations

import errno
import heapq
import itertools
import os
import selectors
import socket
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from serving import HOST


@dataclass(frozen=True, slots=True)
class Call:
    kind: str
    request: bytes
    decode: bool = False  # answer with the body's JSON rather than its bytes


@dataclass(slots=True)
class Sample:
    kind: str
    seconds: float
    status: int  # 0: no usable answer (refused, reset, timed out, not JSON)
    detail: str = ""


class _Gate:
    def __repr__(self) -> str:
        return "GATE"


GATE: Any = _Gate()
Script = Generator[Any, Any, None]


def request_encode(
    method: str,
    path: str,
    *,
    port: int,
    body: bytes | None = None,
    token: str | None = None,
) -> bytes:
    """The whole HTTP/1.1 request, with the headers http.client would have sent."""
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Accept-Encoding: identity",
        "Accept: application/json",
        "Connection: close",
    ]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body is not None:
        lines.append("Content-Type: application/json")
    if body is not None or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body or b'')}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def json_call(
    kind: str,
    method: str,
    path: str,
    *,
    port: int,
    body: Any = None,
    token: str | None = None,
    decode: bool = False,
) -> Call:
    payload = orjson.dumps(body) if body is not None else None
    return Call(kind, request_encode(method, path, port=port, body=payload, token=token), decode)


# ----------------------------------------------------------------------- one exchange


@dataclass(slots=True, eq=False)
class _Exchange:
    client: int
    call: Call
    sock: socket.socket
    started: float
    expires: float
    sent: int = 0
    connected: bool = False
    buffer: bytearray = field(default_factory=bytearray)
    head_end: int = -1  # where the body starts, once the head has come
    status: int = 0
    length: int | None = None  # Content-Length, if given
    chunked: bool = False
    over: bool = False


def _head_parse(exchange: _Exchange) -> None:
    end = exchange.buffer.find(b"\r\n\r\n")
    if end < 0:
        return
    exchange.head_end = end + 4
    head = bytes(exchange.buffer[:end]).split(b"\r\n")
    exchange.status = int(head[0].split(b" ", 2)[1])
    for line in head[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            exchange.length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            exchange.chunked = True


def _dechunk(data: bytes) -> bytes | None:
    """The body sent in chunks; None while the last chunk has not come."""
    out, at = bytearray(), 0
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return None
        try:
            size = int(data[at:line_end].split(b";")[0], 16)
        except ValueError:
            return None
        if size == 0:
            return bytes(out)
        if len(data) < line_end + 2 + size + 2:
            return None
        out += data[line_end + 2 : line_end + 2 + size]
        at = line_end + 2 + size + 2


# ----------------------------------------------------------------------- the loop


@dataclass
class Outcome:
    samples: list[list[Sample]]  # each script's, in the order it made them
    gates: list[tuple[float, float]]  # (perf_counter, process_time) as each gate opened
    started: tuple[float, float]
    ended: tuple[float, float]


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def run(
    scripts: Iterable[Script],
    *,
    port: int,
    timeout: float,
    deadline: float | None = None,
) -> Outcome:
    """Drive `scripts` to their end against 127.0.0.1:`port`; every call's sample. `timeout`
    bounds each call (seconds), `deadline` (time.monotonic()) the moment after which no call
    is started; the loop always ends."""
    scripts = list(scripts)
    samples: list[list[Sample]] = [[] for _ in scripts]
    selector = selectors.DefaultSelector()
    expiries: list[tuple[float, int, _Exchange]] = []
    order = itertools.count()
    waiting: list[int] = []
    running = len(scripts)
    gates: list[tuple[float, float]] = []
    outcome = Outcome(samples, gates, _clock(), (0.0, 0.0))

    def advance(client: int, value: Any) -> None:
        nonlocal running
        while True:
            try:
                step = scripts[client].send(value)
            except StopIteration:
                running -= 1
                return
            if step is GATE:
                waiting.append(client)
                return
            if deadline is not None and time.monotonic() > deadline:
                scripts[client].close()
                running -= 1
                return
            failed = start(client, step)
            if failed is None:
                return
            value = None  # refused at once: the script goes on as after any failure

    def start(client: int, call: Call) -> Sample | None:
        started = time.perf_counter()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        code = sock.connect_ex((HOST, port))
        if code not in (0, errno.EINPROGRESS):
            sock.close()
            sample = Sample(
                call.kind, time.perf_counter() - started, 0, repr(OSError(code, os.strerror(code)))
            )
            samples[client].append(sample)
            return sample
        exchange = _Exchange(client, call, sock, started, started + timeout)
        selector.register(sock, selectors.EVENT_WRITE, exchange)
        heapq.heappush(expiries, (exchange.expires, next(order), exchange))
        return None

    def end(exchange: _Exchange, arrived: float, error: str | None = None) -> None:
        exchange.over = True
        selector.unregister(exchange.sock)
        exchange.sock.close()
        call, seconds = exchange.call, arrived - exchange.started
        value: Any = None
        if error is not None:
            samples[exchange.client].append(Sample(call.kind, seconds, 0, error))
        else:
            stop = None if exchange.length is None else exchange.head_end + exchange.length
            body = bytes(memoryview(exchange.buffer)[exchange.head_end : stop])  # one copy
            whole = _dechunk(body) if exchange.chunked else body
            if whole is None or (exchange.length is not None and len(body) < exchange.length):
                error = repr(ConnectionError("answer cut short"))
                samples[exchange.client].append(Sample(call.kind, seconds, 0, error))
            elif 200 <= exchange.status < 300:
                try:
                    value = (orjson.loads(whole) if whole else {}) if call.decode else whole
                except orjson.JSONDecodeError as bad:
                    samples[exchange.client].append(Sample(call.kind, seconds, 0, repr(bad)))
                else:
                    samples[exchange.client].append(Sample(call.kind, seconds, exchange.status))
            else:
                detail = whole[:300].decode(errors="replace")
                samples[exchange.client].append(Sample(call.kind, seconds, exchange.status, detail))
        advance(exchange.client, value)

    def writable(exchange: _Exchange, arrived: float) -> None:
        if not exchange.connected:
            code = exchange.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                end(exchange, arrived, repr(OSError(code, os.strerror(code))))
                return
            exchange.connected = True
        try:
            exchange.sent += exchange.sock.send(exchange.call.request[exchange.sent :])
        except BlockingIOError:
            return
        except OSError as error:
            end(exchange, arrived, repr(error))
            return
        if exchange.sent == len(exchange.call.request):
            selector.modify(exchange.sock, selectors.EVENT_READ, exchange)

    def readable(exchange: _Exchange, arrived: float) -> None:
        try:
            data = exchange.sock.recv(262144)
        except BlockingIOError:
            return
        except OSError as error:
            end(exchange, arrived, repr(error))
            return
        if not data:  # the server closed: the answer is whatever came
            if exchange.head_end < 0:
                end(exchange, arrived, repr(ConnectionError("closed before answering")))
            else:
                end(exchange, arrived)
            return
        exchange.buffer += data
        if exchange.head_end < 0:
            _head_parse(exchange)
            if exchange.head_end < 0:
                return
        body = len(exchange.buffer) - exchange.head_end
        if exchange.length is not None and body >= exchange.length:
            end(exchange, arrived)
        elif exchange.chunked and exchange.buffer.endswith(b"0\r\n\r\n"):
            if _dechunk(bytes(exchange.buffer[exchange.head_end :])) is not None:
                end(exchange, arrived)

    for client in range(len(scripts)):
        advance(client, None)
    try:
        while True:
            while waiting and len(waiting) == running:
                gates.append(_clock())
                released, waiting[:] = list(waiting), []
                for client in released:
                    advance(client, None)
            if running == 0:
                break
            while expiries and expiries[0][2].over:
                heapq.heappop(expiries)
            wait = max(0.0, expiries[0][0] - time.perf_counter()) if expiries else None
            events = selector.select(wait) if selector.get_map() else []
            arrived = time.perf_counter()
            for key, mask in events:
                exchange = key.data
                if exchange.over:
                    continue
                if mask & selectors.EVENT_WRITE:
                    writable(exchange, arrived)
                elif mask & selectors.EVENT_READ:
                    readable(exchange, arrived)
            while expiries and expiries[0][0] <= arrived:
                _, _, exchange = heapq.heappop(expiries)
                if not exchange.over:
                    end(exchange, arrived, repr(TimeoutError("timed out")))
            if not events and not expiries and not waiting and running:
                raise RuntimeError("scripts neither call nor wait")  # cannot happen
    finally:
        for key in list(selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        selector.close()
    outcome.ended = _clock()
    return outcome
