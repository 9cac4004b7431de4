"""Language-neutral keys and cross-lingual matching of entity mentions.

Two mentions in two languages are the same entity when their keys are equal (``GPE:AM`` for
Ermenistan and Armenia, ``ORG:osce`` for AGİT and OSCE, ``DATE:2021-07-27``), or — for places
and peoples — when their keys name the same code under another place type (``LOC:143`` Orta
Asya ↔ ``NORP:143`` Central Asian).
Mentions without a key (person names, unknown organisations) fall back to a similarity of their
``norm`` (Turkish-casefolded, ASCII-folded): Şentop ~ Sentop.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from bitext import turkish
from bitext.records import Entity

PLACE_TYPES = {"GPE", "LOC", "NORP"}
NUMERIC_TYPES = {"DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
NAME_TYPES = {"PER", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW"}
_VALUE_RE = re.compile(r"P?(\d+(?:\.\d+)?)(?:[YMWD]| \S+)?")
FUZZY_THRESHOLD = 0.8


def norm(text: str, lang: str) -> str:
    """ASCII-folded, Turkish-casefolded form without apostrophe suffix or punctuation."""
    stem = " ".join(turkish.split_apostrophe(w)[0] for w in turkish.nfc(text).split())
    folded = turkish.ascii_fold(stem, lang)
    return " ".join("".join(ch for ch in w if ch.isalnum()) for w in folded.split()).strip()


def make_entity(text: str, start: int, end: int, label: str, key: str | None, lang: str,
                source: str) -> Entity:
    mention = text[start:end]
    return Entity(mention, label, start, end, key, norm(mention, lang), source)


class EntityPair(NamedTuple):
    src: Entity
    tgt: Entity
    score: float  # 1.0 for a key match, the similarity for a fuzzy one
    method: str  # "key" | "place" | "value" | "fuzzy"


@dataclass
class EntityMatch:
    pairs: list[EntityPair] = field(default_factory=list)
    unmatched_src: list[Entity] = field(default_factory=list)
    unmatched_tgt: list[Entity] = field(default_factory=list)


def similarity(a: str, b: str) -> float:
    """Similarity of two norms in 0..1 (1 = identical after folding); suffix-tolerant."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):  # Erdogan ~ Erdogans, Sentop ~ Sentopun
        ratio = max(ratio, 0.9)
    return ratio


_COMPASS_IDS = {"north", "south", "east", "west", "central", "northern", "southern", "eastern",
                "western"}


def _value(key: str | None) -> float | None:
    """The number inside a numeric key: CARDINAL:40, QUANTITY:40 mi, DATE:1930, DATE:P54Y → 40,
    40, 1930, 54 (None for other keys)."""
    if not key or key.split(":", 1)[0] not in NUMERIC_TYPES:
        return None
    m = _VALUE_RE.fullmatch(_id(key))
    return float(m.group(1)) if m else None


def _prefix_related(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)


def _subregion(a: str, b: str) -> bool:
    """One place id is the other with a compass part: south-caucasus ~ caucasus."""
    short, long_ = sorted((a, b), key=len)
    return long_.endswith("-" + short) and long_[:-len(short) - 1] in _COMPASS_IDS


def _id(key: str) -> str:
    return key.split(":", 1)[1]


def match_entities(src: list[Entity], tgt: list[Entity],
                   threshold: float = FUZZY_THRESHOLD) -> EntityMatch:
    """Pair source and target mentions: equal keys, then the same place code, then a bare
    number with the same value as a typed one on the other side (CARDINAL:1300 ↔ DATE:1300,
    CARDINAL:40 ↔ QUANTITY:40 mi), then fuzzy norms.

    Each mention is used at most once; mentions with different keys are never paired fuzzily
    (``DATE:2021`` vs ``DATE:2020`` stays unmatched on both sides).
    """
    left, right = list(src), list(tgt)
    pairs: list[EntityPair] = []

    def take(pred, method: str, scorer=lambda a, b: 1.0) -> None:
        for a in list(left):
            best, best_s = None, 0.0
            for b in right:
                if pred(a, b):
                    s = scorer(a, b)
                    if s > best_s:
                        best, best_s = b, s
            if best is not None:
                pairs.append(EntityPair(a, best, best_s, method))
                left.remove(a)
                right.remove(best)

    take(lambda a, b: a.key is not None and a.key == b.key, "key")
    take(lambda a, b: a.key is not None and b.key is not None and a.label in PLACE_TYPES
         and b.label in PLACE_TYPES and a.label != b.label and _id(a.key) == _id(b.key), "place")
    take(lambda a, b: a.key is not None and b.key is not None and a.label in PLACE_TYPES
         and b.label in PLACE_TYPES and _subregion(_id(a.key), _id(b.key)), "place",
         lambda a, b: 0.9)  # Güney Kafkasya ~ "southern Caucasus" (LOC:south-caucasus ~ LOC:caucasus)
    take(lambda a, b: "CARDINAL" in (a.label, b.label) and a.label != b.label
         and _value(a.key) is not None and _value(a.key) == _value(b.key), "value")
    take(lambda a, b: a.label == b.label == "NORP" and _prefix_related(a.norm, b.norm), "fuzzy",
         lambda a, b: similarity(a.norm, b.norm))  # Türk ~ Turkic (NORP:TR vs NORP:turkic)
    take(lambda a, b: (a.key is None or b.key is None) and a.label in NAME_TYPES
         and b.label in NAME_TYPES and similarity(a.norm, b.norm) >= threshold,
         "fuzzy", lambda a, b: similarity(a.norm, b.norm))
    pairs.sort(key=lambda p: p.src.start)
    return EntityMatch(pairs, left, right)
