"""The --dry-run diff: exact however long the ledger (difflib's junk heuristic is not used), and a patch
that turns the old text into the new one."""

from __future__ import annotations

import random
import re

from ilrs_cli.commands.session import _diff

BLOCKS = "\n".join(
    f'[[participant]]\nid = "p{i}"\nname = "P {i}"\nkind = "state"\nstatus = "member"\n' for i in range(300)
)


def test_a_line_that_recurs_all_over_the_ledger_is_not_shown_as_changed() -> None:
    old = BLOCKS
    new = old.replace(
        'name = "P 150"\nkind = "state"\nstatus = "member"\n',
        'name = "P 150"\nkind = "company"\nstatus = "member"\nnotes = "x"\n',
    )
    assert _diff(old, new, "m.toml") == [
        "--- m.toml (before)\n",
        "+++ m.toml (after)\n",
        "@@ -901,8 +901,9 @@\n",
        " [[participant]]\n",
        ' id = "p150"\n',
        ' name = "P 150"\n',
        '-kind = "state"\n',
        '+kind = "company"\n',
        ' status = "member"\n',
        '+notes = "x"\n',
        " \n",
        " [[participant]]\n",
        ' id = "p151"\n',
    ]
    assert _diff(old, old, "m.toml") == []


def _apply(old: str, diff: list[str]) -> str:
    """The new text, from the old one and a unified diff (as `patch` would rebuild it)."""
    a = old.splitlines(keepends=True)
    out: list[str] = []
    at = 0
    for line in diff[2:]:
        hunk = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", line)
        if hunk:
            start, length = int(hunk.group(1)), int(hunk.group(2) or 1)
            begin = start - 1 if length else start
            out += a[at:begin]
            at = begin
        elif line[0] == " ":
            assert line[1:] == a[at]
            out.append(a[at])
            at += 1
        elif line[0] == "-":
            assert line[1:] == a[at]
            at += 1
        else:
            out.append(line[1:])
    return "".join(out + a[at:])


def test_the_diff_rebuilds_the_new_text_on_random_edits() -> None:
    rng = random.Random(7)
    vocab = ["a", "b", 'status = "member"', "", "[[participant]]"]
    for _ in range(400):
        old = [rng.choice(vocab) for _ in range(rng.randint(0, 40))]
        new = list(old)
        for _ in range(rng.randint(1, 4)):
            if new and rng.random() < 0.4:
                del new[rng.randrange(len(new))]
            else:
                new.insert(rng.randint(0, len(new)), rng.choice(vocab) + "x")
        before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
        diff = _diff(before, after, "m")
        assert (diff == []) == (before == after)
        if diff:
            assert _apply(before, diff) == after, (old, new)
