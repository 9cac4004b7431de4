"""ADD, DEL, NUM, NE, MEAN, UNTRANSLATED from the divergence classifier's reading of the pair.

The classifier (:mod:`bitext.divergence.model`) reads both sides' token vectors together and
gives a probability per kind of divergence; its divergence probability also feeds the pair
score. This check turns a confident reading into one finding naming the likeliest kind.
"""
from __future__ import annotations

from dataclasses import dataclass

from bitext.check.context import PairInput, finding
from bitext.check.registry import register
from bitext.divergence.synthetic import CATEGORY
from bitext.records import Finding

CHECK = "classifier"


@dataclass(frozen=True)
class ClassifierConfig:
    prob: float = 0.7  # divergence probability that makes a (minor) finding
    major: float = 0.9  # ... and a major one
# what each label means to an editor
_READS = {"number": "a number, date or amount differs", "entity": "a name differs",
          "negation": "negation differs", "modality": "certainty or modality differs",
          "omission": "content of the source is missing", "addition": "the target adds content",
          "untranslated": "the target is not (fully) translated", "meaning": "a phrase means something else"}
# the labels of a pair read with the sides swapped (the classifier reads Turkish first)
SWAPPED = {"omission": "addition", "addition": "omission"}


def divergence(classes: dict[str, float]) -> float:
    """Probability that the pair diverges in any way."""
    return 1.0 - classes.get("faithful", 1.0)


def classify(clf, encoder_out, pairs, layer_tokens) -> list[dict[str, float]]:
    """Per pair ``{label: probability}``. ``encoder_out`` are the sentence vectors of both sides
    in turn, ``layer_tokens`` the token vectors of the classifier's layer in the same order;
    ``pairs`` are ``(src, tgt, src_lang, tgt_lang)``. A pair whose source is the classifier's
    target language is read with its sides swapped."""
    from bitext.divergence.model import PairVectors
    first = clf.meta.get("src_lang", "tr")
    items, swapped = [], []
    for k, (_s, _t, sl, tl) in enumerate(pairs):
        a, b = 2 * k, 2 * k + 1
        swap = sl != first and tl == first
        if swap:
            a, b = b, a
        items.append(PairVectors(layer_tokens[a], layer_tokens[b],
                                 float(encoder_out[a] @ encoder_out[b])))
        swapped.append(swap)
    out = []
    for probs, swap in zip(clf.probabilities(items), swapped):
        row = {label: float(p) for label, p in zip(clf.labels, probs)}
        out.append({SWAPPED.get(k, k): v for k, v in row.items()} if swap else row)
    return out


@register(CHECK, config=ClassifierConfig, needs=("classifier",),
          provides=("ADD", "DEL", "NUM", "NE", "MEAN", "UNTRANSLATED"), quiet=True)
def check(pair: PairInput, cfg: ClassifierConfig) -> list[Finding]:
    view = pair.semantic
    if view is None or not view.classes:
        return []
    p = divergence(view.classes)
    if p < cfg.prob:
        return []
    label = max((k for k in view.classes if k != "faithful"), key=view.classes.get)
    return [finding(CATEGORY[label], "major" if p >= cfg.major else "minor",
                    f"{_READS[label]} (divergence classifier: {p:.2f} divergent, "
                    f"{view.classes[label]:.2f} {label})", CHECK)]
