"""`gpsi fetch` against a local HTTP server on loopback: nothing touches the network."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import gpsi
from fixtures import HOMICIDE_HEADER, HOMICIDE_ROWS


@pytest.fixture
def mirror(tmp_path):
    """Serve a folder laid out like the publishers' URL paths on 127.0.0.1."""
    root = tmp_path / "mirror"
    (root / "grapher").mkdir(parents=True)
    (root / "grapher" / "homicide-rate-unodc.csv").write_text(HOMICIDE_HEADER + HOMICIDE_ROWS)
    wdi = io.BytesIO()
    with zipfile.ZipFile(wdi, "w") as archive:
        archive.writestr("Metadata_Indicator_API_VC.IHR.PSRC.P5.csv", "meta")
        archive.writestr("API_VC.IHR.PSRC.P5_DS2_en_csv_v2_9999.csv", "wdi-payload")
    (root / "v2" / "en" / "indicator").mkdir(parents=True)
    (root / "v2" / "en" / "indicator" / "VC.IHR.PSRC.P5").write_bytes(wdi.getvalue())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def test_fetch_writes_file_and_checksum(tmp_path, mirror):
    base, root = mirror
    raw = tmp_path / "raw"
    proc = gpsi("fetch", "--raw-dir", str(raw), "--source", "owid_homicide", "--mirror", base)
    fetched = raw / "owid_homicide" / "homicide-rate-unodc.csv"
    expected = (root / "grapher" / "homicide-rate-unodc.csv").read_bytes()
    assert fetched.read_bytes() == expected
    digest = hashlib.sha256(expected).hexdigest()
    ledger = (raw / "FETCHED.sha256").read_text()
    assert f"{digest}  owid_homicide/homicide-rate-unodc.csv  {base}/grapher/" in ledger
    assert "owid_homicide" in proc.stderr


def test_fetch_unpacks_world_bank_zip(tmp_path, mirror):
    base, _root = mirror
    raw = tmp_path / "raw"
    # Only the homicide URL is served: the population download fails after it.
    proc = gpsi("fetch", "--raw-dir", str(raw), "--source", "wb_wdi", "--mirror", base, check=False)
    member = raw / "wb_wdi" / "API_VC.IHR.PSRC.P5_DS2_en_csv_v2_9999.csv"
    assert member.read_bytes() == b"wdi-payload"
    assert proc.returncode == 2
    assert "[wb_wdi]" in proc.stderr and "download failed" in proc.stderr
    assert not list(Path(raw).rglob("*.part"))  # no half-written file is left


def test_manual_sources_are_named(tmp_path, mirror):
    base, _root = mirror
    proc = gpsi(
        "fetch",
        "--raw-dir",
        str(tmp_path),
        "--source",
        "iep_gti",
        "--source",
        "itu_gci",
        "--mirror",
        base,
    )
    assert "iep_gti" in proc.stderr and "manual" in proc.stderr and "by hand" in proc.stderr
    assert "itu_gci" in proc.stderr
