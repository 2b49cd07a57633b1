"""A test certification authority made at run time (no key is ever committed): a root, the
province's signing certificates (valid, expired, not yet valid) and a timestamp authority,
written as PKCS#12 files, and a timestamp server on 127.0.0.1 answering RFC 3161 requests."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "mat-khau-thu-nghiem"
SIGNER = "Phan Văn Hiếu"
ORGANISATION = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _name(common: str, organisation: str = ORGANISATION) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def p12(self, path: Path, *, ca: Issued, password: str = PASSWORD) -> Path:
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"ky-so",
                self.key,
                self.cert,
                [ca.cert],
                serialization.BestAvailableEncryption(password.encode()),
            )
        )
        return path

    @property
    def asn1_cert(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )


def root_ca() -> Issued:
    key = _key()
    name = _name("dxtrack Test Root CA", "dxtrack kiểm thử")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - dt.timedelta(days=3650))
        .not_valid_after(_now() + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key=key, cert=cert)


def issue(
    ca: Issued,
    *,
    common: str = SIGNER,
    organisation: str = ORGANISATION,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    timestamping: bool = False,
) -> Issued:
    key = _key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common, organisation))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or _now() - dt.timedelta(days=30))
        .not_valid_after(not_after or _now() + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not timestamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(key=key, cert=builder.sign(ca.key, hashes.SHA256()))


def expired(ca: Issued) -> Issued:
    return issue(
        ca,
        not_before=_now() - dt.timedelta(days=400),
        not_after=_now() - dt.timedelta(days=35),
    )


def not_yet_valid(ca: Issued) -> Issued:
    return issue(
        ca,
        not_before=_now() + dt.timedelta(days=10),
        not_after=_now() + dt.timedelta(days=400),
    )


class TimestampServer:
    """An RFC 3161 timestamp authority on 127.0.0.1, answering with pyHanko's test stamper."""

    def __init__(self, ca: Issued) -> None:
        from pyhanko.sign.timestamps import DummyTimeStamper

        tsa = issue(ca, common="dxtrack Test TSA", timestamping=True)
        self.stamper = DummyTimeStamper(tsa_cert=tsa.asn1_cert, tsa_key=tsa.asn1_key)
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = tsp.TimeStampReq.load(body)
                answer = asyncio.run(server.stamper.async_request_tsa_response(request))
                data = answer.dump()
                server.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"

    def __enter__(self) -> TimestampServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
