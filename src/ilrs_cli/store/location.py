"""Which ledger a command uses: --ledger > --programme > ILRS_LEDGER > the user ledger > the bundled copy."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from ilrs_cli.core.errors import InputError, LedgerError
from ilrs_cli.core.programmes import BY_ID, DEFAULT_PROGRAMME

STDIN = "-"
ENV_VAR = "ILRS_LEDGER"


class Location(NamedTuple):
    """Which ledger a command uses, and why."""

    path: Path | None  # None for standard input
    reason: str
    bundled: bool = False

    @property
    def name(self) -> str:
        """What to call the ledger in messages."""
        return "<stdin>" if self.path is None else str(self.path)


def bundled_path(programme: str = DEFAULT_PROGRAMME) -> Path:
    """A ledger shipped with the package (inside the wheel; in a source checkout, data/)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / BY_ID[programme].file
    return packaged if packaged.exists() else package.parents[1] / "data" / BY_ID[programme].file


def user_path(env: Mapping[str, str], programme: str = DEFAULT_PROGRAMME) -> Path:
    """The user's own ledger: $XDG_DATA_HOME/ilrs/members.toml (~/.local/share/ilrs/...), one file per programme."""
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "ilrs" / BY_ID[programme].file


def locate(
    option: str | None, env: Mapping[str, str], *, for_write: bool = False, programme: str | None = None
) -> Location:
    """Resolve --ledger > --programme > ILRS_LEDGER > the user ledger > (reads only) the bundled copy.

    ``--programme P`` (an option, so it beats the environment) picks the user's own ledger of P when
    there is one, else the copy of P bundled with the package; writes never go into the package.
    """
    if option and programme:
        raise InputError("--ledger and --programme both choose a ledger: give one of them")
    if programme is not None and programme not in BY_ID:
        raise InputError(f"--programme: '{programme}' is not one of: {', '.join(BY_ID)}")
    if option:
        return Location(None if option == STDIN else Path(option), "--ledger option")
    if programme is None and ENV_VAR in env:
        value = env[ENV_VAR]
        if not value:  # most likely a script's unset variable (ILRS_LEDGER=$LEDGER): refused, as `--ledger ''` is
            raise InputError(f"{ENV_VAR} is set but empty", hint=f"unset {ENV_VAR} to use the default")
        return Location(None if value == STDIN else Path(value), f"{ENV_VAR} environment variable")
    chosen = programme or DEFAULT_PROGRAMME
    user = user_path(env, chosen)
    if user.exists():
        reason = f"user ledger (--programme {programme})" if programme else "default user ledger"
        return Location(user, reason)
    if for_write:
        start = f'`cp "$(ilrs where --programme {chosen})" {user}`' if programme else "`ilrs init --from-bundled`"
        raise LedgerError(
            f"no ledger to write: there is no user ledger at {user}",
            hint=f"create it from the bundled copy with {start}, or pass --ledger PATH",
        )
    by = f"--programme {programme}" if programme else f"no --ledger, no {ENV_VAR}"
    return Location(bundled_path(chosen), f"bundled copy ({by}, no user ledger at {user})", True)
