"""Shell completion: one script per shell, printed or installed for the shell the user names.

Typer's own ``--show-completion``/``--install-completion`` are flags that always ask shellingham which
shell is running, so ``ilrs --show-completion zsh`` printed the bash script and the ``zsh`` was never
read. Here the two options take the shell as their value; without one, ``fill_shell`` supplies the
detected shell before click parses the command line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from typer import _completion_shared as shared
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, completion_init

from ilrs_cli.core.errors import InputError

SHELLS = ("bash", "zsh", "fish", "pwsh", "powershell")
OPTIONS = ("--show-completion", "--install-completion")
PROG = "ilrs"
COMPLETE_VAR = "_ILRS_COMPLETE"

# Typer's zsh script only registers its function when run, so loaded from fpath (as
# --install-completion sets it up) the first Tab completed nothing. This one also completes when
# autoloaded, as click's own zsh script does.
shared._completion_scripts["zsh"] = """
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  %(complete_func)s "$@"
else
  compdef %(complete_func)s %(prog_name)s
fi
"""


def detect_shell(env: Mapping[str, str]) -> str:
    """The shell running ``ilrs`` (its parent process), else $SHELL, else bash."""
    name = shared._get_shell_name()
    if name not in SHELLS:
        name = Path(env.get("SHELL", "")).name
    return name if name in SHELLS else "bash"


def fill_shell(args: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """``ilrs --show-completion`` without a shell means the current shell: name it for click."""
    filled = list(args)
    for index, arg in enumerate(filled):
        if not arg.startswith("-"):
            break  # the command: its options are not ours
        if arg in OPTIONS and (index + 1 == len(filled) or filled[index + 1].startswith("-")):
            filled.insert(index + 1, detect_shell(env))
            break
    return filled


def _check(shell: str, flag: str) -> str:
    if shell not in SHELLS:
        raise InputError(f"{flag}: '{shell}' is not a shell ilrs completes (choose from: {', '.join(SHELLS)})")
    return shell


def script(shell: str, flag: str = "--show-completion") -> str:
    """The completion script for ``shell``."""
    return shared.get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=_check(shell, flag))


def _append_once(path: Path, line: str) -> None:
    """Add ``line`` to the start-up file ``path`` unless it is there already (run again: nothing changes)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if line in text.splitlines():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(("\n" if text and not text.endswith("\n") else "") + line + "\n")


def _install_bash(shell: str) -> Path:
    """~/.bash_completions/ilrs.sh, sourced from ~/.bashrc (Typer's installer added a blank line each run)."""
    target = Path.home() / ".bash_completions" / f"{PROG}.sh"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(shell, "--install-completion") + "\n", encoding="utf-8")
    _append_once(Path.home() / ".bashrc", f"source '{target}'")
    return target


def _install_powershell(shell: str) -> Path:
    """Load the script from the user's $PROFILE, which PowerShell itself names.

    Typer's installer also set the user's execution policy to Unrestricted, unasked; this one leaves the
    policy alone (the README says what to do where it blocks profiles), and appends only once.
    """
    executable = shutil.which(shell)
    if executable is None:
        raise InputError(
            f"--install-completion: {shell} is not installed (no '{shell}' on PATH)",
            hint=f"print the script with `ilrs --show-completion {shell}` and load it from your $PROFILE",
        )
    try:
        result = subprocess.run(
            [executable, "-NoProfile", "-NonInteractive", "-Command", "Write-Output $PROFILE"],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"--install-completion: could not run {shell} to find $PROFILE: {exc}") from None
    profile = result.stdout.decode("utf-8", "replace").strip()
    if result.returncode != 0 or not profile:
        raise InputError(f"--install-completion: {shell} did not name its $PROFILE (exit {result.returncode})")
    target = Path(profile)
    text = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
    body = script(shell, "--install-completion")
    if body not in text:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as file:
            file.write(("\n" if text and not text.endswith("\n") else "") + body + "\n")
    return target


def install(shell: str) -> Path:
    """Install the script where ``shell`` loads it (editing that shell's start-up file); return its path."""
    _check(shell, "--install-completion")
    if shell == "bash":
        return _install_bash(shell)
    if shell in ("pwsh", "powershell"):
        return _install_powershell(shell)
    installer = shared.install_zsh if shell == "zsh" else shared.install_fish
    return installer(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


STARTUP_FILES = {"bash": "~/.bashrc", "zsh": "~/.zshrc", "fish": "", "pwsh": "$PROFILE", "powershell": "$PROFILE"}


def installed_note(shell: str, path: Path) -> str:
    """What ``--install-completion`` did, for people."""
    home = str(Path.home())
    shown = str(path).replace(home, "~", 1) if str(path).startswith(home) else str(path)
    loaded = f" (loaded from {STARTUP_FILES[shell]})" if STARTUP_FILES[shell] else ""
    return f"installed {shell} completion in {shown}{loaded}; it takes effect in a new {shell} session"


class EscapingBashComplete(BashComplete):
    """Bash inserts a completion as it is: escape what the shell would split (``South\\ Africa``)."""

    def format_completion(self, item: CompletionItem) -> str:
        return re.sub(r"([^\w@%+=:,./-])", r"\\\1", str(item.value))


def register() -> None:
    """Make Typer's per-shell completion classes known to click (ours for bash)."""
    completion_init()
    add_completion_class(EscapingBashComplete, "bash")


def print_script(shell: str) -> None:
    """Write the script on stdout (it is the data asked for)."""
    sys.stdout.write(script(shell) + "\n")
