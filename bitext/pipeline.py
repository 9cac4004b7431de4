"""The main job behind ``bitext run``: read, pair, align, check, export, report.

One document at a time: its Turkish and English blocks are paired (title, abstract, keywords,
...), each pair is split into segments and aligned, the document's alignments are checked
together (so terminology is compared across blocks), and the aligned corpus and the check
report are written to the output folder. Documents without a Turkish–English pair are
reported as such, not as errors.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections import Counter
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bitext import card, formats, report
from bitext.aligner import LENGTH, align
from bitext.check import CheckConfig, CheckContext, check_alignment
from bitext.documents import pair_blocks, read_document, read_pair, refuse_long, segment
from bitext.errors import InputError, OutputError
from bitext.fileio import (Outputs, check_writable, commit, deferred_signals, remove_stale_temps,
                           write_text)
from bitext.readers import SUFFIXES
from bitext.records import Alignment, Document, DocumentReport

MANIFEST = ".bitext-run.json"  # which run wrote which document's files (see RunRecord)
REPORT = "report.html"
_PAIR_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>tr|en)(?P<ext>\.[A-Za-z]+)$")


@dataclass(frozen=True)
class Source:
    """One input document: a single bilingual file, or a ``X.tr.EXT`` + ``X.en.EXT`` pair."""

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
    """The documents under ``paths``: the files of folders that a reader takes (``.txt``,
    ``.pdf``, ``.docx``, ``.html``, ``.xml``; sorted) and files named directly (any name: the
    reader is chosen by content); ``X.tr.EXT`` and ``X.en.EXT`` side by side become one source.
    Files of one stem in several formats (``paper.pdf``, ``paper.docx``) keep their extension in
    their output names."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
                            and f.name.lower() != "readme.txt" and not f.name.startswith("."))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("no such file or folder", path=str(p), fix="name an existing file or folder")
    if not files:
        raise InputError("no documents found", path=", ".join(map(str, paths)),
                         fix="name a folder with .txt/.pdf/.docx/.html/.xml files or the files themselves")
    sides: dict[str, dict[str, Path]] = {}
    singles: list[Path | tuple[Path, Path]] = []
    for f in files:
        m = _PAIR_NAME.match(f.name)
        if m:
            sides.setdefault(str(f.parent / m["stem"]) + m["ext"], {})[m["lang"]] = f
        else:
            singles.append(f)
    for by_lang in sides.values():
        if set(by_lang) == {"tr", "en"}:
            singles.append((by_lang["tr"], by_lang["en"]))
        else:
            singles += by_lang.values()
    stems = Counter(_stem(s, False) for s in singles)
    return sorted((Source(_stem(s, stems[_stem(s, False)] > 1), s if isinstance(s, tuple) else (s,))
                   for s in singles), key=lambda s: s.stem)


def _stem(item: Path | tuple[Path, Path], with_ext: bool) -> str:
    """The output name of a file or a tr/en pair: its name less the extension (less ``.tr``
    too for a pair); with ``with_ext`` the extension is kept (``paper.pdf`` → ``paper-pdf``)."""
    f = item[0] if isinstance(item, tuple) else item
    stem = _PAIR_NAME.match(f.name)["stem"] if isinstance(item, tuple) else f.stem
    return f"{stem}-{f.suffix.lstrip('.').lower()}" if with_ext and f.suffix else stem


def read(source: Source, *, repair: bool = False) -> Document:
    if len(source.paths) == 2:
        return read_pair(*source.paths, repair=repair)
    return read_document(source.paths[0], repair=repair)


def segment_document(doc: Document, source: Source) -> list[tuple[str, list[str], list[str]]]:
    """``(kind, Turkish sentences, English sentences)`` per paired block of ``doc``; a segment
    too long to be a sentence is refused (naming the file and the block's line)."""
    tr_path, en_path = (str(source.paths[0]), str(source.paths[-1]))
    out = []
    for pair in pair_blocks(doc, "tr", "en"):
        src = [s.text for s in segment(pair.src, "tr")]
        tgt = [s.text for s in segment(pair.tgt, "en")]
        refuse_long(src, tr_path, pair.src.line)
        refuse_long(tgt, en_path, pair.tgt.line)
        if src or tgt:
            out.append((pair.kind, src, tgt))
    return out


def align_document(doc: Document, stem: str, *, encoder=None,
                   segments: list[tuple[str, list[str], list[str]]] | None = None) -> list[Alignment]:
    """Align every Turkish–English block pair of ``doc`` (source Turkish, target English)."""
    if segments is None:
        segments = segment_document(doc, Source(stem, (Path(doc.path),)))
    return [align(src, tgt, src_lang="tr", tgt_lang="en", encoder=encoder, doc=stem, kind=kind)
            for kind, src, tgt in segments]


def output_names(stem: str, langs: tuple[str, str] = ("tr", "en")) -> list[str]:
    """The file names :func:`export` writes for a document ``stem``."""
    return [f"{stem}.tmx", *(f"{stem}.{lang}" for lang in langs), f"{stem}.tsv", f"{stem}.jsonl",
            f"{card.CHECKS}/{stem}.check.jsonl"]


def check_collisions(sources: Sequence[Source]) -> None:
    """Refuse, before anything is written, two inputs whose outputs would share a file name
    (``a/x.txt`` and ``b/x.txt``; ``x.txt``'s report and ``x.check.txt``'s corpus)."""
    owner: dict[str, Source] = {REPORT: Source("(the run's report)", ()),
                                MANIFEST: Source("(the run's record)", ())}
    for source in sources:
        for name in output_names(source.stem):
            other = owner.setdefault(name, source)
            if other is not source:
                them = ", ".join(map(str, other.paths)) or other.stem
                raise InputError(f"its output {name} would overwrite that of {them}",
                                 path=str(source.paths[0]),
                                 fix="rename one of the files, or run them into different --out folders")


def export(alignments: Sequence[Alignment], doc_report: DocumentReport | None, out: Path,
           stem: str, outputs: Outputs | None = None, min_confidence: float = 0.0) -> list[Path]:
    """Write the aligned corpus in every export format (pairs of at least ``min_confidence``)
    and the check report (JSONL, in the ``checks/`` subfolder: the top level holds the corpus
    alone, in one schema), all or none (one :func:`~bitext.fileio.commit` group unless
    ``outputs`` is given)."""
    if outputs is None:
        with commit() as outs:
            return export(alignments, doc_report, out, stem, outs, min_confidence)
    written: list[Path] = []
    for fmt in formats.FORMATS:
        written += formats.write(out / stem if fmt == "moses" else out / f"{stem}.{fmt}", fmt,
                                 alignments, outputs=outputs, min_confidence=min_confidence)
    if doc_report is not None:
        path = out / card.CHECKS / f"{stem}.check.jsonl"
        outputs.write_text(path, report.to_jsonl(doc_report.pairs, doc_report.signature))
        written.append(path)
    return written


class RunRecord:
    """``.bitext-run.json`` in the output folder: per document, the run that wrote its files and
    their SHA-256, and whether that write was complete. Written before and after each document's
    files are renamed into place, so a killed run leaves every document either as an earlier
    run left it or as this run wrote it, and says which; at most one document (``committing``)
    is in between, named."""

    def __init__(self, out: Path):
        self.path = out / MANIFEST
        self.run = f"{time.strftime('%Y%m%dT%H%M%S')}-{hashlib.sha1(str(time.time_ns()).encode()).hexdigest()[:6]}"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.documents = data["documents"] if isinstance(data.get("documents"), dict) else {}
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            self.documents = {}
        self.state = "running"
        self.saved = False  # written with the first document: a run that writes nothing leaves none

    def save(self) -> None:
        self.saved = True
        write_text(self.path, json.dumps({"run": self.run, "state": self.state,
                                          "documents": self.documents}, indent=1,
                                         sort_keys=True) + "\n")

    def commit(self, stem: str, outs: Outputs) -> None:
        """Rename ``outs`` into place, recording the document before and after."""
        files = {}
        for staged in outs.staged:
            staged.finish()
            files[staged.target.name] = _sha256(Path(staged.tmp or staged.target))
        with deferred_signals():
            self.documents[stem] = {"run": self.run, "state": "committing", "files": files}
            self.save()
            outs.finish()
            self.documents[stem]["state"] = "done"
            self.save()

    def close(self, state: str) -> None:
        self.state = state
        if self.saved:
            self.save()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(paths: Sequence[str | Path], out: str | Path, *, encoder: str | None = None,
        repair: bool = False, check: bool = True,
        on_document: Callable[[Source], None] | None = None,
        on_result: Callable[[DocResult], None] | None = None,
        min_confidence: float = 0.0) -> list[DocResult]:
    """Process every document under ``paths`` into ``out``; returns one result per document.

    ``on_document`` is called before each document, ``on_result`` after it (for progress display).
    """
    out = Path(out)
    check_writable(out, folder=True)
    sources = collect(paths)
    check_collisions(sources)
    documents = [read(s, repair=repair) for s in sources]  # bad input fails before any output
    segments = [segment_document(d, s) for d, s in zip(documents, sources)]
    if out.is_dir():
        remove_stale_temps(out)  # left by a run that was killed (SIGKILL) mid-write
    record = RunRecord(out)
    try:
        results = _run(sources, documents, segments, out, record, encoder=encoder, check=check,
                       on_document=on_document, on_result=on_result, min_confidence=min_confidence)
    except BaseException:
        with contextlib.suppress(OutputError):  # a full disk may refuse the record too
            record.close("interrupted")
        raise
    record.close("complete")
    return results


def _run(sources: Sequence[Source], documents: Sequence[Document], segments: Sequence[list],
         out: Path, record: RunRecord, *, encoder: str | None, check: bool,
         on_document: Callable[[Source], None] | None,
         on_result: Callable[[DocResult], None] | None, min_confidence: float) -> list[DocResult]:
    config = CheckConfig(encoder="none" if encoder == LENGTH else encoder)
    context: CheckContext | None = None  # the models, loaded once, when a document needs them
    results: list[DocResult] = []
    for source, doc, segs in zip(sources, documents, segments):
        if on_document:
            on_document(source)
        if context is None and segs:
            context = CheckContext.load(config)
        enc = LENGTH if encoder == LENGTH else context.encoder if context else None
        aligns = align_document(doc, source.stem, encoder=enc, segments=segs)
        doc_report = check_alignment(aligns, config, context) if check and aligns else None
        written: list[Path] = []
        if aligns:
            outs = Outputs()
            try:
                written = export(aligns, doc_report, out, source.stem, outs, min_confidence)
                record.commit(source.stem, outs)
            except BaseException:
                outs.discard()
                raise
        results.append(DocResult(source, doc, tuple(aligns), doc_report, tuple(written)))
        if on_result:
            on_result(results[-1])
    reports = [r.report for r in results if r.report is not None]
    if reports:
        html = out / REPORT
        write_text(html, report.render_html(
            [p for r in reports for p in r.pairs], title="bitext run: translation check",
            signature=reports[0].signature, summary=reports[0] if len(reports) == 1 else None,
            alignments=[a for r in results for a in r.alignments]))
        results = [r if r.report is None else DocResult(r.source, r.document, r.alignments, r.report,
                                                        r.outputs + (html,)) for r in results]
    aligns = [a for r in results for a in r.alignments]
    readme = out / "README.md"
    if aligns and _ours(readme):
        n = len(formats.aligned_pairs(aligns))
        write_text(readme, card.dataset_card(aligns, reports, n))
        results = [r if not r.alignments else DocResult(r.source, r.document, r.alignments, r.report,
                                                        r.outputs + (readme,)) for r in results]
    return results


def _ours(readme: Path) -> bool:
    """A README.md bitext may (re)write: none yet, or a dataset card bitext wrote before."""
    return not readme.exists() or "\nbitext_version:" in readme.read_text(encoding="utf-8", errors="replace")


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
            "reader": r.document.reader,
            "status": r.status,
            "blocks": ", ".join(a.kind for a in r.alignments) or "-",
            "pairs": len(beads),
            "shapes": " ".join(f"{k}:{v}" for k, v in sorted(shapes.items(), key=lambda kv: -kv[1])) or "-",
            "confidence": round(sum(b.score for b in beads) / len(beads), 3) if beads else None,
            "worst": _worst(r.report),
            "mqm": r.report.mqm_score if r.report else None,
            "notes": list(r.document.notes),
        })
    return rows


def _worst(doc_report: DocumentReport | None) -> str:
    if doc_report is None:
        return "-"
    from bitext.check import worst
    return worst([p.severity for p in doc_report.pairs])
