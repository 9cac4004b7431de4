"""Reports: JSONL, terminal table, and the HTML page rendered in headless Chromium."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bitext import report
from bitext.records import Finding, PairReport, Span

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
EVIL = '<script>alert("x")</script> & <b>bold</b>'


def _reports() -> list[PairReport]:
    src = "Savunma sanayii dahil pek çok anlaşmamız var."
    tgt = "Turkey and Azerbaijan are negotiating the creation of a joint Turkic army."
    add = Finding("ADD", "critical", "'negotiating the creation of a joint Turkic army' is not in the source",
                  "semantic", (), (Span(26, 73),))
    ne = Finding("NE", "major", "entities differ", "entities", (), (Span(0, 6), Span(11, 21)))
    evil_src = f"Kaynak {EVIL} metni."
    punct = Finding("PUNCT", "minor", f"unbalanced {EVIL}", "surface", (Span(7, 15),), ())
    return [
        PairReport("Bu çalışma önemlidir.", "This study is important.", 0.01, "ok", index=2),
        PairReport(src, tgt, 0.99, "critical", (add, ne), index=0),
        PairReport(evil_src, f"Target {EVIL} text.", 0.05, "minor", (punct,), index=1),
    ]


def test_jsonl_and_worst_first():
    rows = [json.loads(x) for x in report.to_jsonl(_reports(), "sig").splitlines()]
    assert rows[1]["findings"][0]["tgt_spans"][0]["text"] == "negotiating the creation of a joint Turkic army"
    assert [r.index for r in report.worst_first(_reports())] == [0, 1, 2]


def test_table_prints_worst_first(capsys):
    from rich.console import Console
    report.print_table(_reports(), Console(width=200, force_terminal=False))
    out = capsys.readouterr().out
    assert out.index("critical") < out.index("minor") < out.index(" ok ")
    # a narrow terminal gets one block per pair: nothing wrapped into columns
    report.print_table(_reports(), Console(width=80, force_terminal=False))
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == ["#0 critical  score 0.99", "  tr: Savunma sanayii dahil pek çok anlaşmamız var.",
                         "  en: Turkey and Azerbaijan are negotiating the creation of a joint Turkic army."]
    assert lines[3].startswith("  - ADD/critical: 'negotiating the creation")


def test_html_escapes_all_text():
    page = report.render_html(_reports(), title=f"t {EVIL}", signature=EVIL)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    assert page.count("<script>") == 1  # only our own filter script
    assert "http://" not in page and "https://" not in page  # self-contained


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_html_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report.render_html(_reports(), title="bitext check: acceptance", signature="sig"),
                    encoding="utf-8")
    shot = tmp_path / "shot.png"
    res = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,900",
         f"--screenshot={shot}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    dom = res.stdout
    assert res.returncode == 0, res.stderr[-2000:]
    # the script ran: the "ok" row is hidden by the default filter, the count updated
    assert 'id="shown">2<' in dom
    assert 'data-severity="ok" style="display: none;"' in dom
    # highlights and escaped text as the browser parsed them
    assert '<mark class="sev-critical" data-cat="ADD"' in dom
    assert "negotiating the creation of a joint Turkic army</mark>" in dom
    assert "&lt;script&gt;alert" in dom and "<script>alert" not in dom
    assert dom.count('class="sev"') == 4
    assert shot.exists() and shot.stat().st_size > 10_000


def test_alignment_picture_marks_shapes_and_low_confidence_and_escapes():
    from bitext.picture import alignment_html, render_page
    from bitext.records import Alignment, Bead
    a = Alignment("tr", "en", ("<b>Bir</b>", "İki & üç.", "Dört.", "Beş."),
                  ("One <script>", "Two, three."),
                  (Bead((0,), (0,), 0.95), Bead((1, 2), (1,), 0.4), Bead((3,), (), 0.1)),
                  doc="d<1>", kind="abstract")
    page = render_page([a])
    assert "<script>" not in page.split("<body>", 1)[1] and "&lt;b&gt;Bir&lt;/b&gt;" in page
    assert "d&lt;1&gt;" in page and "İki &amp; üç." in page
    frag = alignment_html(a)
    assert frag.count('class="bead one"') == 1
    assert frag.count('class="bead nm low"') == 1 and frag.count('class="bead null low"') == 1
    assert frag.count("<line ") == 1 + 2 + 1 and "no counterpart" in frag
    page = report.render_html(_reports(), alignments=[a])
    assert 'class="align"' in page and "bead nm low" in page and "<script>alert" not in page
