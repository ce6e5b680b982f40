"""`gpsi fetch` against a local HTTP server on loopback: nothing touches the network.

The server plays the publishers and the unlucky cases: an HTML error page, a body cut
short (with and without Content-Length), a zip with a `../` member, a zip bomb, a
server sending one byte a second, and a new World Bank version suffix."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import gpsi
from fixtures import HOMICIDE_HEADER, HOMICIDE_ROWS, write_homicide

WDI_URL = "/v2/en/indicator/VC.IHR.PSRC.P5"
POP_URL = "/v2/en/indicator/SP.POP.TOTL"
HOMICIDE_URL = "/grapher/homicide-rate-unodc.csv"


def wdi_csv(indicator: str, countries: int = 30) -> bytes:
    """A World Bank bulk CSV (BOM, four preamble lines, wide years, trailing comma)."""
    years = [str(y) for y in range(1960, 2023)]
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        '"Last Updated Date","2024-02-21",',
        "",
        ",".join(f'"{h}"' for h in ["Country Name", "Country Code", "Indicator Name",
                                    "Indicator Code", *years]) + ",",
    ]  # fmt: skip
    for i in range(countries):
        code = "A" + chr(65 + i // 26) + chr(65 + i % 26)
        values = ",".join(f'"{1.5 + i + j / 100:.2f}"' for j in range(len(years)))
        lines.append(f'"Land {i}","{code}","Some indicator","{indicator}",{values},')
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def wdi_zip(indicator: str, version: str, countries: int = 30, extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"Metadata_Indicator_API_{indicator}_DS2_en_csv_v2_{version}.csv", "m")
        archive.writestr(
            f"API_{indicator}_DS2_en_csv_v2_{version}.csv", wdi_csv(indicator, countries)
        )
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


class Server:
    """Routes: path -> (body, mode); mode 'ok', 'no-length' (close-delimited body),
    'short' (declares more than it sends), 'slow' (one byte a second), 'html' (200 with
    an HTML error page), or an HTTP status code."""

    def __init__(self):
        self.routes: dict[str, tuple[bytes, str | int]] = {}
        routes = self.routes

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):
                body, mode = routes.get(self.path.split("?")[0], (b"", 404))
                if isinstance(mode, int):
                    self.send_response(mode)
                    self.end_headers()
                    return
                self.send_response(200)
                if mode == "short":
                    self.send_header("Content-Length", str(len(body) + 1000))
                elif mode == "html":
                    self.send_header("Content-Type", "text/html")
                elif mode != "no-length":
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "slow":
                    for byte in body[:30]:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(1)
                    return
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def server():
    s = Server()
    s.routes[HOMICIDE_URL] = ((HOMICIDE_HEADER + HOMICIDE_ROWS).encode(), "ok")
    s.routes[WDI_URL] = (wdi_zip("VC.IHR.PSRC.P5", "9999"), "ok")
    s.routes[POP_URL] = (wdi_zip("SP.POP.TOTL", "9999"), "ok")
    yield s
    s.server.shutdown()


def fetch(raw: Path, source: str, base: str, *extra: str):
    return gpsi(
        "fetch", "--raw-dir", str(raw), "--source", source, "--mirror", base, *extra, check=False
    )


def snapshot(raw: Path) -> dict[str, bytes]:
    return {p.relative_to(raw).as_posix(): p.read_bytes() for p in raw.rglob("*") if p.is_file()}


def test_fetch_writes_file_and_checksum(tmp_path, server):
    raw = tmp_path / "raw"
    proc = fetch(raw, "owid_homicide", server.base)
    assert proc.returncode == 0, proc.stderr
    fetched = raw / "owid_homicide" / "homicide-rate-unodc.csv"
    expected = server.routes[HOMICIDE_URL][0]
    assert fetched.read_bytes() == expected
    digest = hashlib.sha256(expected).hexdigest()
    ledger = (raw / "FETCHED.sha256").read_text()
    assert f"{digest}  owid_homicide/homicide-rate-unodc.csv  {server.base}/grapher/" in ledger
    assert f"{HOMICIDE_ROWS.count(chr(10))} rows checked" in proc.stderr


def test_a_new_version_suffix_replaces_the_old_file_in_one_swap(tmp_path, server):
    raw = tmp_path / "raw"
    folder = raw / "wb_wdi"
    folder.mkdir(parents=True)
    for indicator in ("VC.IHR.PSRC.P5", "SP.POP.TOTL"):
        (folder / f"API_{indicator}_DS2_en_csv_v2_1000.csv").write_bytes(wdi_csv(indicator))
    proc = fetch(raw, "wb_wdi", server.base)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in folder.glob("API_*.csv")) == [
        "API_SP.POP.TOTL_DS2_en_csv_v2_9999.csv",
        "API_VC.IHR.PSRC.P5_DS2_en_csv_v2_9999.csv",
    ]
    assert (folder / ".previous" / "API_SP.POP.TOTL_DS2_en_csv_v2_1000.csv").exists()
    assert "kept in .previous/" in proc.stderr
    # The loader accepts the result: exactly one file per pattern.
    warehouse = str(tmp_path / "warehouse")
    gpsi("--warehouse-dir", warehouse, "load", "--raw-dir", str(raw), "--source", "wb_wdi")


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("html", "fails the loader's checks"),
        ("short", "body cut short"),
        (503, "HTTP 503"),
    ],
)
def test_a_bad_download_keeps_the_previous_file(tmp_path, server, mode, expected):
    raw = tmp_path / "raw"
    write_homicide(raw)
    body = b"<html><body>Service unavailable</body></html>" if mode == "html" else b"Entity,"
    server.routes[HOMICIDE_URL] = (body, mode)
    before = snapshot(raw)
    proc = fetch(raw, "owid_homicide", server.base)
    assert proc.returncode == 2
    assert "[owid_homicide]" in proc.stderr and expected in proc.stderr
    assert "the previous file is kept" in proc.stderr
    assert snapshot(raw) == before


def test_a_body_truncated_without_content_length_is_caught_by_the_row_count(tmp_path, server):
    raw = tmp_path / "raw"
    folder = raw / "wb_wdi"
    folder.mkdir(parents=True)
    name = "API_VC.IHR.PSRC.P5_DS2_en_csv_v2_1000.csv"
    (folder / name).write_bytes(wdi_csv("VC.IHR.PSRC.P5", countries=30))
    # Cut at a record boundary: every remaining row is valid, only fewer.
    server.routes[WDI_URL] = (wdi_zip("VC.IHR.PSRC.P5", "9999", countries=12), "no-length")
    before = snapshot(raw)
    proc = fetch(raw, "wb_wdi", server.base)
    assert proc.returncode == 2
    assert "12 rows, the file it replaces 30" in proc.stderr
    assert snapshot(raw) == before


@pytest.mark.parametrize("member", ["../escape.csv", "/etc/escape.csv", "sub/../../x.csv"])
def test_a_zip_member_outside_the_folder_is_refused(tmp_path, server, member):
    raw = tmp_path / "raw"
    server.routes[WDI_URL] = (wdi_zip("VC.IHR.PSRC.P5", "9999", extra=[(member, b"x")]), "ok")
    proc = fetch(raw, "wb_wdi", server.base)
    assert proc.returncode == 2 and "unsafe member path" in proc.stderr
    assert not (tmp_path / "escape.csv").exists() and not (raw / "x.csv").exists()
    assert not list((raw / "wb_wdi").rglob("*.csv"))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, server):
    raw = tmp_path / "raw"
    buffer = io.BytesIO()
    member = "API_VC.IHR.PSRC.P5_DS2_en_csv_v2_1.csv"
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(member, "w", force_zip64=True) as fh,
    ):
        chunk = b"0" * (1 << 20)
        for _ in range(300):  # 300 MiB of zeros, a few hundred KiB compressed
            fh.write(chunk)
    server.routes[WDI_URL] = (buffer.getvalue(), "ok")
    proc = fetch(raw, "wb_wdi", server.base)
    assert proc.returncode == 2 and "unpacks to" in proc.stderr
    assert not [p for p in raw.rglob("*") if p.is_file() and p.name != "FETCHED.sha256"]


def test_a_slow_server_is_cut_off_at_the_total_deadline(tmp_path, server):
    raw = tmp_path / "raw"
    server.routes[HOMICIDE_URL] = ((HOMICIDE_HEADER + HOMICIDE_ROWS).encode(), "slow")
    started = time.monotonic()
    proc = fetch(raw, "owid_homicide", server.base, "--timeout", "3")
    elapsed = time.monotonic() - started
    assert proc.returncode == 2 and "deadline" in proc.stderr
    assert elapsed < 15  # generous: the deadline is 3 s, each byte arrives within 1 s
    assert not (raw / "owid_homicide" / "homicide-rate-unodc.csv").exists()


def test_manual_sources_are_named(tmp_path, server):
    proc = fetch(tmp_path, "iep_gti", server.base)
    assert proc.returncode == 0
    assert "iep_gti" in proc.stderr and "manual" in proc.stderr and "by hand" in proc.stderr
