"""The report in a real browser: headless Chromium opens it, with no network, and draws it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Run

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str:
    """The browser, or a skip (a failure in CI, which must run this test: .ci/run installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI (.ci/run installs Debian's chromium package)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found


def browse(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_report_renders_in_headless_chromium(run: Run, tmp_path: Path) -> None:
    browser = chromium()
    report = tmp_path / "report.html"
    assert run("report", "--as-of", "2024-12-31", "-o", str(report)).code == 0
    dom = browse(browser, tmp_path, "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    for heading in ("<h1>", "<h2>Method</h2>", "<h2>Membership over time</h2>", "<h2>Where the participants are</h2>"):
        assert heading in dom.stdout, heading
    assert "Thailand, 9th country" in dom.stdout  # the inline chart was parsed into the page
    shot = tmp_path / "report.png"
    drawn = browse(
        browser, tmp_path, f"--screenshot={shot}", "--window-size=800,2400", "--hide-scrollbars", report.as_uri()
    )
    assert drawn.returncode == 0, drawn.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 100_000  # text, a chart and a map: far from a blank page
    pdf = tmp_path / "report.pdf"
    printed = browse(browser, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert printed.returncode == 0, printed.stderr[-2000:]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = pdf.read_bytes().count(b"/Type /Page\n") + pdf.read_bytes().count(b"/Type/Page/")
    assert pdf.stat().st_size > 50_000 and pages != 1
