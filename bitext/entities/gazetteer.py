"""Names from real data, indexed for token lookup: CLDR (Babel) territory and language names in
Turkish and English, pycountry's ISO 3166 names with their Turkish translations, and the glossary.

Keys: ``GPE:<ISO 3166 alpha-2>`` for countries, ``LOC:<UN M49>`` for world regions
(``LOC:143`` Central Asia / Orta Asya), ``NORP:<alpha-2>`` for peoples (Turkish/Türk → NORP:TR,
via the language's likely territory), ``TYPE:id`` for glossary entries.
"""
from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import lru_cache

from bitext.entities import glossary
from bitext.entities.tokens import name_key, tokenize

LANGS = ("tr", "en")
# CLDR codes that are not places, or are handled by the glossary (EU, UN are ORGs there)
_SKIP_TERRITORIES = {"001", "ZZ", "QO", "EZ", "UN", "EU", "XA", "XB"}
_TR_LANG_SUFFIX = re.compile(r"(.{3,}?)(?:ça|ce|çe|ca)$")
_TR_DEMONYM = re.compile(r"(.{3,}?)l[ıiuü](?:l[ae]r)?(?:[ıiuü]n|[ıiuü]|d[ae]|[ıiuü]n[ıiuü]n)?$")
PRIO_GLOSSARY, PRIO_CLDR, PRIO_DERIVED = 1, 2, 3
# The people named after a language live where CLDR's likely territory says, except these
# (English → the English, not Americans; Portuguese → Portugal).
_PEOPLE_TERRITORY = {"en": "GB", "pt": "PT"}


@dataclass(frozen=True)
class Hit:
    label: str
    key: str
    prio: int
    exact: tuple[str, ...] | None = None  # case-sensitive surface (abbreviations)
    caps: tuple[bool, ...] = ()  # which tokens of the name are capitalised (must be in text)


class Gazetteer:
    """Token-sequence index of names for one language (names of both languages included)."""

    def __init__(self, lang: str, entries: tuple[glossary.GlossaryEntry, ...]):
        self.lang = lang
        self.index: dict[tuple[str, ...], Hit] = {}
        self.max_len = 1
        for e in entries:
            for names in e.names.values():
                for name in names:
                    self.add(name, e.type, e.key, PRIO_GLOSSARY)
        for code, name, label, name_lang in _territories():
            self.add(name, label, f"{label}:{code}", PRIO_CLDR)
            if label in ("GPE", "LOC") and name_lang == "en":
                for dem in _en_demonyms(name):
                    self.add(dem, "NORP", f"NORP:{code}", PRIO_DERIVED)
        for name, code in _peoples():
            self.add(name, "NORP", f"NORP:{code}", PRIO_DERIVED)
        self.gpe_single = {k[0]: h for k, h in self.index.items() if len(k) == 1 and h.label == "GPE"}

    def add(self, name: str, label: str, key: str, prio: int) -> None:
        k = name_key(name, self.lang)
        if not k:
            return
        letters = [c for c in name if c.isalpha()]
        exact = tuple(name_key_raw(name, self.lang)) if letters and all(c.isupper() for c in letters) \
            and len(letters) <= 6 else None
        caps = tuple(w[:1].isupper() for w in name_key_raw(name, self.lang))
        old = self.index.get(k)
        if old is None or prio < old.prio:
            self.index[k] = Hit(label, key, prio, exact, caps)
            self.max_len = max(self.max_len, len(k))
        if label == "NORP" and self.lang == "en" and name.isascii() and not name.endswith("s"):
            self.add(name + "s", label, key, prio)  # Russians, Uzbeks, Iranians

    def lookup(self, folds: tuple[str, ...], surface: tuple[str, ...]) -> Hit | None:
        """The entry for a token sequence; abbreviations must match case, and capitalised
        words of a name must be capitalised in the text ("Turkish parliament" is no name)."""
        hit = self.index.get(folds)
        if hit is None or (hit.exact is not None and hit.exact != surface):
            return None
        if any(c and not w[:1].isupper() for c, w in zip(hit.caps, surface)):
            return None
        return hit

    def demonym_tr(self, fold: str) -> Hit | None:
        """Turkish ``Azerbaycanlı``/``Kazakistanlılar`` → the people of that country (NORP)."""
        m = _TR_DEMONYM.fullmatch(fold)
        if m and (h := self.gpe_single.get(m.group(1))):
            return Hit("NORP", "NORP:" + h.key.split(":", 1)[1], PRIO_DERIVED)
        return None


def name_key_raw(name: str, lang: str) -> list[str]:
    """The token sequence of a name as written (for case checks)."""
    return [t.text for t in tokenize(name, lang)]


@lru_cache(maxsize=1)
def _territories() -> tuple[tuple[str, str, str, str], ...]:
    """(code, name, label, language of the name) from CLDR tr/en and pycountry (English names
    and their Turkish translations)."""
    from babel import Locale
    import pycountry
    out: list[tuple[str, str, str, str]] = []
    for lang in LANGS:
        for code, name in Locale(lang).territories.items():
            if code in _SKIP_TERRITORIES or not name[:1].isupper():
                continue
            out.append((code, name, "LOC" if code.isdigit() else "GPE", lang))
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["tr"], fallback=True)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                out.append((c.alpha_2, name, "GPE", "en"))
                out.append((c.alpha_2, tr.gettext(name), "GPE", "tr"))
    return tuple(out)


@lru_cache(maxsize=1)
def _peoples() -> tuple[tuple[str, str], ...]:
    """(name, territory) for peoples named after a language: English ``Turkish``, ``Armenian``;
    Turkish language names minus ``-ça/-ce``: ``Türkçe`` → ``Türk``, ``Ermenice`` → ``Ermeni``."""
    from babel import Locale
    from babel.core import get_global
    likely = get_global("likely_subtags")
    out = []
    for code in Locale("en").languages:
        if len(code) != 2 or code not in likely:
            continue
        terr = _PEOPLE_TERRITORY.get(code) or str(likely[code]).split("_")[-1]
        if not terr.isalpha():
            continue
        en = Locale("en").languages.get(code, "")
        if en and " " not in en and en[:1].isupper():
            out.append((en, terr))
        tr = Locale("tr").languages.get(code, "")
        if tr and " " not in tr and (m := _TR_LANG_SUFFIX.fullmatch(tr)):
            out.append((m.group(1)[:1].upper() + m.group(1)[1:], terr))
            # the language itself (Fransızca), as English "French" is one word for both
            out.append((tr, terr))
    return tuple(out)


def _en_demonyms(name: str) -> list[str]:
    """English adjectives of a place name: Armenia → Armenian, Pakistan → Pakistani,
    Europe → European, Central Asia → Central Asian."""
    if not name.isascii() or not name[-1:].isalpha():
        return []
    out = [name + "n", name + "an", name + "ian", name + "i"]
    if name.endswith("e"):
        out.append(name[:-1] + "ean")
    return out


@lru_cache(maxsize=4)
def get(lang: str, path: str | None = None) -> Gazetteer:
    return Gazetteer(lang, glossary.load(path))
