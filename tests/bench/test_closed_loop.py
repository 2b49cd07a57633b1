"""The benchmarks' event loop read against a socket server that answers in pieces: a body by
Content-Length or by chunks, an answer cut short, a gate that waits for every script."""

import socket
import sys
import threading
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from closed_loop import GATE, Call, json_call, request_encode, run  # noqa: E402


@pytest.fixture
def answering():
    """A server on 127.0.0.1 that reads each request and writes the next of `answers` in
    pieces, a little apart; the requests as they came."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    requests: list[bytes] = []
    pieces: list[list[bytes]] = []

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += connection.recv(65536)
                head, _, body = data.partition(b"\r\n\r\n")
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        while len(body) < int(line.split(b":")[1]):
                            body += connection.recv(65536)
                requests.append(head + b"\r\n\r\n" + body)
                for piece in pieces.pop(0):
                    connection.sendall(piece)
                    time.sleep(0.01)

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], pieces, requests
    listener.close()


def test_bodies_by_length_or_chunks_and_an_answer_cut_short(answering):
    port, pieces, requests = answering
    pieces += [
        [b"HTTP/1.1 200 OK\r\nContent-Le", b'ngth: 13\r\n\r\n{"a": ', b"[1, 2]}"],
        [b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab", b"cd\r\n0\r\n\r\n"],
        [b"HTTP/1.1 200 OK\r\nContent-Length: 2"],  # closed before the head ended
        [b'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n{"a"'],  # not JSON
        [b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}"],  # cut short
        [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"],  # no end
    ]
    answers = []

    def script():
        answers.append((yield json_call("a", "POST", "/x", port=port, body={"é": 1}, decode=True)))
        answers.append((yield Call("b", request_encode("GET", "/y", port=port, token="t"))))
        answers.append((yield Call("c", request_encode("GET", "/z", port=port))))
        answers.append((yield Call("d", request_encode("GET", "/w", port=port), decode=True)))
        for kind in "ef":
            answers.append((yield Call(kind, request_encode("GET", "/", port=port))))

    outcome = run([script()], port=port, timeout=5)

    assert answers == [{"a": [1, 2]}, b"abcd", None, None, None, None]
    assert [(s.kind, s.status) for s in outcome.samples[0]] == [
        ("a", 200),
        ("b", 201),
        ("c", 0),
        ("d", 0),
        ("e", 0),
        ("f", 0),
    ]
    assert "closed before answering" in outcome.samples[0][2].detail
    assert "JSONDecodeError" in outcome.samples[0][3].detail
    assert ["cut short" in s.detail for s in outcome.samples[0][4:]] == [True, True]
    # Each answer took its pieces' time: the latency ends at the last byte.
    assert outcome.samples[0][0].seconds >= 0.02
    first, second = requests[0], requests[1]
    assert first.startswith(b"POST /x HTTP/1.1\r\n")
    assert b"Connection: close\r\n" in first
    assert first.endswith(b"\r\n\r\n" + '{"é":1}'.encode())
    assert b"Content-Length: 8\r\n" in first
    assert b"Authorization: Bearer t\r\n" in second


def test_the_gate_opens_once_every_running_script_has_reached_it(answering):
    port, pieces, _requests = answering
    ok = [b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"]
    pieces += [ok] * 3
    seen = []

    def script(name, calls):
        for _ in range(calls):
            yield Call(name, request_encode("GET", f"/{name}", port=port))
        seen.append((name, "at the gate"))
        yield GATE
        seen.append((name, "through"))

    outcome = run([script("a", 0), script("b", 2), script("c", 1)], port=port, timeout=5)

    assert seen[:3] == [("a", "at the gate"), ("c", "at the gate"), ("b", "at the gate")]
    assert sorted(seen[3:]) == [("a", "through"), ("b", "through"), ("c", "through")]
    assert len(outcome.gates) == 1
    assert outcome.started[0] <= outcome.gates[0][0] <= outcome.ended[0]
