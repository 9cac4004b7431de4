"""The dataset card (``README.md``) of a ``bitext run`` folder, so the folder loads as a data set.

Hugging Face ``datasets`` reads the YAML header: ``configs`` name the corpus files (the default
config: every ``*.jsonl`` at the top, one schema) and the checker's records (``checks``), so
``load_dataset(folder)`` and ``load_dataset("json", data_files=folder + "/*.jsonl")`` both work.
The licence is left for the user to fill: bitext cannot know the licence of the documents.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from bitext import __version__
from bitext.records import Alignment, DocumentReport

CHECKS = "checks"  # subfolder of the checker's records
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"))


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` value for ``n`` rows."""
    return next((name for limit, name in _SIZES if n < limit), "n>1M")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def dataset_card(alignments: Sequence[Alignment], reports: Sequence[DocumentReport],
                 pairs: int, title: str = "bitext run") -> str:
    """The card's text: YAML header (languages, licence to fill, size, configs, signatures) and
    a short description of the files."""
    langs = list(dict.fromkeys(lang for a in alignments for lang in (a.src_lang, a.tgt_lang)))
    docs = sorted({a.doc for a in alignments})
    align_sig = next((a.signature for a in alignments if a.signature), "")
    check_sig = next((r.signature for r in reports if r.signature), "")
    configs = ["configs:", "- config_name: default", "  data_files:", "  - split: train",
               '    path: "*.jsonl"']
    if reports:
        configs += ["- config_name: checks", "  data_files:", "  - split: train",
                    f'    path: "{CHECKS}/*.check.jsonl"']
    header = ["---", "language:", *(f"- {lang}" for lang in langs),
              "license: unknown  # fill in: the licence of the source documents",
              f"pretty_name: {_q(title)}", "task_categories:", "- translation",
              "size_categories:", f"- {size_category(pairs)}", *configs,
              f"bitext_version: {_q(__version__)}",
              f"bitext_align_signature: {_q(align_sig)}",
              f"bitext_check_signature: {_q(check_sig)}", "---", ""]
    body = [
        f"# {title}", "",
        f"Sentence-aligned {'–'.join(langs)} pairs made by bitext {__version__}: "
        f"{pairs} pairs from {len(docs)} document{'s' if len(docs) != 1 else ''}.", "",
        "| file | what is in it |", "|---|---|",
        "| `DOC.jsonl` | one pair per line: `translation` ({lang: text}), `src_idx`, `tgt_idx`, "
        "`score`, `doc`, `kind`, `tgt_doc` |",
        "| `DOC.tsv`, `DOC.tmx`, `DOC.tr` + `DOC.en` | the same pairs as bitextor TSV, TMX 1.4b "
        "and Moses |",
    ]
    if reports:
        body += [f"| `{CHECKS}/DOC.check.jsonl` | the checker's record per pair: score, severity, "
                 "findings (config `checks`) |",
                 "| `report.html` | the check report for editors |"]
    body += ["", "```python", "from datasets import load_dataset",
             'pairs = load_dataset("path/to/this/folder", split="train")', "```", "",
             "Licence: fill in `license` above with the licence of the source documents.", "",
             f"Aligner signature: `{align_sig}`", ""]
    if check_sig:
        body += [f"Checker signature: `{check_sig}`", ""]
    return "\n".join(header + body)
