"""``bitext bench segment``: sentence splitting on real Turkish and English, speed and memory.

Data: FLORES-200 dev+devtest and NTREX-128 (Turkish and English, line i translates line i),
grouped into documents by URL / document id; each document's lines are joined with spaces into
one paragraph and split again. Their lines are not clean sentence gold (a line may hold two
sentences, NTREX runs a headline without a stop into its text), so three figures are reported:

* recall: of the line boundaries that follow a terminator (``. ! ? …`` and closing quotes),
  the share the splitter finds — a boundary any splitter should find;
* extra: splits inside a line, per 100 lines (real sentences inside multi-sentence lines, plus
  over-splitting: an upper bound on the latter);
* agree: the share of parallel lines whose Turkish and English sides split into the same number
  of sentences (what a 1-1 sentence aligner needs; translators also merge and split sentences).

Speed: one language's paragraphs repeated until there are at least ``n`` gold lines, written
to a file and read back through ``read_document`` (decoding, damage scan, blocks, language of
every paragraph) and ``segment``. Memory: tracemalloc's peak in a second run (tracemalloc slows
Python down, so time and memory are measured apart).
"""
from __future__ import annotations

import re
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from bitext.bench import bench_dir
from bitext.errors import InputError

LANGS = {"tr": ("tur_Latn", "newstest2019-ref.tur.txt"), "en": ("eng_Latn", "newstest2019-src.eng.txt")}


_TERMINATED = re.compile(r"[.!?…][\"'”’»)]*$")


@dataclass(frozen=True)
class LangResult:
    lang: str
    documents: int
    lines: int
    boundaries: int  # line boundaries after a terminator
    found: int  # of those, found
    extra: int  # splits inside lines
    agree: float  # tr/en sentence-count agreement per parallel line (same for both languages)
    sentences: int  # speed run
    chars: int
    seconds: float
    peak_mb: float

    @property
    def recall(self) -> float:
        return self.found / self.boundaries if self.boundaries else 0.0


def gold_documents(lang: str, root: Path | None = None) -> list[list[str]]:
    """The gold documents of ``lang``: lists of sentences from FLORES-200 and NTREX-128."""
    root = root or bench_dir()
    flores_name, ntrex_name = LANGS[lang]
    docs: list[list[str]] = []
    for split in ("dev", "devtest"):
        base = root / "flores" / "flores200_dataset"
        urls = [row.split("\t")[0] for row in _lines(base / f"metadata_{split}.tsv")[1:]]
        docs += _group(urls, _lines(base / split / f"{flores_name}.{split}"))
    ntrex = root / "ntrex" / "NTREX"
    docs += _group(_lines(ntrex / "DOCUMENT_IDS.tsv"), _lines(ntrex / "NTREX-128" / ntrex_name))
    return docs


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _group(ids: list[str], sents: list[str]) -> list[list[str]]:
    docs: list[list[str]] = []
    last = None
    for doc_id, sent in zip(ids, sents):
        if doc_id != last:
            docs.append([])
            last = doc_id
        docs[-1].append(sent.strip())
    return docs


def run(n: int = 20000, langs: tuple[str, ...] = ("tr", "en"), root: Path | None = None) -> list[LangResult]:
    from bitext.nlp.offline import iter_spans

    if n < 1:
        raise InputError(f"--sentences {n}: must be at least 1", fix="use --sentences 1000 or more")
    gold = {lang: gold_documents(lang, root) for lang in ("tr", "en")}
    agree = _agreement(gold["tr"], gold["en"])
    out = []
    for lang in langs:
        docs = gold[lang]
        boundaries = found = extra = 0
        for sents in docs:
            text = " ".join(sents)
            starts, pos, terminated = set(), 0, set()
            for s in sents:
                starts.add(pos)
                if _TERMINATED.search(s):
                    terminated.add(pos + len(s) + 1)
                pos += len(s) + 1
            got = {start for start, _ in iter_spans(text, lang)}
            terminated.discard(pos)  # the document's end is no boundary
            boundaries += len(terminated)
            found += len(terminated & got)
            extra += len(got - starts)
        lines = sum(len(d) for d in docs)
        sentences, chars, seconds, peak = _speed(docs, lang, n)
        out.append(LangResult(lang, len(docs), lines, boundaries, found, extra, agree,
                              sentences, chars, seconds, peak))
    return out


def _agreement(tr_docs: list[list[str]], en_docs: list[list[str]]) -> float:
    from bitext.nlp.offline import iter_spans
    pairs = [(t, e) for dt, de in zip(tr_docs, en_docs) for t, e in zip(dt, de)]
    same = sum(len(list(iter_spans(t, "tr"))) == len(list(iter_spans(e, "en"))) for t, e in pairs)
    return same / len(pairs) if pairs else 0.0


def _speed(docs: list[list[str]], lang: str, n: int) -> tuple[int, int, float, float]:
    """(sentences, characters, seconds, peak MB) of reading and segmenting >= n gold lines."""
    from bitext.documents import read_document, segment

    paras = [" ".join(d) for d in docs]
    per = sum(len(d) for d in docs)
    text = "\n\n".join(paras * -(-n // per))
    with tempfile.TemporaryDirectory() as tmp:
        warm, path = Path(tmp) / "warm.txt", Path(tmp) / f"long.{lang}.txt"
        warm.write_text(paras[0], encoding="utf-8")
        read_document(warm)  # language models loaded once, outside the timing
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        doc = read_document(path)
        count = sum(len(segment(b, lang)) for b in doc.blocks)
        seconds = time.perf_counter() - t0
        del doc
        tracemalloc.start()
        try:
            doc = read_document(path)
            sum(len(segment(b, lang)) for b in doc.blocks)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return count, len(text), seconds, peak / 1e6


def print_result(results: list[LangResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Sentence splitting, offline backend (FLORES-200 + NTREX-128)")
    for col in ("lang", "lines", "recall", "extra/100", "tr=en", "sentences", "MB", "s",
                "sent/s", "peak MB"):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(r.lang, f"{r.lines:,}", f"{r.recall:.4f}", f"{100 * r.extra / r.lines:.1f}",
                      f"{r.agree:.3f}", f"{r.sentences:,}", f"{r.chars / 1e6:.1f}",
                      f"{r.seconds:.2f}", f"{r.sentences / r.seconds:,.0f}", f"{r.peak_mb:.1f}")
    Console(width=max(Console().width, 100)).print(table)
