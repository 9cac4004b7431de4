"""Synthetic divergences to train the divergence classifier (after Briakou & Carpuat 2020).

Each faithful Turkish–English pair yields a perturbed copy of its English side, labelled with
the kind of error made: a changed number or date, a swapped name, a flipped negation, a shifted
modality, an omission, an addition, an untranslated copy, or a replaced phrase. Some faithful
pairs are also rewritten in meaning-preserving ways (number formats, contractions) so that the
classifier learns what must *not* count. This generator is written independently of the
benchmark's (``bitext.bench.check``): its edits are more varied (positions, connectors, word
lists), and it is meant to run on other corpora (WMT newstest 2017/2018 by default), so the
benchmark measures generalisation rather than recall of its own recipe.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bitext.entities.values import DAYS, MONTHS

LABELS = ("faithful", "number", "entity", "negation", "modality", "omission", "addition",
          "untranslated", "meaning")
# the checker's category for each label (faithful: none)
CATEGORY = {"number": "NUM", "entity": "NE", "negation": "MEAN", "modality": "MEAN",
            "omission": "DEL", "addition": "ADD", "untranslated": "UNTRANSLATED", "meaning": "MEAN"}


@dataclass(frozen=True)
class Example:
    src: str
    tgt: str
    label: str


_WORD = re.compile(r"\S+")
_NUM = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_NUM_WORDS = ("one two three four five six seven eight nine ten eleven twelve fifteen twenty "
              "thirty forty fifty hundred thousand million billion dozen half quarter first "
              "second third fourth fifth tenth").split()
_MONTHS = [m.title() for m in MONTHS["en"]]
_DAYS = [d.title() for d in DAYS["en"]]
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|has|have|had|must|does|do|did)\b(?! not\b|n't)")
_NEGATED = re.compile(r"\b(is|are|was|were|would|could|should|has|have|had|does|do|did|must)(?:\s+not\b|n't\b)"
                      r"|\b(won't|can't|cannot)\b|\b(never|no longer)\s+", re.I)
_CONTRACT = {"is": "isn't", "are": "aren't", "was": "wasn't", "were": "weren't", "will": "won't",
             "would": "wouldn't", "can": "can't", "could": "couldn't", "should": "shouldn't",
             "has": "hasn't", "have": "haven't", "had": "hadn't", "must": "mustn't",
             "does": "doesn't", "do": "don't", "did": "didn't"}
_UNCONTRACT = {"won't": "will", "can't": "can", "cannot": "can"}
_HEDGE_ADVERBS = ("possibly", "probably", "perhaps", "allegedly", "reportedly", "apparently",
                  "supposedly", "likely", "maybe", "presumably")
_MODAL_SWAPS = [
    (r"\bwill\b", ["may", "might", "could", "would probably", "is expected to"]),
    (r"\bis\b", ["may be", "might be", "could be", "is said to be", "seems to be", "is likely to be"]),
    (r"\bare\b", ["may be", "might be", "could be", "are said to be", "appear to be"]),
    (r"\bwas\b", ["may have been", "was reportedly", "was allegedly", "might have been"]),
    (r"\bwere\b", ["may have been", "were reportedly", "were said to be"]),
    (r"\bhas\b", ["may have", "has reportedly", "is believed to have"]),
    (r"\bhave\b", ["may have", "might have", "are thought to have"]),
    (r"\bsaid\b", ["reportedly said", "is said to have said", "allegedly said"]),
    (r"\b(may|might|could)\b", ["will", "must"]),
    (r"\b(reportedly|allegedly|possibly|probably|perhaps) ", [""]),
    (r"\bcan\b", ["must", "will"]),
    (r"\bwants to\b", ["will", "has decided to"]),
    (r"\b(plans|intends|hopes) to\b", ["will", "is going to"]),
]
_CONNECTORS = (", and", ", while", ", as", " because", " after", ", although", ", which means",
               "; meanwhile,", " —", ", but", " so that", ", when")
_FAITHFUL_REWRITES: list[tuple[str, Callable[[re.Match], str]]] = [
    (r"\b(\d{1,3}),(\d{3})\b", lambda m: m.group(1) + m.group(2)),
    (r"\b(\d+) percent\b", lambda m: m.group(1) + "%"),
    (r"\b(\d+)%", lambda m: m.group(1) + " percent"),
    (r"\b(is|are|was|were|do|does|did|has|have|could|should|would) not\b",
     lambda m: _CONTRACT[m.group(1).lower()]),
    (r"\b(is|are|was|were|does|did|has|have|could|should|would)n't\b", lambda m: m.group(1) + " not"),
    (r"\bUnited States\b", lambda m: "US"),
    (r"\bMr\. ", lambda m: ""),
]


def _words(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text))


def _names(text: str) -> list[re.Match]:
    """Capitalised word runs (not the first word of the text), e.g. 'New York', 'Erdogan'."""
    return [m for m in re.finditer(r"\b[A-Z][\w'’-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w'’-]*)*", text)
            if m.start() > 0 and m.group() not in _MONTHS + _DAYS and len(m.group()) > 2]


def _replace(text: str, start: int, end: int, new: str) -> str:
    out = text[:start] + new + text[end:]
    return re.sub(r"\s{2,}", " ", out).strip()


def number(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    nums = list(_NUM.finditer(tgt))
    worded = [(words, found) for words in (_NUM_WORDS, _MONTHS, _DAYS)
              if (found := list(re.finditer(r"\b(" + "|".join(words) + r")\b", tgt, re.I)))]
    if nums and (not worded or rng.random() < 0.75):
        m = rng.choice(nums)
        raw = m.group().replace(",", "")
        value = float(raw)
        if 1900 <= value <= 2100 and "." not in raw:
            new = str(int(value) + rng.choice([-5, -2, -1, 1, 2, 10]))
        elif rng.random() < 0.3 and value >= 10:
            new = str(int(value * 10)) if rng.random() < 0.5 else str(max(1, int(value // 10)))
        else:
            delta = rng.choice([1, 2, 3, 4, 5, 7, 12, 20, 50, 100])
            new = str(int(value) + delta if "." not in raw else round(value + delta / 10, 1))
        if "," in m.group() and new.isdigit():
            new = f"{int(new):,}"
        return _replace(tgt, m.start(), m.end(), new)
    if not worded:
        return None
    words, found = worded[0]  # number words first, then months, then days
    m = rng.choice(found)
    choice = rng.choice([w for w in words if w.lower() != m.group().lower()])
    if m.group()[:1].islower():
        choice = choice.lower()
    return _replace(tgt, m.start(), m.end(), choice)


def entity(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    names = _names(tgt)
    if not names:
        return None
    m = rng.choice(names)
    pool = [n for n in ctx.names if n not in tgt and (len(n.split()) > 1) == (len(m.group().split()) > 1)]
    return _replace(tgt, m.start(), m.end(), rng.choice(pool)) if pool else None


def negation(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    neg = list(_NEGATED.finditer(tgt))
    if neg and rng.random() < 0.4:
        m = rng.choice(neg)
        if m.group(1):
            return _replace(tgt, m.start(), m.end(), m.group(1))
        if m.group(2):
            return _replace(tgt, m.start(), m.end(), _UNCONTRACT[m.group(2).lower()])
        return _replace(tgt, m.start(), m.end(), "")
    aux = list(_AUX.finditer(tgt))
    if aux:
        m = rng.choice(aux)
        word = m.group(1)
        if rng.random() < 0.5 and word.lower() in _CONTRACT:
            new = _CONTRACT[word.lower()]
            new = new[0].upper() + new[1:] if word[0].isupper() else new
        else:
            new = word + rng.choice([" not", " never", " not", " no longer"])
        return _replace(tgt, m.start(), m.end(), new)
    for a, b in (("always", "never"), ("with", "without"), ("all", "none of the"), ("can", "cannot")):
        m = re.search(rf"\b{a}\b", tgt)
        if m:
            return _replace(tgt, m.start(), m.end(), b)
    return None


def modality(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    swaps = [(rx, reps) for rx, reps in _MODAL_SWAPS if re.search(rx, tgt)]
    if swaps and rng.random() < 0.75:
        rx, reps = rng.choice(swaps)
        m = rng.choice(list(re.finditer(rx, tgt)))
        return _replace(tgt, m.start(), m.end(), rng.choice(reps))
    adverb = rng.choice(_HEDGE_ADVERBS)
    if rng.random() < 0.4 and tgt[:1].isupper() and not tgt[1:2].isupper():
        lead = rng.choice(["Reportedly", "Allegedly", "Perhaps", "Possibly", "Apparently",
                           "According to rumours", "It is claimed that"])
        sep = " " if lead.endswith("that") else ", "
        first = _words(tgt)[0].group()
        body = tgt if first in ctx.name_words else tgt[0].lower() + tgt[1:]
        return lead + sep + body
    words = _words(tgt)
    if len(words) < 4:
        return None
    k = rng.randrange(1, min(len(words), 6))
    return _replace(tgt, words[k].start(), words[k].start(), adverb + " ")


def omission(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    words = _words(tgt)
    if len(words) < 7:
        return None
    clauses = [m for m in re.finditer(r"[^,;:()]+", tgt) if len(m.group().split()) >= 3]
    if len(clauses) >= 2 and rng.random() < 0.5:
        m = rng.choice(clauses)
        out = _replace(tgt, m.start(), m.end(), "").strip(" ,;:")
    else:
        n = rng.randint(max(2, len(words) // 4), max(3, len(words) * 3 // 5))
        a = rng.randrange(0, len(words) - n + 1)
        out = _replace(tgt, words[a].start(), words[a + n - 1].end(), "")
    out = re.sub(r"\s+([,.;:])", r"\1", out).strip(" ,;:")
    if len(out.split()) < 3:
        return None
    return out[0].upper() + out[1:] if out[:1].islower() and tgt[:1].isupper() else out


def addition(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    donor = rng.choice(ctx.targets).rstrip(" .!?")
    dw = donor.split()
    if len(dw) < 6 or donor == tgt:
        return None
    n = rng.randint(4, min(14, len(dw)))
    a = rng.randrange(0, len(dw) - n + 1)
    frag = " ".join(dw[a:a + n]).strip(" ,;:")
    frag = frag[0].lower() + frag[1:] if frag[:1].isupper() and frag.split()[0] not in ctx.name_words else frag
    where = rng.random()
    if where < 0.55:
        return tgt.rstrip(" .!?") + rng.choice(_CONNECTORS) + " " + frag + "."
    commas = [m.end() for m in re.finditer(r",\s", tgt)]
    if where < 0.8 and commas:
        k = rng.choice(commas)
        return tgt[:k] + frag + ", " + tgt[k:]
    lead = rng.choice(["After ", "While ", "As ", "Although ", "Since "])
    return lead + frag + ", " + (tgt[0].lower() + tgt[1:] if tgt.split()[0] not in ctx.name_words else tgt)


def untranslated(src: str, tgt: str, rng: random.Random) -> str | None:
    if rng.random() < 0.6:
        return src
    sw, tw = src.split(), tgt.split()
    if len(sw) < 6 or len(tw) < 6:
        return None
    k = len(tw) // 2
    return " ".join(tw[:k] + sw[len(sw) // 2:]) if rng.random() < 0.5 else " ".join(sw[:len(sw) // 2] + tw[k:])


def meaning(tgt: str, rng: random.Random, ctx: "Context") -> str | None:
    words = _words(tgt)
    donor = rng.choice(ctx.targets).split()
    if len(words) < 5 or len(donor) < 5:
        return None
    n = rng.randint(2, min(5, len(words) - 2))
    a = rng.randrange(0, len(words) - n + 1)
    m = rng.randint(max(1, n - 1), n + 1)
    b = rng.randrange(0, max(1, len(donor) - m + 1))
    repl = " ".join(donor[b:b + m]).strip(" .,;:")
    return _replace(tgt, words[a].start(), words[a + n - 1].end(), repl) if repl else None


def faithful_rewrite(tgt: str, rng: random.Random) -> str:
    """A meaning-preserving variant of ``tgt`` (or ``tgt`` itself when none applies)."""
    rules = [(rx, fn) for rx, fn in _FAITHFUL_REWRITES if re.search(rx, tgt)]
    if not rules:
        return tgt
    rx, fn = rng.choice(rules)
    return re.sub(rx, fn, tgt, count=1)


@dataclass
class Context:
    targets: Sequence[str]
    names: Sequence[str]
    name_words: frozenset[str]


_MAKERS = {"number": number, "entity": entity, "negation": negation, "modality": modality,
           "omission": omission, "addition": addition, "meaning": meaning}


def generate(pairs: Sequence[tuple[str, str]], seed: int = 0, per_pair: int = 1,
             rewrite_share: float = 0.2) -> list[Example]:
    """Every pair as a faithful example (a share rewritten harmlessly) plus ``per_pair``
    perturbed copies, the labels spread evenly over ``LABELS[1:]``."""
    rng = random.Random(seed)
    targets = [t for _, t in pairs]
    names = sorted({m.group() for t in targets for m in _names(t)})
    ctx = Context(targets, names, frozenset(w for n in names for w in n.split()))
    kinds = list(LABELS[1:])
    out: list[Example] = []
    for k, (src, tgt) in enumerate(pairs):
        out.append(Example(src, faithful_rewrite(tgt, rng) if rng.random() < rewrite_share else tgt,
                           "faithful"))
        for j in range(per_pair):
            start = (k * per_pair + j) % len(kinds)
            for step in range(len(kinds)):
                kind = kinds[(start + step) % len(kinds)]
                new = untranslated(src, tgt, rng) if kind == "untranslated" else \
                    _MAKERS[kind](tgt, rng, ctx)
                if new and new.strip() and new != tgt:
                    out.append(Example(src, new, kind))
                    break
    return out
