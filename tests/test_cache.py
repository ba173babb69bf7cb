"""The parse cache serves only what the same bytes would give, and the block-reusing writer equals the full one."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from conftest import BUNDLED, Run
from ilrs_cli.core import changes as edit
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Agreement, Kind, Ledger, Participant
from ilrs_cli.store import cache, ledger


def entries(home: Path) -> list[Path]:
    return sorted((home / "cache" / "ilrs").glob("*.marshal"))


def test_second_read_comes_from_the_cache_and_agrees(run: Run, ledger_copy: Path, isolated_env: Path) -> None:
    first = run("list", "--all", "--ledger", str(ledger_copy))
    assert [p.name for p in entries(isolated_env)] == [f"{cache.key(ledger_copy.read_bytes())}.marshal"]
    second = run("list", "--all", "--ledger", str(ledger_copy))
    uncached = run("list", "--all", "--ledger", str(ledger_copy), env={"ILRS_CACHE": "0"})
    assert first.stdout == second.stdout == uncached.stdout


def test_damaged_entry_is_ignored(run: Run, ledger_copy: Path, isolated_env: Path) -> None:
    expected = run("list", "--all", "--ledger", str(ledger_copy)).stdout
    for entry in entries(isolated_env):
        entry.write_bytes(b"\x00garbage")
    assert run("list", "--all", "--ledger", str(ledger_copy)).stdout == expected


def test_a_changed_file_is_never_served_stale(run: Run, ledger_copy: Path) -> None:
    assert "pakistan" in run("list", "--fields", "id", "--ledger", str(ledger_copy)).stdout.split()
    text = ledger_copy.read_text().replace('id = "pakistan"', 'id = "pakistan-renamed"')
    ledger_copy.write_text(text)
    ids = run("list", "--fields", "id", "--ledger", str(ledger_copy)).stdout.split()
    assert "pakistan-renamed" in ids and "pakistan" not in ids


def test_a_broken_file_is_never_cached(run: Run, tmp_path: Path, isolated_env: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = 1\n[[participant]]\nid = "x"\nname = "X"\nkind = "planet"\n')
    assert run("list", "--ledger", str(broken)).code == 2
    assert run("list", "--ledger", str(broken)).code == 2
    assert entries(isolated_env) == []


def test_check_reports_the_same_on_every_run(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "l.toml"
    path.write_text(BUNDLED.read_text().replace('kind = "state"\ncountry = "CN"', 'country = "CN"\nkind = "state"'))
    outcomes = {(r.code, r.stdout) for r in (run("check", str(path)) for _ in range(3))}
    line = path.read_text().splitlines().index('country = "CN"') + 1  # the first line that differs
    assert outcomes == {(1, f"{path}:{line}: not-canonical: not in canonical form (run `ilrs fmt`)\n")}
    assert run("list", "--ledger", str(path)).code == 0  # reading it is fine meanwhile
    assert {run("check", str(path)).code for _ in range(2)} == {1}


def test_block_reusing_writer_equals_the_full_writer(tmp_path: Path) -> None:
    path = tmp_path / "members.toml"
    shutil.copyfile(BUNDLED, path)
    where = tmp_path / "cache"
    location = ledger.Location(path, "test", cache=where)
    rng = random.Random(5)
    for step in range(30):
        current = ledger.load(location).ledger
        ids = [p.id for p in current.participants]
        action = rng.choice(["add", "remove", "agreement", "withdraw"])
        pid = rng.choice(ids)
        if action == "add":
            date = PartialDate(rng.randint(2019, 2026), rng.randint(0, 12), 0)
            new = Participant(
                f"p-{step}",
                f"Participant {step}",
                Kind.COMPANY,
                agreements=(Agreement(signed=date, sources=("https://e.org",)),),
            )

            def change(led: Ledger, new: Participant = new) -> tuple[Ledger, Participant]:
                return edit.add_participant(led, new)
        elif action == "remove":

            def change(led: Ledger, pid: str = pid) -> tuple[Ledger, Participant]:
                return edit.remove_participant(led, pid)
        elif action == "agreement":
            agreement = Agreement(signed=PartialDate(2026, 1, step % 28 + 1), sources=("https://e.org/x",))

            def change(led: Ledger, pid: str = pid, a: Agreement = agreement) -> tuple[Ledger, Participant]:
                return edit.add_agreement(led, pid, a)
        else:
            pid = rng.choice([p.id for p in current.participants if p.status.value != "withdrawn" and p.joined])

            def change(led: Ledger, pid: str = pid) -> tuple[Ledger, Participant]:
                return edit.withdraw(led, pid, PartialDate(2026))

        saved = ledger.save(location, change)
        assert saved.new_text == ledger.dumps(saved.after), f"step {step}: {action}"
        assert path.read_text() == saved.new_text
        assert ledger.load(ledger.Location(path, "fresh")).ledger == saved.after
