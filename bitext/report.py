"""Reports of checked pairs: a terminal table (worst first), JSONL, and an HTML page for editors.

The HTML page is self-contained (inline CSS and script, no network): the two languages side by
side, finding spans highlighted by severity, a severity filter. Every piece of document text is
escaped.
"""
from __future__ import annotations

import html
import json
from collections.abc import Sequence

from bitext.records import SEVERITIES, Alignment, DocumentReport, Finding, PairReport, to_dict

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_RANK = SEVERITY_RANK


def worst_first(reports: Sequence[PairReport]) -> list[PairReport]:
    return sorted(reports, key=lambda r: (-_RANK[r.severity], -r.score, r.doc, r.index))


def pair_json(r: PairReport, signature: str = "") -> dict:
    """One pair as a JSON object: score, severity, findings with spans and their text."""
    def spans(f: Finding, side: str) -> list[dict]:
        text = r.src if side == "src" else r.tgt
        return [{"start": s.start, "end": s.end, "text": text[s.start:s.end]}
                for s in (f.src_spans if side == "src" else f.tgt_spans)]
    out = {"doc": r.doc, "kind": r.kind, "index": r.index, "score": r.score, "severity": r.severity,
           "src_lang": r.src_lang, "tgt_lang": r.tgt_lang, "src": r.src, "tgt": r.tgt,
           "findings": [{"category": f.category, "severity": f.severity, "message": f.message,
                         "check": f.check, "src_spans": spans(f, "src"), "tgt_spans": spans(f, "tgt")}
                        for f in r.findings]}
    if r.metrics:
        out["metrics"] = to_dict(r.metrics)
    if signature:
        out["signature"] = signature
    return out


def to_jsonl(reports: Sequence[PairReport], signature: str = "") -> str:
    return "".join(json.dumps(pair_json(r, signature), ensure_ascii=False) + "\n" for r in reports)


WIDE = 120  # terminal columns below which the table becomes one block per pair


def print_table(reports: Sequence[PairReport], console=None, *, limit: int | None = None,
                summary: DocumentReport | None = None) -> None:
    """A rich table of the pairs, worst first; on a terminal narrower than ``WIDE`` columns one
    block per pair instead (severity line, both texts, one line per finding)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    console = console or Console()
    colours = {"ok": "green", "minor": "yellow", "major": "dark_orange", "critical": "bold red"}
    rows = worst_first(reports)
    if console.width < WIDE:
        for r in rows[:limit] if limit else rows:
            console.print(Text.assemble((f"#{r.index} {r.severity}", colours[r.severity]),
                                        f"  score {r.score:.2f}"))
            console.print(Text(f"  {r.src_lang}: {_clip(r.src)}"), Text(f"  {r.tgt_lang}: {_clip(r.tgt)}"), sep="\n")
            for f in sorted(r.findings, key=lambda f: -_RANK[f.severity]):
                console.print(Text(f"  - {f.category}/{f.severity}: {f.message}"))
            if r.metrics:
                console.print(Text(f"  - vs reference: {metrics_line(r)}"))
        _print_summary(console, summary)
        return
    table = Table(show_lines=False, expand=True)
    for name, kw in (("#", {"justify": "right", "width": 4}), ("severity", {"width": 9}),
                     ("score", {"justify": "right", "width": 6}), ("findings", {"ratio": 2}),
                     ("source", {"ratio": 3}), ("target", {"ratio": 3})):
        table.add_column(name, **kw)
    for r in rows[:limit] if limit else rows:
        top = "; ".join([f"{f.category}/{f.severity}: {f.message}" for f in
                         sorted(r.findings, key=lambda f: -_RANK[f.severity])[:3]]
                        + ([metrics_line(r)] if r.metrics else []))
        table.add_row(str(r.index), Text(r.severity, style=colours[r.severity]), f"{r.score:.2f}",
                      Text(top), Text(_clip(r.src)), Text(_clip(r.tgt)))
    console.print(table)
    _print_summary(console, summary)


def _print_summary(console, summary: DocumentReport | None) -> None:
    if summary is not None:
        console.print(f"MQM penalty {summary.mqm_penalty:g} over {summary.words} source words, "
                      f"score {summary.mqm_score:.3f}; signature {summary.signature}")


def metrics_line(r: PairReport) -> str:
    """``BLEU 41.2 · chrF++ 63.0 · TER 50.0`` against the reference."""
    return " · ".join(f"{m.name} {m.score:g}" for m in r.metrics)


def _clip(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _highlight(text: str, marks: list[tuple[int, int, Finding]]) -> str:
    """Escaped ``text`` with <mark> around spans; overlaps take the worst severity."""
    level = [-1] * len(text)
    notes: list[list[str]] = [[] for _ in text]
    for start, end, f in marks:
        for i in range(max(0, start), min(end, len(text))):
            if _RANK[f.severity] > level[i]:
                level[i] = _RANK[f.severity]
            notes[i].append(f"{f.category} {f.severity}: {f.message}")
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and level[j] == level[i] and notes[j] == notes[i]:
            j += 1
        chunk = html.escape(text[i:j])
        if level[i] >= 0:
            cats = " ".join(sorted({n.split(" ", 1)[0] for n in notes[i]}))
            title = html.escape(" | ".join(dict.fromkeys(notes[i])))
            out.append(f'<mark class="sev-{SEVERITIES[level[i]]}" data-cat="{html.escape(cats)}" '
                       f'title="{title}">{chunk}</mark>')
        else:
            out.append(chunk)
        i = j
    return "".join(out)


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{background:#1f3a5f;color:#fff;padding:14px 24px}
header h1{font-size:20px;margin:0 0 4px}
header p{margin:0;font-size:13px;opacity:.85;overflow-wrap:anywhere}
.bar{padding:10px 24px;background:#fff;border-bottom:1px solid #dde2e8;position:sticky;top:0;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
.bar label{cursor:pointer;user-select:none}
.count{color:#5b6673;font-size:13px}
table{border-collapse:collapse;width:calc(100% - 48px);margin:12px 24px;background:#fff;table-layout:fixed}
th,td{border-bottom:1px solid #e4e8ee;padding:10px;vertical-align:top;text-align:left}
th{background:#eef1f5;font-size:13px}
td.meta{width:92px;font-size:13px;overflow-wrap:anywhere}
p.metrics{font-size:13px;color:#555;margin:4px 0 0}
th.meta{width:92px}
.pill{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;color:#fff}
.pill.ok{background:#3a8f4b}.pill.minor{background:#b58a00}.pill.major{background:#d0641a}.pill.critical{background:#c0262d}
mark{border-radius:3px;padding:0 1px}
mark.sev-minor{background:#fff1a8}
mark.sev-major{background:#ffc999}
mark.sev-critical{background:#ff9c9c;box-shadow:0 1px 0 #c0262d}
ul.findings{margin:6px 0 0;padding-left:18px;font-size:13px;color:#37414d}
ul.findings li b{font-weight:600}
.lang{font-size:11px;color:#7a8591;text-transform:uppercase}
"""

_JS = """
function applyFilter(){
  var on={};document.querySelectorAll('input.sev').forEach(function(c){on[c.value]=c.checked});
  var n=0;document.querySelectorAll('tr.pair').forEach(function(r){
    var show=on[r.dataset.severity];r.style.display=show?'':'none';if(show)n++});
  document.getElementById('shown').textContent=n;
}
document.querySelectorAll('input.sev').forEach(function(c){c.addEventListener('change',applyFilter)});
applyFilter();
"""


def _metrics_html(r: PairReport) -> str:
    if not r.metrics:
        return ""
    sigs = html.escape("; ".join(m.signature for m in r.metrics), quote=True)
    return f'<p class="metrics" title="{sigs}">vs reference: {html.escape(metrics_line(r))}</p>'


def render_html(reports: Sequence[PairReport], *, title: str = "bitext check",
                signature: str = "", summary: DocumentReport | None = None,
                alignments: Sequence[Alignment] = ()) -> str:
    """The editor's report as one self-contained HTML page; with ``alignments``, each block's
    alignment picture (:mod:`bitext.picture`) after the pairs."""
    from bitext.picture import CSS, alignment_html
    rows = []
    counts = {s: 0 for s in SEVERITIES}
    for r in worst_first(reports):
        counts[r.severity] += 1
        src_marks = [(s.start, s.end, f) for f in r.findings for s in f.src_spans]
        tgt_marks = [(s.start, s.end, f) for f in r.findings for s in f.tgt_spans]
        items = "".join(
            f'<li><span class="pill {f.severity}">{f.severity}</span> <b>{html.escape(f.category)}</b> '
            f'{html.escape(f.message)}</li>' for f in sorted(r.findings, key=lambda f: -_RANK[f.severity]))
        where = html.escape(" ".join(x for x in (r.doc, r.kind) if x))
        rows.append(
            f'<tr class="pair" data-severity="{r.severity}"><td class="meta">#{r.index}<br>'
            f'<span class="pill {r.severity}">{r.severity}</span><br>score {r.score:.2f}'
            f'{"<br>" + where if where else ""}</td>'
            f'<td><div class="lang">{html.escape(r.src_lang)}</div>{_highlight(r.src, src_marks)}</td>'
            f'<td><div class="lang">{html.escape(r.tgt_lang)}</div>{_highlight(r.tgt, tgt_marks)}'
            f'{"<ul class=findings>" + items + "</ul>" if items else ""}'
            f'{_metrics_html(r)}</td></tr>')
    boxes = "".join(
        f'<label><input type="checkbox" class="sev" value="{s}" {"checked" if s != "ok" else ""}> '
        f'<span class="pill {s}">{s}</span> {counts[s]}</label>' for s in reversed(SEVERITIES))
    src_lang = html.escape(reports[0].src_lang if reports else "")
    tgt_lang = html.escape(reports[0].tgt_lang if reports else "")
    doc_line = ""
    if summary is not None:
        doc_line = (f"<p>MQM penalty {summary.mqm_penalty:g} over {summary.words} source words "
                    f"(score {summary.mqm_score:.3f})</p>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title><style>{_CSS}{CSS if alignments else ""}</style></head>
<body><header><h1>{html.escape(title)}</h1>
<p>{len(reports)} pairs · signature: {html.escape(signature)}</p>{doc_line}</header>
<div class="bar" id="filter"><b>Show</b>{boxes}<span class="count"><span id="shown">{len(reports)}</span> shown</span></div>
<table><thead><tr><th class="meta">pair</th><th>source ({src_lang})</th><th>target ({tgt_lang})</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
{"".join(alignment_html(a) for a in alignments)}
<script>{_JS}</script></body></html>
"""
