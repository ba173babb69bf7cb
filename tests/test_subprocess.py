"""The real program with real streams: pipes, closed pipes, full disks, signals, and a wheel install."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from conftest import ADD, ROOT

ILRS = [sys.executable, "-m", "ilrs_cli"]


def test_stdout_pipe_gets_headerless_tsv_and_stderr_stays_empty() -> None:
    result = subprocess.run([*ILRS, "list", "--kind", "state"], capture_output=True, check=False)
    assert result.returncode == 0
    assert result.stderr == b""
    assert result.stdout.splitlines()[0].startswith(b"china\tChina\tstate\tCN\tmember\t2021-03-09\t")


def test_csv_lines_end_with_crlf() -> None:
    result = subprocess.run([*ILRS, "list", "-f", "csv", "-n", "1"], capture_output=True, check=False)
    assert result.stdout.startswith(b"id,name,kind,") and result.stdout.endswith(b"\r\n")


def test_closed_pipe_ends_quietly() -> None:
    shell = f"{sys.executable} -m ilrs_cli list --all | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, check=False)
    assert result.stdout.startswith("china\t")
    assert result.stderr == ""
    assert result.returncode == 0


def test_output_to_a_full_device_is_a_clear_error() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([*ILRS, "list", "--all"], stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("ilrs: error: cannot write output")
    assert "Traceback" not in result.stderr


def test_sigint_during_a_write_leaves_the_ledger_intact(tmp_path: Path) -> None:
    ledger = tmp_path / "members.toml"
    ledger.write_bytes((ROOT / "data" / "members.toml").read_bytes())
    before = ledger.read_bytes()
    # hold the lock so the writer is surely inside the write protocol when Ctrl-C arrives
    from filelock import FileLock

    with FileLock(str(tmp_path / ".members.toml.lock")):
        proc = subprocess.Popen(
            [
                *ILRS,
                "add",
                "X Land",
                *ADD,
                "--ledger",
                str(ledger),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert ledger.read_bytes() == before


def test_python_m_and_console_script_agree() -> None:
    script = Path(sys.executable).parent / "ilrs"
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    a = subprocess.run([str(script), "list", "--all"], capture_output=True, check=False)
    b = subprocess.run([*ILRS, "list", "--all"], capture_output=True, check=False)
    assert a.stdout == b.stdout and a.returncode == b.returncode == 0


@pytest.mark.slow
def test_wheel_installs_and_runs_from_any_directory(tmp_path: Path) -> None:
    """Build the wheel, install it (no deps) in a fresh venv that borrows our dependencies, run it."""
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(dist.glob("ilrs_cli-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--no-deps",
            "--no-index",
            "--quiet",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # Dependencies come from this environment (no network needed); ilrs_cli itself from the wheel,
    # because the venv's own site-packages comes first on sys.path. (Added after the install, or pip
    # would see this environment's ilrs-cli and skip the wheel.)
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    assert (venv / "bin" / "ilrs").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ILRS_LEDGER", "PYTHONPATH")}
    env["HOME"] = str(empty)
    env.pop("XDG_DATA_HOME", None)
    result = subprocess.run(
        [str(venv / "bin" / "ilrs"), "list", "--kind", "state", "--as-of", "2024-04-05", "--fields", "id"],
        capture_output=True,
        text=True,
        cwd=empty,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "china",
        "russia",
        "venezuela",
        "south-africa",
        "azerbaijan",
        "pakistan",
        "belarus",
        "egypt",
        "thailand",
    ]
    where = subprocess.run(
        [str(venv / "bin" / "ilrs"), "where"], capture_output=True, text=True, cwd=empty, env=env, check=False
    )
    assert str(site) in where.stdout  # the ledger inside the installed package
