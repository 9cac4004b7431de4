"""The main job behind ``bitext run``: read, pair, align, check, export, report.

One document at a time: its Turkish and English blocks are paired (title, abstract, keywords,
...), each pair is split into segments and aligned, the document's alignments are checked
together (so terminology is compared across blocks), and the aligned corpus and the check
report are written to the output folder. Documents without a Turkish–English pair are
reported as such, not as errors.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bitext import formats, report
from bitext.align import LENGTH, align
from bitext.check import CheckConfig, check_alignment
from bitext.documents import pair_blocks, read_document, read_pair, segment
from bitext.errors import InputError
from bitext.fileio import check_writable, write_text
from bitext.records import Alignment, Document, DocumentReport

EXPORTS = ("tmx", "moses", "tsv", "jsonl")
_PAIR_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>tr|en)\.txt$")


@dataclass(frozen=True)
class Source:
    """One input document: a single bilingual file, or a ``X.tr.txt`` + ``X.en.txt`` pair."""

    stem: str
    paths: tuple[Path, ...]


@dataclass(frozen=True)
class DocResult:
    source: Source
    document: Document
    alignments: tuple[Alignment, ...]
    report: DocumentReport | None
    outputs: tuple[Path, ...]

    @property
    def status(self) -> str:
        if self.alignments:
            return "aligned"
        langs = {b.lang for b in self.document.blocks}
        if "tr" not in langs:
            return "no Turkish counterpart"
        if "en" not in langs:
            return "no English counterpart"
        return "no paired blocks"


def collect(paths: Sequence[str | Path]) -> list[Source]:
    """The documents under ``paths``: ``*.txt`` files of folders (sorted) and files named
    directly; ``X.tr.txt`` and ``X.en.txt`` side by side become one source."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.glob("*.txt") if f.name.lower() != "readme.txt")
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("no such file or folder", path=str(p), fix="name an existing file or folder")
    if not files:
        raise InputError("no .txt documents found", path=", ".join(map(str, paths)),
                         fix="name a folder with .txt files or the files themselves")
    sides: dict[str, dict[str, Path]] = {}
    singles: list[Source] = []
    for f in files:
        m = _PAIR_NAME.match(f.name)
        if m:
            sides.setdefault(str(f.parent / m["stem"]), {})[m["lang"]] = f
        else:
            singles.append(Source(f.stem, (f,)))
    for key, by_lang in sides.items():
        if set(by_lang) == {"tr", "en"}:
            singles.append(Source(Path(key).name, (by_lang["tr"], by_lang["en"])))
        else:
            singles += [Source(f.name.removesuffix(".txt"), (f,)) for f in by_lang.values()]
    return sorted(singles, key=lambda s: s.stem)


def read(source: Source, *, repair: bool = False) -> Document:
    if len(source.paths) == 2:
        return read_pair(*source.paths, repair=repair)
    return read_document(source.paths[0], repair=repair)


def align_document(doc: Document, stem: str, *, encoder=None) -> list[Alignment]:
    """Align every Turkish–English block pair of ``doc`` (source Turkish, target English)."""
    out = []
    for pair in pair_blocks(doc, "tr", "en"):
        src = [s.text for s in segment(pair.src, "tr")]
        tgt = [s.text for s in segment(pair.tgt, "en")]
        if src or tgt:
            out.append(align(src, tgt, src_lang="tr", tgt_lang="en", encoder=encoder,
                             doc=stem, kind=pair.kind))
    return out


def export(alignments: Sequence[Alignment], doc_report: DocumentReport | None, out: Path,
           stem: str, min_confidence: float = 0.0) -> list[Path]:
    """Write the aligned corpus in every export format (pairs of at least ``min_confidence``)
    and the check report (JSONL)."""
    written: list[Path] = []
    for fmt in EXPORTS:
        written += formats.write(out / stem if fmt == "moses" else out / f"{stem}.{fmt}", fmt,
                                 alignments, min_confidence=min_confidence)
    if doc_report is not None:
        path = out / f"{stem}.check.jsonl"
        write_text(path, report.to_jsonl(doc_report.pairs, doc_report.signature))
        written.append(path)
    return written


def run(paths: Sequence[str | Path], out: str | Path, *, encoder: str | None = None,
        repair: bool = False, check: bool = True,
        on_document: Callable[[Source], None] | None = None,
        min_confidence: float = 0.0) -> list[DocResult]:
    """Process every document under ``paths`` into ``out``; returns one result per document.

    ``on_document`` is called before each document (for progress display).
    """
    out = Path(out)
    check_writable(out, folder=True)
    sources = collect(paths)
    documents = [read(s, repair=repair) for s in sources]  # bad input fails before any output
    enc = LENGTH if encoder == LENGTH else None
    config = CheckConfig(encoder="none" if encoder == LENGTH else encoder)
    results: list[DocResult] = []
    for source, doc in zip(sources, documents):
        if on_document:
            on_document(source)
        if enc is None and pair_blocks(doc, "tr", "en"):
            from bitext.encoder import load_encoder
            enc = load_encoder(encoder)
        aligns = align_document(doc, source.stem, encoder=enc)
        doc_report = check_alignment(aligns, config) if check and aligns else None
        written = export(aligns, doc_report, out, source.stem, min_confidence) if aligns else []
        results.append(DocResult(source, doc, tuple(aligns), doc_report, tuple(written)))
    reports = [r.report for r in results if r.report is not None]
    if reports:
        html = out / "report.html"
        write_text(html, report.render_html(
            [p for r in reports for p in r.pairs], title="bitext run: translation check",
            signature=reports[0].signature, summary=reports[0] if len(reports) == 1 else None,
            alignments=[a for r in results for a in r.alignments]))
        results = [r if r.report is None else DocResult(r.source, r.document, r.alignments, r.report,
                                                        r.outputs + (html,)) for r in results]
    return results


def summary(results: Sequence[DocResult]) -> list[dict[str, object]]:
    """One row per document for the run's summary table."""
    rows = []
    for r in results:
        beads = [b for a in r.alignments for b in a.beads]
        shapes: dict[str, int] = {}
        for b in beads:
            shapes[b.shape] = shapes.get(b.shape, 0) + 1
        rows.append({
            "document": r.source.stem,
            "status": r.status,
            "blocks": ", ".join(a.kind for a in r.alignments) or "-",
            "pairs": len(beads),
            "shapes": " ".join(f"{k}:{v}" for k, v in sorted(shapes.items(), key=lambda kv: -kv[1])) or "-",
            "confidence": round(sum(b.score for b in beads) / len(beads), 3) if beads else None,
            "worst": _worst(r.report),
            "mqm": r.report.mqm_score if r.report else None,
            "notes": "; ".join(r.document.notes),
        })
    return rows


def _worst(doc_report: DocumentReport | None) -> str:
    if doc_report is None:
        return "-"
    from bitext.check import worst
    return worst([p.severity for p in doc_report.pairs])
