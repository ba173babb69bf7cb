"""The record's history: for each commit that touched the ledger, what it changed, in the ledger's terms.

Pure: the commits and a function that gives the ledger of a file version (a blob id) are passed in; the
changes themselves come from the diff of two ledgers (``core.diff``), the commit against its parent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ilrs_cli.core import diff as df
from ilrs_cli.core.codec import encode_participant
from ilrs_cli.core.dates import PartialDate
from ilrs_cli.core.model import Ledger, Participant
from ilrs_cli.core.text import name_key

NULL_ID = "0" * 40  # git's id for "no such file in this commit"
EMPTY = Ledger()

# One change, as ``ilrs diff`` prints it; the log adds markers of its own: "=" (nothing of the record
# changed: a rename of the file, a merge, formatting) and "!" (a version that does not load).
Row = df.ChangeLine
# A version of the ledger: the ledger, or why it does not load.
Version = Ledger | str


class Commit(NamedTuple):
    """A commit that touched the ledger file, with the file's blob id in each parent and after it."""

    commit: str
    parents: tuple[str, ...]
    date: str  # committer date, ISO 8601 with the committer's own offset
    author: str
    email: str
    subject: str
    path: str  # the file's path at this commit
    old_path: str  # its path in the first parent (differs when the commit renamed the file)
    before: tuple[str, ...]  # blob id in each parent; NULL_ID where the file did not exist
    after: str  # blob id at this commit; NULL_ID when the commit deleted the file

    @property
    def day(self) -> PartialDate:
        """The commit's calendar day, in the committer's own time zone."""
        return PartialDate.parse(self.date[:10])


class LogLine(NamedTuple):
    """One change of one commit: a line of ``ilrs log`` for machines."""

    commit: Commit
    change: Row


class Entry(NamedTuple):
    """One commit of the log and its changes (never empty: a commit that changed nothing says why)."""

    commit: Commit
    changes: tuple[Row, ...]

    def lines(self) -> list[LogLine]:
        """One line per change."""
        return [LogLine(self.commit, change) for change in self.changes]

    def record(self) -> dict[str, Any]:
        """The entry as a JSON object: the commit's fields and its list of changes."""
        c = self.commit
        changes = []
        for change in self.changes:
            item: dict[str, Any] = {"marker": change.marker, "id": change.id, "name": change.name, "what": change.what}
            item = {k: v for k, v in item.items() if v}
            item |= {"from": change.old or None, "to": change.new or None}
            changes.append(item)
        return {
            "commit": c.commit,
            "parents": list(c.parents),
            "date": c.date,
            "author": c.author,
            "email": c.email,
            "subject": c.subject,
            "path": c.path,
            "changes": changes,
        }


def _row(marker: str, what: str, old: str = "", new: str = "", pid: str = "", name: str = "") -> Row:
    return Row(marker, pid, name, what, old, new)


def changes(old: Ledger, new: Ledger) -> list[Row]:
    """The changes from ``old`` to ``new``, one row per change (as ``ilrs diff`` prints them).

    The ledger records no id changes; a participant removed and one added with the same name in the same
    step is reported as a likely id change (``what`` = ``id``) followed by its other changes.
    """
    result = df.diff_ledgers(old, new)
    removed = {name_key(c.participant.name): c.participant for c in result.removed}
    pairs = [(removed[key], c.participant) for c in result.added if (key := name_key(c.participant.name)) in removed]
    if not pairs:
        return df.change_lines(result)
    gone = {a.id for a, _ in pairs} | {b.id for _, b in pairs}
    kept = result._replace(
        added=tuple(c for c in result.added if c.participant.id not in gone),
        removed=tuple(c for c in result.removed if c.participant.id not in gone),
    )
    rows = df.change_lines(kept)
    for before, after in pairs:
        rows.append(_row("~", "id", before.id, after.id, after.id, after.name))
        moved = df.diff_ledgers(Ledger((before._replace(id=after.id),)), Ledger((after,)))
        rows += df.change_lines(moved)
    return rows


def _key(row: Row) -> tuple[str, ...]:
    return row.marker, row.id, row.what, row.new if row.marker != "-" else row.old


def merge_changes(parents: Sequence[Ledger], new: Ledger) -> list[Row]:
    """What a merge changed of its own: the changes from its first parent that no other parent had already."""
    first, *others = [changes(p, new) for p in parents]
    seen = [{_key(r) for r in rows} for rows in others]
    return [r for r in first if all(_key(r) in keys for keys in seen)]


class History:
    """Computes each commit's changes once, loading each file version once."""

    def __init__(self, commits: Sequence[Commit], load: Callable[[str], Version]) -> None:
        self.commits = commits
        self._load = load
        self._versions: dict[str, Version] = {NULL_ID: EMPTY}

    def version(self, blob: str) -> Version:
        """The ledger at a blob id (or why it does not load), loaded once."""
        found = self._versions.get(blob)
        if found is None:
            found = self._versions[blob] = self._load(blob)
        return found

    def _older_loadable(self, index: int) -> tuple[Ledger, str]:
        """The newest version older than commit ``index`` that loads (the empty ledger if none)."""
        for older in self.commits[index + 1 :]:
            found = self.version(older.after)
            if isinstance(found, Ledger):
                return found, older.commit
        return EMPTY, ""

    def entry(self, index: int) -> Entry:
        """Commit ``index`` (0: newest) with its changes."""
        c = self.commits[index]
        rows: list[Row] = []
        if c.path != c.old_path:
            rows.append(_row("=", "file", c.old_path, c.path))
        new = self.version(c.after)
        if isinstance(new, str):
            return Entry(c, (*rows, _row("!", "ledger", "", f"does not load: {new}")))
        parents = [self.version(b) for b in c.before] or [EMPTY]
        loadable = [p for p in parents if isinstance(p, Ledger)]
        if len(parents) > 1 and loadable:
            found = merge_changes(loadable, new)
            rows += found or [_row("=", "merge")]
            return Entry(c, tuple(rows))
        old = parents[0]
        if isinstance(old, str):
            old, against = self._older_loadable(index)
            what = f"the previous version does not load; changes are shown against {against[:10] or 'an empty ledger'}"
            rows.append(_row("!", "parent", "", what))
        found = changes(old, new)
        if not found and not rows:
            if all(b == NULL_ID for b in c.before):  # the file itself is new (an empty ledger, say)
                rows.append(_row("=", "file", "", c.path))
            else:
                rows.append(_row("=", "format"))  # the text changed, the record did not (formatting, comments)
        return Entry(c, (*rows, *found))


def facts(participant: Participant) -> list[Row]:
    """Each fact of a participant as an added row: its fields, then its agreements (as ``ilrs diff`` words them)."""
    table = encode_participant(participant)
    fields = tuple(df.FieldChange(k, "", str(table[k])) for k in df.PARTICIPANT_FIELDS if k in table)
    agreements = tuple(df.AgreementChange("+", n, None, a) for n, a in enumerate(participant.agreements, 1))
    change = df.ParticipantChange("~", participant, participant, fields, agreements)
    return [row._replace(marker="+") for row in df.change_lines(df.LedgerDiff(changed=(change,)))]


def _with_facts(rows: list[Row], new: Version) -> list[Row]:
    """``rows`` with each participant's arrival followed by its facts (for one participant's history)."""
    if not isinstance(new, Ledger):
        return rows
    found: list[Row] = []
    for row in rows:
        found.append(row)
        if row.marker == "+" and row.what == "participant":
            found += facts(new.by_id()[row.id])
    return found


class Selection(NamedTuple):
    """Which commits and changes to show."""

    pid: str | None = None
    follow: bool = False
    since: PartialDate | None = None
    until: PartialDate | None = None
    limit: int | None = None


class Log(NamedTuple):
    """The chosen entries, newest first, and notes for people (an inferred id change not followed)."""

    entries: list[Entry]
    notes: list[str]
    seen: bool  # whether the followed participant appeared in any change (always true without ID)


def select(history: History, chosen: Selection) -> Log:
    """Walk the history newest first, keeping the changes and commits ``chosen`` asks for."""
    entries: list[Entry] = []
    notes: list[str] = []
    followed = chosen.pid
    seen = followed is None
    for index, commit in enumerate(history.commits):
        if chosen.limit is not None and len(entries) >= chosen.limit:
            break
        shown = commit.day.within(chosen.since, chosen.until)
        if followed is None:
            if shown:
                entries.append(history.entry(index))
            continue
        if not shown and not chosen.follow:
            continue
        entry = history.entry(index)
        # a likely id change away from the followed id ends its history: shown, with a note naming the new id
        left = [r for r in entry.changes if r.what == "id" and r.old == followed and r.id != followed]
        mine = [r for r in entry.changes if r.id == followed] + left
        seen = seen or bool(mine)
        notes += [
            f"{r.old} was probably renamed '{r.new}' in {commit.commit[:10]} (one removed and one added with "
            f"the same name); `ilrs log {r.new}` continues"
            for r in left
        ]
        if any(r.what == "ledger" for r in entry.changes):  # a version that does not load hides everything
            mine = [r for r in entry.changes if r.marker == "!"]
        elif mine:
            mine = [r for r in entry.changes if r.marker in ("!", "=") and r.what != "format"] + mine
        for row in mine:
            if row.what == "id" and row.new == followed:
                old = row.old
                if chosen.follow:
                    followed = old
                else:
                    notes.append(
                        f"{row.new} was probably '{old}' before {commit.commit[:10]} (one removed and one added "
                        f"with the same name); --follow continues with '{old}'"
                    )
        if shown and mine:
            entries.append(entry._replace(changes=tuple(_with_facts(mine, history.version(commit.after)))))
    return Log(entries, notes, seen)
