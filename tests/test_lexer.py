"""The TOML lexer (store/lexer.py): cases by hand, then generated documents against tomlkit and the parser.

The generator writes documents with comments in hostile places (after a multi-line string's escaped
quotes, inside arrays and inline tables across lines, after headers, holding quotes and brackets of
their own) and keys of every form, and knows the line of each. Every comment tomlkit sees must be one
the lexer finds, in the same order, on the line the generator wrote it; every key's line and path
must be the generator's, and every path must lead somewhere in what the parser reads.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
import tomli
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tomlkit import items

from conftest import BUNDLED, examples
from ilrs_cli.store.lexer import Comment, KeyPath, NotLexed, comments, lex

# -- by hand ---------------------------------------------------------------------------------------


def test_the_issue_case_a_comment_after_an_escaped_quote_in_a_multiline_string() -> None:
    text = 'format = 1\nnotes = """a \\""" quote"""  # kept\n# and this\n'
    assert comments(text) == [Comment(2, "# kept", False), Comment(3, "# and this", True)]
    assert lex(text).comments == comments(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('a = "# no" # yes\n', [Comment(1, "# yes", False)]),
        ("a = '# no' # yes\n", [Comment(1, "# yes", False)]),
        ('a = "\\"# no" # yes\n', [Comment(1, "# yes", False)]),
        ('a = "\\\\" # yes\n', [Comment(1, "# yes", False)]),  # an escaped backslash ends the string
        ("a = '\\' # yes\n", [Comment(1, "# yes", False)]),  # no escapes in a literal string
        ('a = """\n# no\n""" # yes\n', [Comment(3, "# yes", False)]),
        ('a = """x""""" # yes\n', [Comment(1, "# yes", False)]),  # two quotes end the content
        ("a = '''\n# no '' ''''' # yes\n", [Comment(2, "# yes", False)]),
        ('a = """\\\n  # no\n  """\n  # yes\n', [Comment(4, "# yes", True)]),  # line-ending backslash
        ('a = ""  # yes\n', [Comment(1, "# yes", False)]),  # an empty string is not a multi-line one
        ("[t] # h\n\t# w\n", [Comment(1, "# h", False), Comment(2, "# w", True)]),
        ("a = 1 # x\r\nb = 2 # y\r\n", [Comment(1, "# x", False), Comment(2, "# y", False)]),
        (
            "a = [ # o\n  1, # p\n  # q\n] # r",
            [Comment(i, f"# {c}", c == "q") for i, c in enumerate("opqr", 1)][:2]
            + [Comment(3, "# q", True), Comment(4, "# r", False)],
        ),
        ("a = {x = 1, # i\n  y = 2} # j\n", [Comment(1, "# i", False), Comment(2, "# j", False)]),
        ("a = 1 # 'x' \"y\" [z] \t\n", [Comment(1, "# 'x' \"y\" [z] \t", False)]),
    ],
)
def test_comments(text: str, expected: list[Comment]) -> None:
    tomli.loads(text)  # every case is valid TOML
    assert comments(text) == expected
    assert lex(text).comments == expected


def test_keys_and_headers_by_path_with_table_array_indexes() -> None:
    text = (
        "format = 1\n"
        "[[participant]]\n"
        'id = "a"\n'
        "[[participant.agreement]]\n"
        'signed = "2020"\n'
        "[[participant]]\n"
        'id = "b"\n'
        "[[ participant . agreement ]]\n"
        "[[participant.agreement]]\n"
        "signed = 2021-01-01 07:00:00\n"
        "x.\"y.z\" . 'w' = [1, {v = 2}, [3, {u = 4}]]\n"
        "i = {a = 1,\n  b.c = 2}\n"
        "[participant.extra]\n"
        "k = true\n"
    )
    tomli.loads(text)
    assert lex(text).keys == {
        ("format",): 1,
        ("participant", 0): 2,
        ("participant", 0, "id"): 3,
        ("participant", 0, "agreement", 0): 4,
        ("participant", 0, "agreement", 0, "signed"): 5,
        ("participant", 1): 6,
        ("participant", 1, "id"): 7,
        ("participant", 1, "agreement", 0): 8,
        ("participant", 1, "agreement", 1): 9,
        ("participant", 1, "agreement", 1, "signed"): 10,
        ("participant", 1, "agreement", 1, "x", "y.z", "w"): 11,
        ("participant", 1, "agreement", 1, "x", "y.z", "w", 1): 11,
        ("participant", 1, "agreement", 1, "x", "y.z", "w", 1, "v"): 11,
        ("participant", 1, "agreement", 1, "x", "y.z", "w", 2, 1): 11,
        ("participant", 1, "agreement", 1, "x", "y.z", "w", 2, 1, "u"): 11,
        ("participant", 1, "agreement", 1, "i"): 12,
        ("participant", 1, "agreement", 1, "i", "a"): 12,
        ("participant", 1, "agreement", 1, "i", "b", "c"): 13,
        ("participant", 1, "extra"): 14,
        ("participant", 1, "extra", "k"): 15,
    }


def test_quoted_keys_are_unescaped() -> None:
    text = '"a\\u00e9\\"b" = 1\n\'c\\d\' = 2\n"\\U0001F600\\t" = 3\n'
    assert set(lex(text).keys) == {tuple(k.split("/")) for k in tomli.loads(text)}


def test_line_of_falls_back_to_the_nearest_written_table() -> None:
    lexed = lex("[[participant]]\nid = 'a'\n\n[[participant.agreement]]\nsigned = '2020'\n")
    assert lexed.line_of(("participant", 0, "agreement", 0, "signed")) == 5
    assert lexed.line_of(("participant", 0, "agreement", 0, "sources")) == 4  # missing: its table
    assert lexed.line_of(("participant", 0, "notes")) == 1
    assert lexed.line_of(("gaps",)) is None


def test_no_final_newline_and_empty_text() -> None:
    assert comments("a = 1 # end") == [Comment(1, "# end", False)]
    assert lex("a = 1 # end") == lex("a = 1 # end\n")
    assert comments("") == [] and lex("").keys == {}


def test_text_that_is_not_toml_raises_not_lexed() -> None:
    with pytest.raises(NotLexed):
        comments('a = "never closed\n# b\n')
    with pytest.raises(NotLexed):
        lex("= 1\n")


def test_the_bundled_ledger() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    lexed = lex(text)
    assert lexed.comments == comments(text) and all(c.whole_line and c.line <= 5 for c in lexed.comments)
    participants = tomli.loads(text)["participant"]
    assert [lexed.keys[("participant", i)] for i in range(len(participants))] == [
        n for n, line in enumerate(text.splitlines(), 1) if line == "[[participant]]"
    ]


# -- generated documents ---------------------------------------------------------------------------

COMMENT_BITS = ("#", " ", "\t", '"', '"""', "'", "'''", "\\", '\\"""', "[x]", "[[y]]", "a = 1", "{", "}", ",", "é", "☃")
ML_BASIC_BITS = ("a", " ", "#", "# c", "\n", '"a', '""b', '\\"""c', "\\\\", "\\\n  ", "'''", "'", "\\t", "é", "\t")
ML_LITERAL_BITS = ("a", " ", "#", "# c", "\n", "'a", "''b", '"""', "\\", '\\"""', "é", "\t")
SCALARS = (
    "42",
    "+1_000",
    "-17",
    "0xdead_beef",
    "0o17",
    "0b101",
    "3.14",
    "-1e10",
    "6.626e-34",
    "inf",
    "-nan",
    "true",
    "false",
    "1979-05-27",
    "1979-05-27T07:32:00Z",
    "1979-05-27 07:32:00.5-07:00",
    "1979-05-27 07:32:00",
    "07:32:00",
)
VALUE_KINDS = ("scalar", "basic", "literal", "ml_basic", "ml_literal", "array", "inline")
EQUALS = ("=", " = ", "\t=  ", " =")
# Strategies are made once: making one per draw cost most of the generation time.


@functools.cache
def sampled(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


BOOLEANS = st.booleans()
INTEGERS = {(low, high): st.integers(low, high) for low in range(2) for high in range(4)}
BETWEEN = st.lists(st.sampled_from(["blank", "comment"]), max_size=2)


@functools.cache
def listed(options: tuple[str, ...], most: int) -> st.SearchStrategy[list[str]]:
    return st.lists(sampled(options), max_size=most)


class Doc:
    """A TOML document being written, with what the lexer must find in it."""

    def __init__(self, draw: st.DrawFn, newline: str) -> None:
        self.draw = draw
        self.newline = newline
        self.parts: list[str] = []
        self.line = 1
        self.count = 0
        self.comments: list[Comment] = []
        self.keys: dict[KeyPath, int] = {}

    def text(self) -> str:
        return "".join(self.parts)

    def pick(self, options: tuple[str, ...]) -> str:
        return self.draw(sampled(options))

    def bits(self, options: tuple[str, ...], most: int) -> str:
        return "".join(self.draw(listed(options, most)))

    def __repr__(self) -> str:  # what hypothesis shows of a failing case
        return f"Doc({self.text()!r})"

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.line += text.count("\n")

    def end_line(self) -> None:
        """End a line, maybe with a comment after what it holds."""
        if self.draw(BOOLEANS):
            self.write(
                self.pick(
                    (
                        "",
                        " ",
                        "\t  ",
                    )
                )
            )
            self.comment()
        self.write(self.newline)

    def comment(self) -> None:
        text = "#" + self.bits(COMMENT_BITS, 5)
        alone = not self.text().rpartition("\n")[2].strip(" \t")
        self.comments.append(Comment(self.line, text, alone))
        self.write(text)

    def lines_between(self, indent: str = "") -> None:
        """Blank lines and whole-line comments between statements."""
        for kind in self.draw(BETWEEN):
            if kind == "comment":
                self.write(
                    indent
                    + self.pick(
                        (
                            "",
                            "  ",
                            "\t",
                        )
                    )
                )
                self.comment()
            self.write(self.newline)

    def gap(self) -> None:
        """What may stand between the items of an array or inline table: spaces, newlines, comments."""
        kind = self.pick(
            (
                "none",
                "space",
                "newline",
                "after",
                "alone",
            )
        )
        if kind == "space":
            self.write(" ")
        elif kind == "newline":
            self.write(self.newline + "  ")
        elif kind == "after":
            self.write(" ")
            self.comment()
            self.write(self.newline + "  ")
        elif kind == "alone":
            self.write(self.newline + "    ")
            self.comment()
            self.write(self.newline + "  ")

    def key(self) -> tuple[str, KeyPath]:
        """A fresh key of some form: its text and its parts."""
        self.count += 1
        n = self.count
        form = self.pick(
            (
                "bare",
                "digits",
                "basic",
                "literal",
                "dotted",
                "numbers",
            )
        )
        if form == "bare":
            return f"k-{n}_x", (f"k-{n}_x",)
        if form == "digits":
            return str(n), (str(n),)
        if form == "basic":
            return f'"k{n} #.=[\\"\\u00e9\'"', (f"k{n} #.=[\"é'",)
        if form == "literal":
            return f"'k{n} #.\"=\\'", (f'k{n} #."=\\',)
        if form == "numbers":
            return f"{n}.{n}", (str(n), str(n))
        dot = self.pick(
            (
                ".",
                " . ",
                "\t.",
                ". ",
            )
        )
        return f"d{n}{dot}\"e.{n}\"{dot}'f'", (f"d{n}", f"e.{n}", "f")

    def value(self, path: KeyPath, depth: int) -> None:
        kind = self.pick(VALUE_KINDS if depth < 2 else VALUE_KINDS[:-2])
        if kind == "scalar":
            self.write(self.pick(SCALARS))
        elif kind == "basic":
            self.write(
                self.pick(
                    (
                        '""',
                        '"# no"',
                        '"\\"# no\\\\"',
                        "\"''' [a] = 1\"",
                        '"\\u0023"',
                    )
                )
            )
        elif kind == "literal":
            self.write(
                self.pick(
                    (
                        "''",
                        "'# no'",
                        "'\\'",
                        '\'""" [a]\'',
                    )
                )
            )
        elif kind == "ml_basic":
            body = self.bits(ML_BASIC_BITS, 8)
            self.write(
                '"""'
                + body
                + self.pick(
                    (
                        "",
                        '"',
                        '""',
                    )
                )
                + '"""'
            )
        elif kind == "ml_literal":
            body = self.bits(ML_LITERAL_BITS, 8)
            self.write(
                "'''"
                + body
                + self.pick(
                    (
                        "",
                        "'",
                        "''",
                    )
                )
                + "'''"
            )
        elif kind == "array":
            self.write("[")
            count = self.draw(INTEGERS[0, 3])
            for index in range(count):
                self.gap()
                self.value((*path, index), depth + 1)
                self.gap()
                if index < count - 1 or self.draw(BOOLEANS):
                    self.write(",")
            self.gap()
            self.write("]")
        else:
            self.keys.setdefault(path, self.line)  # an inline table in an array: where it opens
            self.write("{")
            count = self.draw(INTEGERS[0, 3])
            for index in range(count):
                self.gap()
                text, parts = self.key()
                self.keys[(*path, *parts)] = self.line
                self.write(text + self.pick(EQUALS))
                self.value((*path, *parts), depth + 1)
                self.gap()
                if index < count - 1 or self.draw(BOOLEANS):
                    self.write(",")
            if count:
                self.gap()
            self.write("}")

    def statements(self, table: KeyPath) -> None:
        for _ in range(self.draw(INTEGERS[0, 3])):
            self.lines_between()
            text, parts = self.key()
            self.write(
                self.pick(
                    (
                        "",
                        "  ",
                        "\t",
                    )
                )
            )
            self.keys[(*table, *parts)] = self.line
            self.write(text + self.pick(EQUALS))
            self.value((*table, *parts), 0)
            self.end_line()

    def header(self, name: str, path: KeyPath, *, array: bool) -> None:
        self.lines_between()
        pad = self.pick(
            (
                "",
                " ",
                "\t ",
            )
        )
        self.write(
            self.pick(
                (
                    "",
                    "  ",
                )
            )
        )
        self.keys[path] = self.line
        self.write(("[[" if array else "[") + pad + name + pad + ("]]" if array else "]"))
        self.end_line()
        self.statements(path)


@st.composite
def documents(draw: st.DrawFn) -> Doc:
    doc = Doc(draw, draw(sampled(("\n", "\r\n"))))
    doc.statements(())
    for _ in range(draw(INTEGERS[0, 3])):
        doc.count += 1
        n = doc.count
        if draw(BOOLEANS):
            dotted = draw(BOOLEANS)
            name, path = (f't{n} . "u.v"', (f"t{n}", "u.v")) if dotted else (f"t{n}", (f"t{n}",))
            doc.header(name, path, array=False)
            continue
        for index in range(draw(INTEGERS[1, 3])):
            doc.header(f"a{n}", (f"a{n}", index), array=True)
            if draw(BOOLEANS):
                doc.header(f"a{n}.sub", (f"a{n}", index, "sub"), array=False)
            for inner in range(draw(INTEGERS[0, 2])):
                doc.header(f"a{n} . 'aot'", (f"a{n}", index, "aot", inner), array=True)
    doc.lines_between()
    return doc


def tomlkit_comments(document: tomlkit.TOMLDocument) -> list[str]:
    """Every comment tomlkit keeps, in document order."""
    found: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, items.Comment):
            found.append(item.trivia.comment)
        elif isinstance(item, items.AoT):
            for table in item.body:
                walk(table)
        elif isinstance(item, items.Table):
            if not item.is_super_table():  # (an implicit table, ``a`` of ``[a.b]``, has a copy of b's trivia)
                found.append(item.trivia.comment)  # the header's comment comes before the table's lines
            for _, inner in item.value.body:
                walk(inner)
        elif isinstance(item, items.InlineTable | items.Array):
            inside = item.value.body if isinstance(item, items.InlineTable) else item._iter_items()
            for part in inside:
                walk(part[1] if isinstance(part, tuple) else part)
            found.append(item.trivia.comment)
        elif isinstance(item, items.Item) and not isinstance(item, items.Whitespace | items.Null):
            found.append(item.trivia.comment)

    for _, item in document.body:
        walk(item)
    return [c for c in found if c]


def follow(data: Any, path: KeyPath) -> None:
    """Fail unless ``path`` leads somewhere in the parsed data."""
    for step in path:
        data = data[step]


@settings(max_examples=examples(1000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_against_tomlkit_and_the_parser(doc: Doc) -> None:
    text = doc.text()
    data = tomli.loads(text)  # the generator writes valid TOML
    found = comments(text)
    lexed = lex(text)
    assert [c.text for c in found] == tomlkit_comments(tomlkit.parse(text))
    assert found == doc.comments
    assert lexed.comments == found
    assert lexed.keys == doc.keys
    for path in lexed.keys:
        follow(data, path)
