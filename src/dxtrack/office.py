"""Running LibreOffice (headless) to convert one file into another format.

No Django imports; used by `ingest` (old Word, RTF and OpenDocument plans read as .docx) and
`documents` (Word printed to PDF), so it sits below both. Each conversion runs in its own
temporary folder with its own LibreOffice profile: two conversions sharing a profile wait on
each other's lock, or one of them exits at once without a file (the web server and a cron job
may convert at the same time). The whole process group is killed on timeout, because soffice
starts soffice.bin as a child.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

__all__ = ["OfficeConversionError", "office_convert", "soffice_path"]


class OfficeConversionError(Exception):
    """LibreOffice is missing, ran out of time or produced no file.

    `reason` tells which, so that callers word their own message; `detail` is the last line
    LibreOffice wrote on its standard error, if any."""

    def __init__(self, reason: Literal["missing", "timeout", "failed"], detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def soffice_path() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def office_convert(*, data: bytes, suffix: str, target: str, timeout: float) -> bytes:
    """The bytes of `data` (a file whose type `suffix` names, e.g. ".doc") converted by
    LibreOffice to `target`, a `--convert-to` argument such as "docx" or
    'pdf:writer_pdf_Export:{…}'. Raises OfficeConversionError."""
    program = soffice_path()
    if program is None:
        raise OfficeConversionError("missing")
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="dxtrack-office-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        out = work / "out"
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 - a fixed program, our own arguments
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": folder},
        )
        try:
            _stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise OfficeConversionError("timeout") from None
        result = out / f"document.{extension}"
        if process.returncode != 0 or not result.exists():
            lines = stderr.decode("utf-8", "replace").strip().splitlines()
            raise OfficeConversionError("failed", lines[-1][:200] if lines else "")
        return result.read_bytes()
