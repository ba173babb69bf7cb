"""Shell completion, in the real shells: each shell's own script, sourced and asked to complete.

bash is always there; zsh and fish are installed by .ci/run (a test without them is skipped outside CI and
fails in CI). zsh completes only inside its line editor, so it runs on a pseudo-terminal with `compadd`
wrapped to print the matches zsh itself kept (after its own prefix matching).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import full_campaigns, sweep
from test_pty import Terminal

BIN = str(Path(sys.executable).parent)  # where the `ilrs` console script is installed


def _env(home: Path) -> dict[str, str]:
    return {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "dumb",
        "LANG": "C.UTF-8",
    }


def _need(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{shell} is missing: .ci/run installs it")
        pytest.skip(f"{shell} is not installed (apt-get install {shell}; .ci/run does it in CI)")
    return path


def _script(shell: str, home: Path) -> str:
    result = subprocess.run(
        [f"{BIN}/ilrs", "--show-completion", shell], env=_env(home), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def bash_complete(lines: list[str], home: Path) -> list[list[str]]:
    """Source the bash script and run its completion function on each line as bash would."""
    program = ["source <(ilrs --show-completion bash)"]
    for line in lines:
        words = re.split(r"(?<!\\) ", line)  # as typed: bash keeps a word's backslashes in COMP_WORDS
        program += [
            f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}",
            'COMPREPLY=(); _ilrs_completion ilrs; printf "%s\\n" "${COMPREPLY[@]}" "<<end>>"',
        ]
    result = subprocess.run(
        [_need("bash"), "--norc", "--noprofile", "-c", "\n".join(program)],
        env=_env(home),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [[w for w in block.split("\n") if w] for block in result.stdout.split("<<end>>\n")[:-1]]


def fish_complete(lines: list[str], home: Path) -> list[list[str]]:
    """fish's own `complete -C` on each line, after sourcing the fish script (candidates without help)."""
    program = ["ilrs --show-completion fish | source"]
    program += [f"complete -C {shlex.quote(line)}; echo '<<end>>'" for line in lines]
    result = subprocess.run(
        [_need("fish"), "--no-config", "-c", "\n".join(program)],
        env=_env(home),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.split("<<end>>\n")[:-1]
    return [[w.split("\t")[0] for w in block.split("\n") if w] for block in blocks]


ZSHRC = r"""
PROMPT='> '
autoload -Uz compinit && compinit -u -D
{load}
_ilrs_test_begin() {{ print -r -- $'\n<<matches' }}
_ilrs_test_end() {{ print -r -- 'matches>>' }}
_ilrs_test_complete() {{
  compprefuncs=(_ilrs_test_begin) comppostfuncs=(_ilrs_test_end)  # zsh empties them after each use
  zle complete-word
}}
zle -N _ilrs_test_complete
bindkey '^I' _ilrs_test_complete
compadd() {{
  if [[ ${{@[1,(i)(-|--)]}} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a kept
  builtin compadd -A kept "$@"
  (( $#kept )) && print -rl -- "${{kept[@]/#/= }}"
}}
"""


def zsh_complete(lines: list[str], home: Path, load: str = 'eval "$(ilrs --show-completion zsh)"') -> list[list[str]]:
    """Type each line and Tab into an interactive zsh; the matches zsh kept, as it would insert them."""
    zdot = home / "zdot"
    zdot.mkdir(exist_ok=True)
    (zdot / ".zshenv").write_text("unsetopt GLOBAL_RCS\n")
    (zdot / ".zshrc").write_text(ZSHRC.format(load=load))
    term = Terminal([_need("zsh"), "-i"], {**_env(home), "ZDOTDIR": str(zdot)})
    found = []
    for line in lines:
        term.seen = ""
        os.write(term.master, line.encode() + b"\t")
        term.expect("matches>>")
        seen = term.seen.replace("\r", "")
        body = seen[seen.rindex("<<matches") : seen.rindex("matches>>")]
        found.append([m[2:] for m in body.splitlines() if m.startswith("= ")])
        os.write(term.master, b"\x15")  # Ctrl-U: clear the line for the next one
    os.write(term.master, b"exit\r")
    term.finish()
    return found


COMPLETE = {"bash": bash_complete, "zsh": zsh_complete, "fish": fish_complete}


def inserted(shell: str, name: str) -> str:
    """A name as the shell puts it on the command line: bash and zsh escape it, fish quotes when it inserts."""
    return name if shell == "fish" else re.sub(r"([ ()])", r"\\\1", name)


@pytest.mark.parametrize("shell", sweep(["bash", "zsh", "fish"], "bash"))
def test_each_shell_completes_commands_options_and_values(shell: str, tmp_path: Path) -> None:
    cases = {
        "ilrs ti": ["timeline"],
        "ilrs list --kind ": ["company", "institution", "organization", "state"],
        "ilrs list --sort ": ["country", "id", "joined", "kind", "name", "status"],
        "ilrs list --fields id,na": ["id,name"],
        "ilrs list --fields id,name,cou": ["id,name,counterpart", "id,name,country"],
        # a lower-case prefix gets lower-case codes: zsh and fish keep only candidates that match as typed
        "ilrs list --country p": ["pa", "pe", "pf", "pg", "ph", "pk", "pl", "pm", "pn", "pr", "ps", "pt", "pw", "py"],
        "ilrs list --country PK": ["PK"],
        "ilrs show pak": ["pakistan"],
        "ilrs show United\\ A": [inserted(shell, "United Arab Emirates")],
        "ilrs show Sou": [
            inserted(shell, "South Africa"),
            inserted(shell, "South African Radio Astronomy Observatory (SARAO)"),
        ],
        "ilrs check --select missing-s": ["missing-source"],
        "ilrs --show-completion z": ["zsh"],
    }
    found = COMPLETE[shell](list(cases), tmp_path)
    assert dict(zip(cases, map(sorted, found), strict=True)) == cases


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _ilrs_completion ilrs"),
        ("zsh", "#compdef ilrs"),
        ("fish", "complete --command ilrs"),
        ("pwsh", "Register-ArgumentCompleter -Native -CommandName ilrs"),
        ("powershell", "Register-ArgumentCompleter -Native -CommandName ilrs"),
    ],
)
def test_show_completion_prints_the_named_shells_script(shell: str, marker: str, tmp_path: Path) -> None:
    script = _script(shell, tmp_path)
    assert marker in script
    others = {"bash": "COMPREPLY", "zsh": "compdef", "fish": "complete --command", "pwsh": "Register-Argument"}
    family = "pwsh" if shell == "powershell" else shell
    assert not [m for s, m in others.items() if s != family and m in script]


def test_show_completion_without_a_shell_means_the_current_one(tmp_path: Path) -> None:
    # bash runs ilrs: the parent process is the shell that shellingham finds.
    result = subprocess.run(
        [_need("bash"), "--norc", "-c", "ilrs --show-completion; true"],
        env={**_env(tmp_path), "SHELL": "/bin/bash"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "complete -o default -F _ilrs_completion ilrs" in result.stdout


def test_an_unknown_shell_is_an_error_naming_the_flag(tmp_path: Path) -> None:
    result = subprocess.run(
        [f"{BIN}/ilrs", "--show-completion", "tcsh"], env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "ilrs: error: --show-completion: 'tcsh' is not a shell ilrs completes "
        "(choose from: bash, zsh, fish, pwsh, powershell)\n"
    )


def test_install_completion_for_zsh_from_bash_edits_zshrc_and_works_in_zsh(tmp_path: Path) -> None:
    result = subprocess.run(
        [_need("bash"), "--norc", "-c", "ilrs --install-completion zsh"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        "installed zsh completion in ~/.zfunc/_ilrs (loaded from ~/.zshrc); it takes effect in a new zsh session\n"
    )
    assert not (tmp_path / ".bashrc").exists()
    assert "fpath+=~/.zfunc" in (tmp_path / ".zshrc").read_text()
    assert (tmp_path / ".zfunc" / "_ilrs").read_text() == _script("zsh", tmp_path).rstrip("\n")
    if not full_campaigns():
        return  # zsh itself is tried by the whole campaign (--slow, as CI runs); the shells sweep shows why
    # the installed file, found through fpath by compinit as the ~/.zshrc line sets it up
    load = f"fpath+={tmp_path}/.zfunc; autoload -Uz compinit; compinit -u -D"
    assert zsh_complete(["ilrs list --kind st"], tmp_path, load=load) == [["state"]]


@pytest.mark.parametrize("shell", ["bash", "fish"])
def test_install_completion_for_bash_and_fish(shell: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [f"{BIN}/ilrs", "--install-completion", shell], env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    installed = {
        "bash": tmp_path / ".bash_completions" / "ilrs.sh",
        "fish": tmp_path / ".config/fish/completions/ilrs.fish",
    }
    assert installed[shell].read_text().strip() == _script(shell, tmp_path).strip()
    assert (tmp_path / ".bashrc").exists() == (shell == "bash")
    assert not (tmp_path / ".zshrc").exists()


def test_install_completion_twice_edits_bashrc_once(tmp_path: Path) -> None:
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'", encoding="utf-8")  # no final newline
    for _ in range(3):
        result = subprocess.run(
            [f"{BIN}/ilrs", "--install-completion", "bash"], env=_env(tmp_path), capture_output=True, check=False
        )
        assert result.returncode == 0, result.stderr
    assert (tmp_path / ".bashrc").read_text(encoding="utf-8") == (
        f"alias ll='ls -l'\nsource '{tmp_path}/.bash_completions/ilrs.sh'\n"
    )


def test_install_completion_for_a_missing_powershell_is_one_error(tmp_path: Path) -> None:
    env = _env(tmp_path) | {"PATH": BIN}  # no pwsh anywhere on it
    result = subprocess.run(
        [f"{BIN}/ilrs", "--install-completion", "pwsh"], env=env, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "ilrs: error: --install-completion: pwsh is not installed (no 'pwsh' on PATH)\n"
        "hint: print the script with `ilrs --show-completion pwsh` and load it from your $PROFILE\n"
    )
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # no start-up file touched


def test_install_completion_for_powershell_appends_to_its_profile_once(tmp_path: Path) -> None:
    """A stand-in pwsh that only names $PROFILE: ilrs asks it, appends once and changes no policy."""
    fake = tmp_path / "bin"
    fake.mkdir()
    profile = tmp_path / "Documents" / "PowerShell" / "Microsoft.PowerShell_profile.ps1"
    calls = tmp_path / "calls"
    (fake / "pwsh").write_text(f'#!/bin/sh\necho "$*" >> {calls}\necho "{profile}"\n', encoding="utf-8")
    (fake / "pwsh").chmod(0o755)
    env = _env(tmp_path) | {"PATH": f"{fake}:{BIN}:/usr/bin:/bin"}
    for _ in range(2):
        result = subprocess.run(
            [f"{BIN}/ilrs", "--install-completion", "pwsh"], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "installed pwsh completion in ~/Documents/PowerShell/Microsoft.PowerShell_profile.ps1 (loaded from $PROFILE);"
        " it takes effect in a new pwsh session\n"
    )
    assert profile.read_text(encoding="utf-8") == _script("pwsh", tmp_path).strip() + "\n"
    assert "ExecutionPolicy" not in calls.read_text(encoding="utf-8")
