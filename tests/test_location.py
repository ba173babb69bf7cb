"""store/location.py: which ledger a command uses, and why (--ledger > --programme > ILRS_LEDGER > user > bundled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUNDLED
from ilrs_cli.core.errors import InputError, LedgerError
from ilrs_cli.store.location import ENV_VAR, STDIN, Location, bundled_path, locate, user_path


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home"), **extra}


def _make_user_ledger(tmp_path: Path, name: str = "members.toml") -> Path:
    path = tmp_path / "data" / "ilrs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(BUNDLED.read_bytes())
    return path


def test_bundled_path_is_the_repository_data_file() -> None:
    assert bundled_path().read_bytes() == BUNDLED.read_bytes()
    assert bundled_path("artemis-accords").name == "artemis-accords.toml"


def test_user_path_follows_xdg_then_home(tmp_path: Path) -> None:
    assert user_path(_env(tmp_path)) == tmp_path / "data" / "ilrs" / "members.toml"
    assert user_path({"HOME": str(tmp_path)}, "artemis-accords") == tmp_path / ".local/share/ilrs/artemis-accords.toml"


def test_the_option_wins_and_dash_is_standard_input(tmp_path: Path) -> None:
    env = _env(tmp_path, **{ENV_VAR: "env.toml"})
    assert locate("mine.toml", env) == Location(Path("mine.toml"), "--ledger option")
    found = locate(STDIN, env)
    assert (found.path, found.name) == (None, "<stdin>")


def test_the_environment_then_the_user_ledger_then_the_bundled_copy(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert locate(None, {**env, ENV_VAR: "env.toml"}) == Location(Path("env.toml"), f"{ENV_VAR} environment variable")
    assert locate(None, {**env, ENV_VAR: STDIN}).path is None
    bundled = locate(None, env)
    assert bundled.bundled and bundled.path == bundled_path()
    assert bundled.reason.startswith(f"bundled copy (no --ledger, no {ENV_VAR}, no user ledger at ")
    user = _make_user_ledger(tmp_path)
    assert locate(None, env) == Location(user, "default user ledger")
    assert locate(None, env, for_write=True) == Location(user, "default user ledger")


def test_programme_beats_the_environment(tmp_path: Path) -> None:
    env = _env(tmp_path, **{ENV_VAR: "env.toml"})
    found = locate(None, env, programme="artemis-accords")
    assert found.bundled and found.path == bundled_path("artemis-accords")
    assert found.reason.startswith("bundled copy (--programme artemis-accords, no user ledger at ")
    user = _make_user_ledger(tmp_path, "artemis-accords.toml")
    assert locate(None, env, programme="artemis-accords") == Location(user, "user ledger (--programme artemis-accords)")


def test_refusals(tmp_path: Path) -> None:
    env = _env(tmp_path)
    with pytest.raises(InputError, match="--ledger and --programme both choose a ledger"):
        locate("a.toml", env, programme="ilrs")
    with pytest.raises(InputError, match="--programme: 'moon' is not one of: ilrs, artemis-accords"):
        locate(None, env, programme="moon")
    with pytest.raises(LedgerError, match="no ledger to write") as caught:
        locate(None, env, for_write=True)
    assert caught.value.hint is not None and "`ilrs init --from-bundled`" in caught.value.hint
    with pytest.raises(LedgerError) as caught:
        locate(None, env, for_write=True, programme="artemis-accords")
    assert caught.value.hint is not None and 'cp "$(ilrs where --programme artemis-accords)"' in caught.value.hint


def test_an_empty_environment_variable_is_refused_where_it_would_choose(tmp_path: Path) -> None:
    env = _env(tmp_path, **{ENV_VAR: ""})
    for for_write in (False, True):
        with pytest.raises(InputError, match=f"^{ENV_VAR} is set but empty$") as caught:
            locate(None, env, for_write=for_write)
        assert caught.value.hint == f"unset {ENV_VAR} to use the default"
    # an option beats the variable, so the variable is not read at all
    assert locate("mine.toml", env) == Location(Path("mine.toml"), "--ledger option")
    assert locate(None, env, programme="artemis-accords").path == bundled_path("artemis-accords")
