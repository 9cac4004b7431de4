"""Reading input and printing entities for ``bitext entities`` (table, JSONL, CoNLL BIO)."""
from __future__ import annotations

import json
from pathlib import Path

from bitext.errors import InputError
from bitext.records import Entity, to_dict

LANGS = ("tr", "en")


def read_text(path: Path, lang: str | None = None) -> tuple[str, list[str]]:
    """The text of a text file (``-``: stdin) as given (not NFC-normalised, so offsets point
    into it; line ends become ``\\n``) and notes on its decoding (e.g. cp1254).

    Missing, binary, empty or undecodable input is an InputError naming the line; with
    ``lang``, a text mostly in another language is a LanguageError.
    """
    from bitext import documents, textcodec
    from bitext.fileio import display_name, read_bytes
    name = display_name(path)
    text, _encoding, notes = textcodec.decode(read_bytes(path), name)
    if lang in LANGS:
        documents.check_text_language(text, lang, name)
    return text, notes


def run(text: str, lang: str, backend: str | None) -> tuple[list[Entity], str]:
    """The entities of ``text`` and the name of the backend that found them."""
    from bitext.entities import get_recognizer
    if lang not in LANGS:
        raise InputError(f"unsupported language {lang!r}", fix="use --lang tr or --lang en")
    rec = get_recognizer(lang, backend)
    return rec.recognize(text), rec.name


def print_table(ents: list[Entity], backend: str, title: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text  # user text is never read as rich markup ("[/]" in a name)
    table = Table(title=Text(f"{title}: {len(ents)} entities (backend: {backend})"))
    for col in ("start", "end", "label", "text", "key"):
        table.add_column(col, justify="right" if col in ("start", "end") else "left")
    for e in ents:
        table.add_row(*map(Text, (str(e.start), str(e.end), e.label, e.text, e.key or "")))
    Console(soft_wrap=True).print(table)


def print_match(src: list[Entity], tgt: list[Entity], title: str, as_jsonl: bool = False) -> None:
    """How the mentions of a text and its translation pair up (key, place code, fuzzy)."""
    from bitext.entities import match_entities
    m = match_entities(src, tgt)
    def keys(a: Entity, b: Entity) -> str:
        return a.key or "" if a.key == b.key else f"{a.key or '-'} ~ {b.key or '-'}"
    rows = [(p.src.text, p.tgt.text, keys(p.src, p.tgt), p.method, f"{p.score:.2f}")
            for p in m.pairs]
    rows += [(e.text, "", e.key or "", "unmatched", "") for e in m.unmatched_src]
    rows += [("", e.text, e.key or "", "unmatched", "") for e in m.unmatched_tgt]
    if as_jsonl:
        for s, t, k, how, score in rows:
            print(json.dumps({"src": s, "tgt": t, "key": k, "method": how,
                              "score": float(score) if score else None}, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    table = Table(title=Text(f"{title}: {len(m.pairs)} pairs, {len(m.unmatched_src)} + "
                             f"{len(m.unmatched_tgt)} unmatched"))
    for col in ("source", "target", "key", "how", "score"):
        table.add_column(col)
    for r in rows:
        table.add_row(*map(Text, r))
    Console(soft_wrap=True).print(table)


def to_jsonl(ents: list[Entity]) -> str:
    return "".join(json.dumps(to_dict(e), ensure_ascii=False) + "\n" for e in ents)


def to_conll(text: str, ents: list[Entity], lang: str) -> str:
    """One token per line, ``token<TAB>BIO-tag``; a blank line after each sentence end.

    Apostrophe suffixes are tokens of their own (``Kırım`` B-GPE, ``'daki`` O).
    """
    from bitext.entities.tokens import tokenize
    tags: dict[int, str] = {}
    for e in ents:
        for k in range(e.start, e.end):
            tags[k] = e.label
    lines: list[str] = []
    prev_label = None
    prev_end = -1
    for t in tokenize(text, lang):
        pieces = [(t.start, t.end)] + ([(t.end, t.end + len(t.suffix))] if t.suffix else [])
        for s, e in pieces:
            label = tags.get(s)
            inside = label is not None and prev_label == label and all(
                tags.get(k) == label for k in range(prev_end, s))
            tag = "O" if label is None else ("I-" if inside else "B-") + label
            lines.append(f"{text[s:e]}\t{tag}")
            prev_label, prev_end = label, e
        if t.kind == "punct" and t.text in ".!?":
            lines.append("")
            prev_label = None
    if lines and lines[-1] != "":
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")
