"""MEAN (polarity): negation present on one side only, and opposite words exchanged.

Opposites (``bitext/data/opposites.tsv``): increase/fall, won/lost, allowed/banned,
confirmed/denied, improved/worsened, all/some/most/none, before/after. A pole of a group on one
side and its opposite on the other, with the same negation parity on both sides (so "izin
vermedi" = "banned" stays quiet), is a major finding.

Strong cues are explicit negation (değil, yok, hiç, asla, -mA- verb negation; not, no, never,
n't, without). Weak cues (privative affixes and "lack"-type verbs: -sIz, yoksun; un-, -less,
lacks, fails) do not raise a finding themselves but can account for a strong cue on the other side
("eşit olmayan" = "unequal").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bitext.check import lexicon
from bitext.check.context import PairInput, Word, finding
from bitext.check.registry import register
from bitext.records import Finding

CHECK = "polarity"


@dataclass(frozen=True)
class PolarityConfig:
    """No parameters of its own (its word lists are part of its code)."""

_STRONG = {
    "tr": re.compile(
        r"^(değil\w*|yok(tur|tu|muş|sa|ken|mu)?|hiç\w*|asla|ne|hayır)$"  # değil(dir), yok(tur), hiçbir
        r"|\w{2,}(m[ıiuü]yor|m[ae]d[ıi](?!r$)|m[ae]y[ae]c[ae][kğ]|m[ae]y[ıi]n$|m[ae]y[ıi]n[ıi]z$|m[ae]y[ae]n|m[ae]y[ae]bil|m[ae]m[ıi]ş"
        r"|m[ae]m[ae]|m[ae]y[ıi]z|m[ae]s[ae]$|m[ae]y[ae]r[ae]k|m[ae]z(s[ae]|l[ae]r|d[ıi]|k[ae]n|s[ıi]n)?)\w*$"
        r"|\w{2,}[ae]m[ae]m$"),  # ağlamam, bakamam: aorist negative, first person
    "en": re.compile(r"^(not|no|never|none|nobody|nothing|nowhere|neither|nor|without|cannot|"
                     r"\w+n['’]t|n['’]t)$"),
}
_WEAK = {
    "tr": re.compile(r"^(\w{2,}m[ae]d[ae]n|\w{3,}s[ıiuü]z(l[ıiuü][kğ]\w*|d[ıiuü]r|[ıiuü]n?|[ae])?|yoksun\w*|eksik\w*|"
                     r"\w+(ıl|il|ul|ül|n)m[ae]z(d[ıiuü]r|l[ae]r)?|"  # inanılmaz, kaçınılmaz: adjectives
                     r"kaçın\w*|reddet\w*|engel\w*|\w+dışı\w*|nadir\w*)$"),
    "en": re.compile(r"^(un(?!der|til|it|iv|iq|ion)\w{4,}|non\w*|in(adequa|suffic|capab|effect|"
                     r"effici|secur|stab|valid|accura|compat|abil|accessib|expens|evitab|frequ)\w*|"
                     r"im(possib|probab|balanc|matur|proper)\w*|ir(relev|regular|respons)\w*|"
                     r"dis(agree|approv|continu|like|regard|ab)\w*|\w+less(ly|ness)?|lack\w*|fail\w*|"
                     r"absen\w*|ceas\w*|refus\w*|avoid\w*|prevent\w*|hardly|barely|rarely|seldom|scarcely|"
                     r"vain|yet|de(central|regul|stabil|activat|valu|militar|mobili)\w*|"
                     r"exclud\w*|den(y|ied|ies)|reject\w*|stop\w*|ignor\w*|landlocked)$"),
}
# Turkish words that look like -mA- negation but are not verbs (extend as found).
# "ekmek", "emek" only as a word's start: değerlendirilmemektedir is negated (-me-mekte-)
_TR_NOT_NEG = re.compile(r"^(\w*(madde|mezun|mezar|zaman|memur|m[ae]zl[ıi][kğ]|tamam|hamam|imam)|"
                         r"ekmek|emek)\w*$")


def cues(ws: list[Word], lang: str, pattern: dict) -> list[Word]:
    """Words of ``ws`` matching the language's cue pattern, not inside names (capitalised
    mid-sentence: Sınır Tanımayan Doktorlar, Doctors Without Borders) nor known look-alikes."""
    rx = pattern.get(lang)
    if rx is None:
        return []
    return [w for i, w in enumerate(ws) if rx.match(w.fold) and not (i > 0 and w.text[:1].isupper())
            and not (lang == "tr" and _TR_NOT_NEG.match(w.fold))]


def _idiom(ws: list[Word], i: int, lang: str) -> bool:
    """Negation-looking idioms: yok etmek (destroy), yapıp yapmayacağı (whether), hiç olmadığı
    kadar (more than ever), no matter, "never before" (= ilk kez, the first time),
    and lexicalised -Ilmaz adjectives (inanılmaz)."""
    w, nxt = ws[i].fold, ws[i + 1].fold if i + 1 < len(ws) else ""
    prev = ws[i - 1].fold if i else ""
    if lang == "tr":
        return (w == "yok" and nxt.startswith(("et", "ed", "ol"))) or nxt == "kadar" or \
            (prev[-2:] in ("ip", "ıp", "up", "üp") and prev[:4] == w[:4]) or \
            bool(_WEAK["tr"].match(w) and re.search(r"(ıl|il|ul|ül|n)m[ae]z(d[ıiuü]r|l[ae]r)?$", w))
    return (w == "no" and nxt == "matter") or (w == "never" and any(
        x.fold == "before" for x in ws[i + 1:i + 6]))  # "never before had": the first time


def _strong(ws: list[Word], lang: str) -> list[Word]:
    index = {id(w): i for i, w in enumerate(ws)}
    found = [w for w in cues(ws, lang, _STRONG) if not _idiom(ws, index[id(w)], lang)]
    if lang == "tr":  # "ne" negates only in "ne ... ne" (neither ... nor)
        ne = [w for w in found if w.fold == "ne"]
        found = [w for w in found if w.fold != "ne"] + (ne[:1] if len(ne) >= 2 else [])  # once
    if lang == "en":  # "no longer", "not only": "not only ... but also" is not a negation
        found = [w for i, w in enumerate(found) if not _not_only(ws, w)]
    return found


def _not_only(ws: list[Word], w: Word) -> bool:
    """"not only/just ... but", "not long after", "not least": no negated predicate."""
    i = ws.index(w)
    nxt = ws[i + 1].fold if i + 1 < len(ws) else ""
    if w.fold != "not":
        return False
    if nxt in ("only", "just"):  # "it's not just about giving" does negate
        return any(x.fold == "but" for x in ws[i + 2:])
    return nxt in ("long", "least", "unlike")


_TR_NPI = re.compile(r"^(hiç\w*|asla|ne)$")


def negations(ws: list[Word], lang: str) -> list[Word]:
    """Strong cues counted once per negation: Turkish negative concord ("hiçbir şey yapmadı")
    and English "neither ... nor" negate once."""
    found = _strong(ws, lang)
    if lang == "tr" and (any(not _TR_NPI.match(w.fold) for w in found) or cues(ws, lang, _WEAK)):
        # "hiç bozulmadan": the polarity item agrees with the other cue (counted as weak)
        found = [w for w in found if not _TR_NPI.match(w.fold)]
    if lang == "en" and any(w.fold == "neither" for w in found):
        found = [w for w in found if w.fold != "nor"]
    return found


@functools.lru_cache(maxsize=None)
def _poles(lang: str) -> tuple[tuple[str, str, re.Pattern], ...]:
    """(group, pole, whole-word pattern) of the opposites table for ``lang``."""
    return tuple((g, p, re.compile(rx)) for g, p, lg, rx in lexicon.rows("opposites.tsv") if lg == lang)


def poles(ws: list[Word], lang: str) -> dict[tuple[str, str], list[Word]]:
    """Words of ``ws`` per (group, pole) of the opposites table (not inside names)."""
    out: dict[tuple[str, str], list[Word]] = {}
    for i, w in enumerate(ws):
        if i > 0 and w.text[:1].isupper():
            continue
        for g, p, rx in _poles(lang):
            if rx.fullmatch(w.fold):
                out.setdefault((g, p), []).append(w)
    return out


_GROUP_NAMES = {"quantity": "quantifier", "order": "time order"}


# idioms in which a scope word widens nothing: "at all", "after all", "all but", "only just"
_SCOPE_IDIOM = re.compile(r"\b(at all|after all|all but|all over|only just|if only|not only|ever since|"
                          r"than ever|forever|however|whatever|whenever|wherever)\b")


# a one-sided scope word is shown, not flagged on its own: faithful encyclopaedic and news text
# adds "all"/"only" often enough (on the synthetic benchmark's faithful pairs 7 of 500 were flagged
# major by it alone), so the pair score decides
SCOPE_SEVERITY = "minor"
# ... and named apart from the polarity family, whose minor findings weigh in the fitted pair score
SCOPE_CHECK = "scope"
_SCOPE_NAMES = {"all": "all/every", "only": "only", "ever": "record, superlative or unanimity"}


def scope(pair: PairInput, src: dict, tgt: dict) -> list[Finding]:
    """A scope word (all, only, record/ever ...) on one side, no word of its class on the other:
    the scope is widened or narrowed, or an intensifier added (``SCOPE_SEVERITY``)."""
    out = []
    for mine, theirs, text, side, where in ((tgt, src, pair.tgt, "tgt", "target"),
                                           (src, tgt, pair.src, "src", "source")):
        for (group, cls), ws in mine.items():
            if group != "scope" or ("scope", cls) in theirs or ("answer", cls) in theirs:
                continue
            ws = [w for w in ws if not _SCOPE_IDIOM.search(
                text[max(0, w.start - 6):w.end + 5].casefold())]
            if ws:
                out.append(finding("MEAN", SCOPE_SEVERITY, f"scope: {', '.join(w.text for w in ws)} only in the "
                                   f"{where} (the other side has no {_SCOPE_NAMES[cls]})", SCOPE_CHECK,
                                   **{side: [(w.start, w.end) for w in ws]}))
    return out[:1]


def opposites(pair: PairInput) -> list[Finding]:
    """A pole more often on one side facing another pole of its group more often on the other: one
    finding per group (the caller weighs them against negation); and one-sided scope words."""
    src, tgt = poles(pair.src_words, pair.src_lang), poles(pair.tgt_words, pair.tgt_lang)
    out = scope(pair, src, tgt)
    for group in dict.fromkeys(g for g, _ in list(src) + list(tgt) if g not in ("scope", "answer")):
        # poles the source has more of, and poles the target has more of ("düşüyor ... artıyor"
        # against "drop ... fall": one rise became a fall)
        s_only = [k for k in src if k[0] == group and len(src[k]) > len(tgt.get(k, ()))]
        t_only = [k for k in tgt if k[0] == group and len(tgt[k]) > len(src.get(k, ()))]
        if not s_only or not t_only:
            continue
        a, b = src[s_only[0]], tgt[t_only[0]]
        what = _GROUP_NAMES.get(group, "opposite meaning")
        out.append(finding("MEAN", "major", f"{what}: {', '.join(w.text for w in a)} ({s_only[0][1]}) "
                           f"in the source, {', '.join(w.text for w in b)} ({t_only[0][1]}) in the "
                           "target", CHECK, src=[(w.start, w.end) for w in a],
                           tgt=[(w.start, w.end) for w in b]))
    return out


@register(CHECK, config=PolarityConfig, provides=("MEAN",), scored=True, sure=True)
def check(pair: PairInput, cfg: PolarityConfig) -> list[Finding]:
    """Opposite words exchanged (see the module doc); a negation on one side is answered by an
    exchange of antonyms (not allowed = banned). Else a side with more negations than the other,
    and more negation-like words overall (strong
    and weak cues: "eşit olmayan" = "unequal" balances), negates something the other asserts:
    major when the other side has no negation-like word at all, else minor (counts differ in
    faithful pairs: "kaptırmadı" = "took", "yet to announce" = "duyurmadı")."""
    s_strong, t_strong = negations(pair.src_words, pair.src_lang), negations(pair.tgt_words, pair.tgt_lang)
    exchanged = opposites(pair)
    if len(s_strong) % 2 != len(t_strong) % 2 and any(
            "opposite" in f.message for f in exchanged):  # "izin vermedi" = "banned": consistent
        return []
    s_all = len(s_strong) + len(cues(pair.src_words, pair.src_lang, _WEAK))
    t_all = len(t_strong) + len(cues(pair.tgt_words, pair.tgt_lang, _WEAK))
    for more, fewer, where, other, side in ((s_strong, t_strong, "source", "target", "src"),
                                            (t_strong, s_strong, "target", "source", "tgt")):
        more_all, fewer_all = (s_all, t_all) if side == "src" else (t_all, s_all)
        if len(more) > len(fewer) and more_all > fewer_all:
            return [finding("MEAN", "minor" if fewer_all else "major",
                            f"negation in the {where} has no counterpart in the {other} "
                            f"({', '.join(w.text for w in more)})", CHECK,
                            **{side: [(w.start, w.end) for w in more]})]
    return exchanged
