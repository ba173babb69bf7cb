"""Shell completion: one script per shell, printed or installed for the shell the user names.

Typer's own ``--show-completion``/``--install-completion`` are flags that always ask shellingham which
shell is running, so ``ilrs --show-completion zsh`` printed the bash script and the ``zsh`` was never
read. Here the two options take the shell as their value; without one, ``fill_shell`` supplies the
detected shell before click parses the command line.
"""

from __future__ import annotations

import re
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


def install(shell: str) -> Path:
    """Install the script where ``shell`` loads it (editing that shell's start-up file); return its path."""
    installer = {
        "bash": shared.install_bash,
        "zsh": shared.install_zsh,
        "fish": shared.install_fish,
        "pwsh": shared.install_powershell,
        "powershell": shared.install_powershell,
    }[_check(shell, "--install-completion")]
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
