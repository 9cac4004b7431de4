"""The alignment picture: a block's two sentence lists with its beads drawn between them.

One row per bead: the source sentences on the left, the target sentences on the right (each
numbered), and between them an SVG connector with a line from every source sentence to every
target sentence of the bead, stretched to the row's height. 1-1 beads are drawn plainly, n-m
beads in another colour, null beads (1-0, 0-1) as a dashed stub marked "no counterpart", and a
bead whose confidence is under ``low`` has its row highlighted. All document text is escaped.
Used by the HTML report and by ``bitext align --format html``.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

from bitext.records import Alignment, Bead

LOW = 0.5  # confidence under which a bead's row is highlighted

CSS = """
.align{margin:12px 24px;background:#fff;border:1px solid #dde2e8;border-radius:6px}
.align h2{font-size:15px;margin:0;padding:8px 12px;background:#eef1f5;border-bottom:1px solid #dde2e8}
.align .legend{font-size:12px;color:#5b6673;padding:4px 12px}
.bead{display:grid;grid-template-columns:1fr 64px 1fr;border-bottom:1px solid #eef1f5}
.bead.low{background:#fff4e5}
.bead .side{padding:4px 8px}
.bead .s{display:block;padding:2px 0;font-size:14px}
.bead .s i{font-style:normal;color:#7a8591;font-size:11px;margin-right:4px}
.bead .none{color:#9aa3ad;font-style:italic;font-size:13px}
.bead svg{width:64px;height:100%;display:block}
.bead svg line{stroke:#3a6ea5;stroke-width:2}
.bead.nm svg line{stroke:#8a4fbf}
.bead.null svg line{stroke:#c0262d;stroke-dasharray:4 3}
.bead .conf{font-size:11px;color:#5b6673;text-align:center}
.bead.low .conf{color:#c0262d;font-weight:600}
"""


def _kind(bead: Bead) -> str:
    if not bead.src or not bead.tgt:
        return "null"
    return "one" if len(bead.src) == len(bead.tgt) == 1 else "nm"


def _connector(bead: Bead) -> str:
    """An SVG of the bead's links in a 64x100 box stretched to the row (non-scaling strokes)."""
    ys = lambda n: [100 * (k + 0.5) / n for k in range(n)]  # noqa: E731
    if not bead.tgt:
        lines = [(0, y, 40, y) for y in ys(len(bead.src))]
    elif not bead.src:
        lines = [(24, y, 64, y) for y in ys(len(bead.tgt))]
    else:
        lines = [(0, a, 64, b) for a in ys(len(bead.src)) for b in ys(len(bead.tgt))]
    return ('<svg viewBox="0 0 64 100" preserveAspectRatio="none" aria-hidden="true">'
            + "".join(f'<line x1="{x1}" y1="{y1:.1f}" x2="{x2}" y2="{y2:.1f}" '
                      'vector-effect="non-scaling-stroke"/>' for x1, y1, x2, y2 in lines)
            + "</svg>")


def _side(indices: Sequence[int], sentences: Sequence[str]) -> str:
    if not indices:
        return '<div class="side"><span class="none">no counterpart</span></div>'
    return '<div class="side">' + "".join(
        f'<span class="s"><i>{i}</i>{html.escape(sentences[i])}</span>' for i in indices) + "</div>"


def alignment_html(alignment: Alignment, *, low: float = LOW) -> str:
    """One block's picture as an HTML fragment (a ``<section>``; style: :data:`CSS`)."""
    title = " · ".join(x for x in (alignment.doc, alignment.kind) if x) or "alignment"
    shapes: dict[str, int] = {}
    rows = []
    for bead in alignment.beads:
        kind = _kind(bead)
        shapes[bead.shape] = shapes.get(bead.shape, 0) + 1
        cls = f"bead {kind}" + (" low" if bead.score < low else "")
        rows.append(f'<div class="{cls}" data-shape="{bead.shape}" data-score="{bead.score:.4f}">'
                    f'{_side(bead.src, alignment.src)}'
                    f'<div>{_connector(bead)}<div class="conf">{bead.score:.2f}</div></div>'
                    f'{_side(bead.tgt, alignment.tgt)}</div>')
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(shapes.items(), key=lambda kv: -kv[1]))
    return (f'<section class="align"><h2>{html.escape(title)} '
            f'({html.escape(alignment.src_lang)} {len(alignment.src)} ↔ '
            f'{html.escape(alignment.tgt_lang)} {len(alignment.tgt)} sentences)</h2>'
            f'<div class="legend">{len(alignment.beads)} beads ({html.escape(counts)}); '
            f'purple: n-m, red dashed: no counterpart, shaded: confidence under {low:g}</div>'
            + "".join(rows) + "</section>")


def render_page(alignments: Sequence[Alignment], *, title: str = "bitext align",
                low: float = LOW) -> str:
    """A self-contained page of alignment pictures (``bitext align --format html``)."""
    signature = html.escape(alignments[0].signature if alignments else "")
    body = "".join(alignment_html(a, low=low) for a in alignments)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}</title><style>'
            'body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}'
            'header{background:#1f3a5f;color:#fff;padding:14px 24px}header h1{font-size:20px;margin:0}'
            'header p{margin:0;font-size:13px;opacity:.85;overflow-wrap:anywhere}'
            f'{CSS}</style></head><body><header><h1>{html.escape(title)}</h1>'
            f'<p>signature: {signature}</p></header>{body}</body></html>\n')


__all__ = ["CSS", "LOW", "alignment_html", "render_page"]
