"""`ilrs report`: one self-contained HTML file a newsroom can open, attach, print or host.

No script, nothing fetched (a Content-Security-Policy says so to the browser as well), the chart and
the map inline as SVG, every source a link, and a print style for A4. All stored text passes
``escape_html``; a source is a link only when it is an http(s) URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ilrs_cli.core.compare import Comparison
from ilrs_cli.core.model import Instrument, Kind, Participant, Status
from ilrs_cli.core.picture_facts import counterpart
from ilrs_cli.core.text import is_url
from ilrs_cli.core.timeline import COUNTED, Event
from ilrs_cli.output.pictures.svg import FONT, esc, instrument_words

STYLE = """
:root { color-scheme: light; }
body { font-family: FONT; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 46rem;
  padding: 1.5rem 1rem 3rem; line-height: 1.5; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid #d0d0d0; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
.asof { color: #595959; margin: 0 0 1rem; font-size: 1.05rem; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { color: #595959; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem .25rem 0; border-bottom: 1px solid #e3e3e3; }
th { border-bottom: 2px solid #767676; }
td.num, th.num { text-align: right; }
td.date { white-space: nowrap; }
a { color: #0b57a4; }
ol.sources a { overflow-wrap: anywhere; }  /* a long address breaks anywhere; a name only between words */
.table { overflow-x: auto; }  /* a narrow screen scrolls a wide table instead of cutting it */
dl { margin: .2rem 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; font-size: .9rem; }
dt { color: #595959; }
dd { margin: 0; }
ol.sources { margin: .2rem 0 .6rem; padding-left: 1.4rem; font-size: .9rem; }
.agreement { margin: .6rem 0 1rem; padding-left: .8rem; border-left: 3px solid #e3e3e3; }
footer { margin-top: 2.5rem; color: #595959; font-size: .9rem; border-top: 1px solid #d0d0d0; padding-top: .6rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  h3, figure, tr, .agreement { break-inside: avoid; }
  h2 { margin-top: 1.2rem; }
  figure svg { max-height: 130mm; }  /* the chart fits under the method, the map under its heading */
  a { color: inherit; }
  .table { overflow: visible; }
}
""".replace("FONT", FONT)

METHOD = (
    "A participant joins on the date of its first instrument (a memorandum, joint statement or agreement): the "
    "day it was signed, or the day it was announced when the signing day is not known. Dates keep the precision "
    "the sources give: a joining known only to the month or the year is counted from the end of that period and "
    "is never placed on a day the sources do not give. A country (a state) is counted once, whichever national "
    "body signed for it; universities, institutes, companies and international organisations are counted as "
    "participants of their own. Statuses: <em>member</em>, a signed instrument the sources confirm; "
    "<em>claimed</em>, named as a member by an official or a report, with no instrument found; <em>applicant</em>, "
    "has applied or said it intends to join; <em>disputed</em>, an instrument exists but the sources disagree that "
    "it means membership; <em>withdrawn</em>, has left, and is counted until the day it left. Only members count "
    "in the totals."
)


class ReportInput(NamedTuple):
    """Everything the report shows; the command gathers it from the core and the pictures."""

    title: str
    as_of: str
    participants: Sequence[Participant]
    status_of: dict[str, Status]  # status at the as-of date, by participant id
    events: Sequence[Event]
    chart_svg: str
    map_svg: str
    instruments: int
    sources: int
    version: str
    source: str = "ilrs ledger"  # the credit's source (and programme)
    comparison: Comparison | None = None  # with --compare: the countries of both programmes
    titles: tuple[str, str] = ("ILRS", "Artemis Accords")
    compare_svgs: tuple[str, str] = ("", "")  # the comparison chart and map
    period: str = ""  # the joining window (--since/--until) as a reader says it
    captions: tuple[str, str] = ("", "")  # under the chart and the map: why their counts differ, if they do
    note: str = ""  # what the counts leave out, from the ledgers' gaps (picture_facts.unnamed_note)
    compare_source: str = ""  # the second ledger's credit: "ilrs ledger (artemis-accords); N instruments, ..."


def _inline(svg: str) -> str:
    """An SVG document as an element of the page (the XML declaration dropped)."""
    return svg.split("?>", 1)[1].strip() if svg.startswith("<?xml") else svg


_KIND_WORDS = {
    Kind.STATE: "State",
    Kind.ORGANIZATION: "Organisation",
    Kind.INSTITUTION: "Institution",
    Kind.COMPANY: "Company",
}


_UNFOUND = (Status.CLAIMED, Status.APPLICANT, Status.DISPUTED)  # a record of these may hold no instrument


def _word(value: str) -> str:
    """A code as a word in a table: ``member`` -> ``Member``."""
    return value[:1].upper() + value[1:]


def _caption(words: str) -> str:
    return f"<figcaption>{esc(words)}</figcaption>" if words else ""


def _link(url: str) -> str:
    if is_url(url):
        return f'<a href="{esc(url)}" rel="noreferrer">{esc(url)}</a>'
    return esc(url)


def _participants_table(data: ReportInput) -> list[str]:
    rows = [
        '<div class="table">',
        "<table>",
        "<thead><tr><th scope=col>Participant</th><th scope=col>Kind</th><th scope=col>Country</th>"
        "<th scope=col>Status</th><th scope=col>Joined</th><th scope=col class=num>Instruments</th></tr></thead>",
        "<tbody>",
    ]
    for p in data.participants:
        joined = p.joined.display() if p.joined is not None else "no date"
        rows.append(
            f'<tr><td><a href="#p-{esc(p.id)}">{esc(p.name)}</a></td><td>{esc(_KIND_WORDS[p.kind])}</td>'
            f"<td>{esc(p.country) or '&#8212;'}</td><td>{esc(_word(data.status_of[p.id].value))}</td>"
            f"<td class=date>{esc(joined)}</td><td class=num>{len(p.agreements)}</td></tr>"
        )
    rows += ["</tbody>", "</table>", "</div>"]
    return rows


def _instruments(data: ReportInput) -> list[str]:
    out = []
    for p in data.participants:
        out.append(f'<h3 id="p-{esc(p.id)}">{esc(p.name)}</h3>')
        status = data.status_of[p.id]
        facts = [("kind", _KIND_WORDS[p.kind]), ("country", p.country), ("status", _word(status.value))]
        if p.withdrawn is not None:
            facts.append(("withdrawn", p.withdrawn.display()))
        if p.notes:
            facts.append(("notes", p.notes))
        out.append("<dl>" + "".join(f"<dt>{k}</dt><dd>{esc(v)}</dd>" for k, v in facts if v) + "</dl>")
        if not p.agreements:
            out.append("<p>No instrument is recorded.</p>")
        for n, a in enumerate(p.agreements, 1):
            when = []
            if a.signed is not None:
                when.append(f"signed {a.signed.display()}")
            if a.announced is not None:
                when.append(f"announced {a.announced.display()}")
            words, other = instrument_words(a.instrument), counterpart(a.counterpart)
            head = f"{n}. {_word(words)}" + (f" with {other}" if other else "")
            if status in _UNFOUND and a.instrument is Instrument.OTHER:  # a claim, not an instrument
                head = f"{n}. {_word(status.value)}" + (f" (with {other})" if other else "") + "; no instrument found"
            details = [
                ("dates", ", ".join(when) or "no date"),
                ("signing body", a.signing_body),
                ("place", a.place),
                ("signatories", ", ".join(a.signatories)),
                ("confidence", a.confidence.value),
                ("notes", a.notes),
            ]
            out.append(
                f'<div class="agreement"><p><strong>{esc(head)}</strong></p><dl>'
                + "".join(f"<dt>{k}</dt><dd>{esc(v)}</dd>" for k, v in details if v)
                + "</dl>"
            )
            if a.sources:
                out.append('<ol class="sources">' + "".join(f"<li>{_link(u)}</li>" for u in a.sources) + "</ol>")
            else:
                out.append("<p>No source is recorded.</p>")
            out.append("</div>")
    return out


def _timeline(events: Sequence[Event]) -> list[str]:
    if not events:
        return ["<p>No dated event in the selection.</p>"]
    rows = [
        '<div class="table">',
        "<table>",
        "<thead><tr><th scope=col>Date</th><th scope=col>Event</th><th scope=col>Participant</th>"
        "<th scope=col class=num>Countries</th><th scope=col class=num>In all</th></tr></thead>",
        "<tbody>",
    ]
    for e in events:
        counted = e.participant.status in COUNTED  # a claim or an application is no joining
        what = "joined" if e.first and counted else e.kind.value
        other = counterpart(e.agreement.counterpart) if e.agreement is not None else ""
        if e.agreement is not None and other and e.kind.value != "withdrawn":
            what += f" ({instrument_words(e.agreement.instrument)} with {other})"
        if not counted:
            what += f"; {e.participant.status.value}, not counted"
        rows.append(
            f"<tr><td class=date>{esc(e.date.display())}</td><td>{esc(what)}</td>"
            f'<td><a href="#p-{esc(e.participant.id)}">{esc(e.participant.name)}</a></td>'
            f"<td class=num>{e.countries}</td><td class=num>{e.participants}</td></tr>"
        )
    rows += ["</tbody>", "</table>", "</div>"]
    return rows


def _comparison(data: ReportInput) -> list[str]:
    """The section beside the second programme: summary, both pictures, one row per country."""
    if data.comparison is None:
        return []
    a, b = data.titles
    rows = [
        "<section>",
        f"<h2>Beside the {esc(b)}</h2>",
        f"<p>{esc(data.comparison.summary(data.titles))}.</p>",
        *(f"<figure>{_inline(svg)}</figure>" for svg in data.compare_svgs if svg),
        '<div class="table">',
        "<table>",
        f"<thead><tr><th scope=col>Country</th><th scope=col>{esc(a)}</th><th scope=col>{esc(a)} since</th>"
        f"<th scope=col>{esc(b)} since</th><th scope=col class=num>{esc(b)} no.</th><th scope=col>First</th>"
        "<th scope=col class=num>Days</th></tr></thead>",
        "<tbody>",
    ]
    groups = (
        (f"In both, {a} and {b}", lambda c: c.both),
        (f"{a} only", lambda c: c.a is not None and c.b is None),
        (f"{b} only", lambda c: c.a is None and c.b is not None),
    )
    heading = {}
    for title, belongs in groups:  # each group's first row follows a heading row with its count
        members = [c for c in data.comparison.countries if belongs(c)]
        if members:
            heading[members[0].code] = f"{title} ({len(members)})"
    for c in data.comparison.countries:
        if c.code in heading:
            rows.append(f"<tr><th scope=colgroup colspan=7>{esc(heading[c.code])}</th></tr>")
        which, days = c.first
        first = data.titles[c.programmes.index(which)] if which in c.programmes else (which or "")
        cells = [
            esc(c.name),
            esc(_word(c.a.level.value).replace("Organization", "Organisation")) if c.a else "&#8212;",
            esc(c.a.date.display()) if c.a and c.a.date else "",
            esc(c.b.date.display()) if c.b and c.b.date else ("&#8212;" if c.b is None else ""),
            str(c.b.ordinal) if c.b and c.b.ordinal else "",
            esc(first) if c.both else "",
            str(abs(days)) if c.both and days else "",
        ]
        rows.append(
            f"<tr><td>{cells[0]}</td><td>{cells[1]}</td><td class=date>{cells[2]}</td><td class=date>{cells[3]}</td>"
            f"<td class=num>{cells[4]}</td><td>{cells[5]}</td><td class=num>{cells[6]}</td></tr>"
        )
    credit = [
        f"<p>Sources: the {esc(a)}, {esc(data.source)}; {data.instruments} instruments, {data.sources} sources. "
        f"The {esc(b)}, {esc(data.compare_source)}.</p>"
    ]
    return [*rows, "</tbody>", "</table>", "</div>", *(credit if data.compare_source else []), "</section>"]


def render_report(data: ReportInput) -> str:
    """The report as one HTML document."""
    credit = f"Source: {data.source}; {data.instruments} instruments, {data.sources} sources."
    joined = f"Joined {data.period}; as of " if data.period else "As of "
    counted = f"{len(data.participants)} participant{'' if len(data.participants) == 1 else 's'}"
    compared = f" Beside it: {esc(data.compare_source)}." if data.comparison is not None and data.compare_source else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be fetched or run: the page is whole as it is.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="ilrs {esc(data.version)}">',
        f"<title>{esc(data.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(data.title)}</h1>",
        f'<p class="asof">{esc(joined)}{esc(data.as_of)}. {counted}; {esc(credit)}</p>',
        *([f'<p class="asof">{esc(data.note[:1].upper() + data.note[1:])}.</p>'] if data.note else []),
        "</header>",
        "<main>",
        "<section>",
        "<h2>Method</h2>",
        f"<p>{METHOD}</p>",
        "</section>",
        "<section>",
        "<h2>Membership over time</h2>",
        f"<figure>{_inline(data.chart_svg)}{_caption(data.captions[0])}</figure>",
        "</section>",
        "<section>",
        "<h2>Where the participants are</h2>",
        f"<figure>{_inline(data.map_svg)}{_caption(data.captions[1])}</figure>",
        "</section>",
        *_comparison(data),
        "<section>",
        "<h2>Participants</h2>",
        *_participants_table(data),
        "</section>",
        "<section>",
        "<h2>Instruments and sources</h2>",
        *_instruments(data),
        "</section>",
        "<section>",
        "<h2>Timeline</h2>",
        *_timeline(data.events),
        "</section>",
        "</main>",
        "<footer>",
        f"<p>{esc(credit)}{compared} Made with ilrs {esc(data.version)}.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
