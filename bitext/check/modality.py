"""MEAN (modality): hedged, reported, intended or obliged on one side, asserted on the other.

Each side gets the cues of each modality class (possibility, report, intention, obligation). A
class on one side only is a finding: major when the cue is a strong one (may, reportedly, plans;
olabilir, iddia, planlıyor) and the other side has no strong cue, minor otherwise (can, said,
wants: common in faithful pairs). A class on both sides is a finding only when one side has more
of its cues and the extra ones include a hedge word proper ("Reportedly, he said" for "dedi").

Tense (``tense``): a Turkish future (-AcAk, -AcAğI) against an English side with no future or
intention at all and a past or perfect verb ("yapılacak" → "has been held"), or an English future
(will, shall, going to) against a Turkish side with no future, intention or possibility and a
past verb: major, a fact's time changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bitext.check.context import PairInput, Word, finding
from bitext.check.registry import register
from bitext.records import Finding

CHECK = "modality"


@dataclass(frozen=True)
class ModalityConfig:
    """No parameters of its own (its word lists are part of its code)."""

_CUES: dict[str, dict[str, re.Pattern]] = {
    "tr": {
        "possibility": re.compile(r"^(olabil\w*|belki|muhtemel\w*|olası\w*|ihtimal\w*|yatkın\w*|"
                                  r"\w+[ae]bil(ir|ecek|eceğ|mek|mesi|di|miş|iyor|se)\w*|"
                                  r"\w+y?[ae]m[ae](z|d[ıi]|y[ae]c|m[ıi]ş)\w*|\w+y?[ae]m[ıi]yor\w*)$"),
        "report": re.compile(r"^(iddia(?!name)\w*|öne|ileri|bildiril\w*|söyle\w*|aktarıl\w*|rivayet\w*|"
                             r"göre|sözde|güya|de(di|miş|diği)\w*|açıkla\w*|belirt\w*|"
                             r"bekle\w*|düşünül\w*|sanıl\w*|inanıl\w*)$"),
        "intention": re.compile(r"^(niyet(?!l[iı])\w*|planl\w*|plan\w*|amaçl\w*|hedefl\w*|isti(yor|yorlar)\w*|"
                                r"düşünüyor\w*|tasarl\w*|iste(diğ|di|mek|me[kd]|yen)\w*)$"),
        "obligation": re.compile(r"^(gerek\w*|zorunda\w*|zorunlu\w*|şart\w*|mecbur\w*|"
                                 r"\w+m[ae]l[ıi](d[ıi]r|yd[ıi]|y[ıi]z|s[ıi]n)?\w*)$"),
    },
    "en": {
        "possibility": re.compile(r"^(may|might|could|can|possibl\w*|possible|perhaps|maybe|"
                                  r"likely|probabl\w*|potential\w*|feasib\w*|viab\w*|unable|able|would|\w{3,}[ai]ble|"
                                  r"cannot|can['’]t|couldn['’]t)$"),
        "report": re.compile(r"^(reported\w*|allege\w*|claim\w*|according|rumou?r\w*|supposed\w*|"
                             r"purported\w*|said|says|told|believed|thought|expected|reports?|arguabl\w*|"
                             r"allegation\w*|accus\w*)$"),
        "intention": re.compile(r"^(plan(s|ned|ning|ners?)?|intend\w*|intent\w*|aim\w*|want\w*|seek\w*|wish\w*|"
                                r"consider\w*|going)$"),
        "obligation": re.compile(r"^(must|should|need\w*|required?|requires|necessar\w*|"
                                 r"necessit\w*|obliged|obligat\w*|has|have|had)$"),
    },
}
# Cues that make a shift major when the other side has none of them (of any class); the rest (can,
# could, said, claimed, planned ...) are common in faithful pairs and only raise a minor finding.
# Turkish -Abilir is as often ability ("is able to") or an English "-able" adjective as it is
# possibility: those English forms count as possibility cues (not strong ones).
_STRONG = {
    "tr": re.compile(r"^(olabilir\w*|belki|muhtemel\w*|olası\w*|iddia(?!name)\w*|niyet(?!l[iı])\w*|"
                     r"planl[ıi]yor\w*|sözde|güya|\w+[ae]bilir(?!l[ıi][kğ])\w*)$"),
    "en": re.compile(r"^(may|might|possibly|perhaps|maybe|likely|probably|reportedly|allegedly|"
                     r"alleged|purportedly|supposedly|plans?|planning|intends?|intention)$"),
}
# Hedge words proper (not -Abilir, "can" or a claim noun): one more of them than the other side's
# cues of the class hedges a statement the other side makes ("Reportedly, he said" for "dedi")
_HEDGE = {
    "tr": re.compile(r"^(belki|muhtemelen|olabilir\w*|olası|sözde|güya|iddiaya)$"),
    "en": re.compile(r"^(may|might|possibly|perhaps|maybe|probably|reportedly|allegedly|"
                     r"purportedly|supposedly)$"),
}
# ... and these on the other side answer it ("olabileceğini" for "may")
_HEDGED = {"tr": re.compile(r"^(olabil\w*|ihtimal\w*|bildiril\w*)$"),
           "en": re.compile(r"^(could|reported)$")}
# Capitalised mid-sentence, these are names (Mrs May, the Development Plan), not cues.
_NAME_LIKE = {"may", "plan", "plans", "will", "hope", "claim"}
# "has/have/had" count for obligation only in "has to"; checked below.


def classes(ws: list[Word], lang: str) -> dict[str, list[Word]]:
    out: dict[str, list[Word]] = {}
    for i, w in enumerate(ws):
        if lang == "en" and i > 0 and w.text[:1].isupper() and w.fold in _NAME_LIKE:  # Mrs May
            continue
        for name, rx in _CUES.get(lang, {}).items():
            if not rx.match(w.fold):
                continue
            if w.fold in ("has", "have", "had") and not (i + 1 < len(ws) and ws[i + 1].fold == "to"):
                continue
            out.setdefault(name, []).append(w)
    return out


_TR_FUTURE = re.compile(r"^\w{2,}y?[ae]c[ae](k|ğ)\w*$")
# -AcAk nouns and adjectives that are no future: clothing, food, drink, the future / next
_TR_FUTURE_NOUNS = re.compile(r"^(giyecek|yiyecek|içecek|gelecek)\w*$")
# -DI (he did, we did, they did) and -mIş; not -DIr (a copula) nor -DIm/-DIn (nouns: dağıtım)
_TR_PAST = re.compile(r"^\w{2,}([dt][ıiuü](k|lar|ler)?|m[ıiuü]ş(t[ıiuü]r|l[ae]r)?)$")
# what makes an English side not past: a future, an intention, a plan, a modal, a schedule
_EN_NOT_PAST = re.compile(r"^(will|would|shall|going|plan\w*|intend\w*|expect\w*|set|scheduled|due|"
                          r"upcoming|next|future|aim\w*|may|might|could|should|can|must|to|\w+['’]ll|"
                          r"wants?|hopes?|seeks?|prepar\w*|forthcoming|coming|tomorrow|soon)$")
_EN_FUTURE = re.compile(r"^(will|shall|\w+['’]ll)$")
_EN_PAST = re.compile(r"^(has|have|had|was|were|did|\w{3,}ed|said|made|took|won|lost|went|came|"
                      r"gave|held|told|met|left|began|became|got|saw|sent|spent|paid|sold|built|"
                      r"brought|bought|found|kept|led|ran|rose|fell|hit|put|set|struck|wrote)$")
_TR_NOT_PAST = _CUES["tr"]["intention"], _CUES["tr"]["possibility"]


def tense(pair: PairInput) -> list[Finding]:
    """A fact's time changed between a Turkish and an English side (see the module doc)."""
    if {pair.src_lang, pair.tgt_lang} != {"tr", "en"}:
        return []
    tr, en = (pair.src_words, pair.tgt_words) if pair.src_lang == "tr" else (pair.tgt_words, pair.src_words)
    tr_side, en_side = ("src", "tgt") if pair.src_lang == "tr" else ("tgt", "src")
    future = [w for w in tr if _TR_FUTURE.match(w.fold) and not _TR_FUTURE_NOUNS.match(w.fold)]
    en_past = [w for w in en if _EN_PAST.match(w.fold)]
    if future and en_past and not any(_EN_NOT_PAST.match(w.fold) for w in en):
        return [finding("MEAN", "major", f"tense: future in Turkish ({', '.join(w.text for w in future)}), "
                        f"past or perfect in English ({', '.join(w.text for w in en_past)})", CHECK,
                        **{tr_side: [(w.start, w.end) for w in future],
                           en_side: [(w.start, w.end) for w in en_past]})]
    will = [w for w in en if _EN_FUTURE.match(w.fold)]
    tr_past = [w for w in tr if _TR_PAST.match(w.fold)]
    if will and tr_past and not future and not any(rx.match(w.fold) for w in tr for rx in _TR_NOT_PAST):
        return [finding("MEAN", "major", f"tense: future in English ({', '.join(w.text for w in will)}), "
                        f"past in Turkish ({', '.join(w.text for w in tr_past)})", CHECK,
                        **{tr_side: [(w.start, w.end) for w in tr_past],
                           en_side: [(w.start, w.end) for w in will]})]
    return []


@register(CHECK, config=ModalityConfig, provides=("MEAN",), scored=True, sure=True)
def check(pair: PairInput, cfg: ModalityConfig) -> list[Finding]:
    """Per modality class, the side with more cues, when they shift the modality (see above);
    and a changed tense (``tense``)."""
    if pair.src_lang not in _CUES or pair.tgt_lang not in _CUES:
        return []
    findings = tense(pair)
    src, tgt = classes(pair.src_words, pair.src_lang), classes(pair.tgt_words, pair.tgt_lang)
    for name in sorted(set(src) | set(tgt)):
        s, t = src.get(name, []), tgt.get(name, [])
        if len(s) == len(t):
            continue
        on_src = len(s) > len(t)
        cue, fewer = (s, t) if on_src else (t, s)
        lang, other_lang = (pair.src_lang, pair.tgt_lang) if on_src else (pair.tgt_lang, pair.src_lang)
        other = tgt if on_src else src
        # both sides have the class: only an extra hedge word counts (_HEDGE is part of _STRONG)
        strong = [w for w in cue if (_HEDGE if fewer else _STRONG)[lang].match(w.fold)]
        hedged = any(_STRONG[other_lang].match(w.fold) or (fewer and _HEDGED[other_lang].match(w.fold))
                     for ws in other.values() for w in ws)
        if fewer and (not strong or hedged):
            continue
        if not strong:  # said, would, can on one side only: loose translations do that
            continue
        severity = "major" if not hedged else "minor"
        side = "source" if on_src else "target"
        shown = strong if fewer else cue
        findings.append(finding(
            "MEAN", severity,
            f"{name} ({', '.join(w.text for w in shown)}) only in the {side}; the other side asserts",
            CHECK, **({"src": [(w.start, w.end) for w in shown]} if on_src
                      else {"tgt": [(w.start, w.end) for w in shown]})))
    return findings
