"""The offline recogniser: numbers and dates by pattern, names by gazetteer and glossary, and
rules for the rest (titles before person names, citations, capitalised names with a head word).

Candidates from all rules compete; the longest wins, then the more trusted rule. Offsets always
index the original text (apostrophe suffixes excluded: ``Kırım'daki`` → ``Kırım``).
"""
from __future__ import annotations

import re

from bitext.entities import gazetteer
from bitext.entities.keys import make_entity
from bitext.entities.patterns import Cand, find_numbers
from bitext.entities.tokens import Tok, tokenize
from bitext.records import Entity

# Head words that make a capitalised name an ORG, LAW, EVENT, GPE or LOC (folded).
HEADS = {
    "en": {
        "ORG": {"organization", "organisation", "council", "party", "union", "university",
                "ministry", "association", "group", "press", "institute", "committee",
                "assembly", "parliament", "bank", "agency", "commission", "alliance", "forces",
                "army", "navy", "foundation", "company", "corporation", "inc", "ltd", "court",
                "office", "department", "centre", "center", "faculty", "school", "college",
                "community", "pact", "league", "movement", "front", "government", "times",
                "post", "club", "team", "airlines", "airways"},
        "LAW": {"treaty", "declaration", "agreement", "resolution", "convention", "accord",
                "accords", "act", "protocol", "charter", "memorandum", "constitution", "law"},
        "EVENT": {"war", "revolution", "summit", "conference", "crisis", "coup", "olympics",
                  "games", "uprising", "battle", "congress", "forum", "festival", "championship",
                  "championships", "cup", "open", "prix", "expo"},
        "GPE": {"republic", "oblast", "province", "city", "state", "kingdom", "emirate",
                "federation", "territory", "krai"},
        "LOC": {"mountains", "mountain", "sea", "ocean", "river", "basin", "region", "valley",
                "lake", "gulf", "strait", "straits", "peninsula", "desert", "corridor",
                "street", "square", "avenue", "road", "bridge", "airport", "palace", "park",
                "island", "islands", "canal"},
    },
    "tr": {
        "ORG": {"örgütü", "teşkilatı", "konseyi", "partisi", "birliği", "üniversitesi",
                "bakanlığı", "meclisi", "fakültesi", "bölümü", "enstitüsü", "derneği",
                "kurumu", "grubu", "komisyonu", "bankası", "ajansı", "kuvvetleri", "ordusu",
                "vakfı", "şirketi", "mahkemesi", "başkanlığı", "topluluğu", "paktı", "hükümeti",
                "merkezi", "komitesi", "cephesi", "parti", "kulübü", "takımı"},
        "LAW": {"antlaşması", "anlaşması", "bildirgesi", "deklarasyonu", "sözleşmesi",
                "kararı", "protokolü", "kanunu", "yasası", "beyannamesi", "zaptı", "anayasası"},
        "EVENT": {"savaşı", "devrimi", "zirvesi", "konferansı", "krizi", "darbesi",
                  "harekâtı", "harekatı", "ayaklanması", "muharebesi", "kongresi", "forumu",
                  "festivali", "şampiyonası", "kupası", "olimpiyatları"},
        "GPE": {"cumhuriyeti", "eyaleti", "oblastı", "ili", "krallığı", "federasyonu"},
        "LOC": {"dağları", "denizi", "okyanusu", "havzası", "bölgesi", "nehri", "gölü",
                "körfezi", "boğazı", "yarımadası", "çölü", "koridoru", "caddesi", "meydanı",
                "sokağı", "bulvarı", "köprüsü", "havalimanı", "sarayı", "parkı", "adası",
                "adaları", "kanalı"},
    },
}
# Heads of names that are none of our types (journals, newspapers): consumed, not labelled.
NON_ENTITY_HEADS = {
    "en": {"journal", "review", "magazine", "newspaper", "quarterly", "proceedings", "studies"},
    "tr": {"dergisi", "gazetesi", "incelemeleri", "araştırmaları"},
}
COMPASS = {"en": {"central", "eastern", "western", "northern", "southern"},
           "tr": {"orta", "doğu", "batı", "kuzey", "güney"}}
TITLES = {
    "en": {"president", "speaker", "minister", "chancellor", "senator", "governor", "mayor",
           "general", "ambassador", "secretary-general", "king", "queen", "prince", "pope",
           "dr", "prof", "professor", "mr", "mrs", "ms", "sir", "leader", "chairman",
           "commander", "colonel", "admiral", "spokesman", "spokeswoman", "mister"},
    "tr": {"cumhurbaşkanı", "başbakan", "başbakanı", "bakan", "bakanı", "başkanı", "başkan",
           "sözcüsü", "dr", "prof", "doç", "sayın", "büyükelçisi", "büyükelçi", "general",
           "orgeneral", "lideri", "sekreteri", "kral", "kraliçe", "komutanı", "merhum",
           "rahmetli"},
}
CONNECTORS = {"en": {"of", "for", "and", "the", "in", "on", "de"}, "tr": {"ve"}}
STOPWORDS = {
    "en": set("the a an this that these those in on at for with as but and or by from to of "
              "after before during despite while although since under over however meanwhile "
              "furthermore moreover overall today it its their there both all some many most "
              "such ultimately additionally nevertheless nonetheless subsequently currently "
              "similarly finally initially when what who why how if then thus hence yet also "
              "our we they he she his her former new old one two three several ongoing".split()),
    "tr": set("bu şu o bir ve ile için ancak ayrıca fakat ama bugün genel başlangıçta "
              "nihayetinde kendi her bazı çok farklı ortak tüm eski yeni iki üç son en daha "
              "the".split()),
}
_SENT_END = {".", "!", "?", ":", ";", "\"", "“", "”", "(", "-", "–", "—", "•"}
PARTICLES = {"van", "von", "de", "der", "den", "al", "el", "bin", "da", "di", "du", "le"}
_REFERENCE_RE = re.compile(r"(?m)^[ \t]*(?:[-*•]\s+|\d+\.\s+)?([^\W\d_][\w’'-]+), (?:[^\W\d_]\.\s?)+"
                           r"(?:,? ?& [^\W\d_][\w’'-]+, (?:[^\W\d_]\.\s?)+)*\s*\(\d{4}")


def _headline_tokens(text: str, toks: list[Tok]) -> set[int]:
    """Tokens on title-case lines (headings, keyword lists): most words capitalised."""
    out: set[int] = set()
    line_start, k = 0, 0
    for line in text.split("\n") + [""]:
        line_end = line_start + len(line)
        idx = []
        while k < len(toks) and toks[k].start < line_end:
            idx.append(k)
            k += 1
        words = [i for i in idx if toks[i].kind == "word" and len(toks[i].text) > 3]
        if len(words) >= 3 and sum(toks[i].cap for i in words) >= 0.7 * len(words):
            out.update(idx)
        line_start = line_end + 1
    return out


MAX_NAME_TOKENS = 12
PRIO_TITLE, PRIO_CUE, PRIO_PER = 4, 5, 6  # numbers 0, glossary 1, CLDR 2, derived names 3


class OfflineRecognizer:
    """Rule- and gazetteer-based recogniser for Turkish and English (no model needed)."""

    name = "offline"

    def __init__(self, lang: str, glossary_path: str | None = None):
        self.lang = "tr" if lang == "tr" else "en"
        self.gaz = gazetteer.get(self.lang, glossary_path)
        # Head words of both languages: foreign names keep theirs (Deutsche Bank in Turkish text)
        self.heads = {w: lab for lang in ("en", "tr") for lab, ws in HEADS[lang].items()
                      for w in ws}
        self.heads.update({w: "" for w in NON_ENTITY_HEADS[self.lang]})

    def recognize(self, text: str) -> list[Entity]:
        if not text:
            return []
        toks = tokenize(text, self.lang)
        lower_vocab = {t.fold for t in toks if t.kind == "word" and not t.text[:1].isupper()}
        cands = find_numbers(toks, self.lang, text)
        names = self._names(toks)
        cands += names
        cands += self._cue_runs(toks, names, lower_vocab, _headline_tokens(text, toks))
        cands += self._citations(toks, names)
        cands += self._references(text, toks)
        return [make_entity(text, c.start, c.end, c.label, c.key, self.lang, self.name)
                for c in _resolve(cands) if c.label]

    # ---- gazetteer and glossary names
    def _names(self, toks: list[Tok]) -> list[Cand]:
        out = []
        n = len(toks)
        for i, t in enumerate(toks):
            if not t.cap:
                continue
            for L in range(min(self.gaz.max_len, n - i), 0, -1):
                span = toks[i:i + L]
                if any(s.suffix for s in span[:-1]) or not span[-1].kind == "word" and L > 1:
                    continue
                hit = self.gaz.lookup(tuple(s.fold for s in span), tuple(s.text for s in span))
                if hit:
                    j = i
                    # "Central European", "Eastern Mediterranean": a compass word widens a name
                    if hit.label in ("NORP", "LOC") and i > 0 and toks[i - 1].cap and \
                            toks[i - 1].fold in COMPASS[self.lang] and not toks[i - 1].suffix:
                        j = i - 1
                    out.append(Cand(toks[j].start, span[-1].end, hit.label, hit.key, j, i + L,
                                    hit.prio + (j < i)))
                    break
            else:
                if self.lang == "tr" and (hit := self.gaz.demonym_tr(t.fold)):
                    out.append(Cand(t.start, t.end, hit.label, hit.key, i, i + 1, hit.prio))
        return out

    # ---- capitalised runs: heads (ORG/LAW/EVENT/GPE/LOC), titles → PER, bare names → PER
    def _cue_runs(self, toks: list[Tok], names: list[Cand], lower_vocab: set[str],
                  headline: set[int]) -> list[Cand]:
        known = {k for c in names for k in range(c.i, c.j)}
        no_person = known | headline  # title-case lines (headings, keyword lists): no bare names
        out: list[Cand] = []
        for run in self._runs(toks):
            out += self._split_run(toks, run, known, no_person, lower_vocab)
        return out

    def _runs(self, toks: list[Tok]) -> list[list[int]]:
        """Maximal runs of capitalised tokens (connectors and hyphens allowed inside)."""
        runs, cur = [], []
        for i, t in enumerate(toks):
            if t.cap or (t.kind == "word" and t.upper):
                cur.append(i)
                if t.suffix and t.suffix not in ("'s", "’s"):
                    runs.append(cur)
                    cur = []
                continue
            inner = cur and i + 1 < len(toks) and (toks[i + 1].cap or toks[i + 1].upper)
            if inner and ((t.kind == "word" and t.fold in CONNECTORS[self.lang])
                          or (t.text == "-" and not t.space_before)):
                cur.append(i)
                continue
            if cur:
                runs.append(cur)
            cur = []
        if cur:
            runs.append(cur)
        return runs

    def _sentence_initial(self, toks: list[Tok], i: int) -> bool:
        return i == 0 or toks[i - 1].text in _SENT_END

    def _split_run(self, toks: list[Tok], run: list[int], known: set[int], no_person: set[int],
                   lower_vocab: set[str]) -> list[Cand]:
        lang, out = self.lang, []
        # trim connectors at the edges and a common sentence-initial word
        while run and toks[run[0]].kind != "word" or run and toks[run[0]].fold in CONNECTORS[lang]:
            run = run[1:]
        if run and self._sentence_initial(toks, run[0]) and run[0] not in known and \
                (toks[run[0]].fold in lower_vocab or toks[run[0]].fold in STOPWORDS[lang]):
            run = run[1:]
        while run and (toks[run[-1]].kind != "word" or toks[run[-1]].fold in CONNECTORS[lang]):
            run = run[:-1]
        if not run:
            return out
        titles = TITLES[lang]
        start = 0
        k = 0
        while k < len(run):
            t = toks[run[k]]
            head = self.heads.get(t.fold) if run[k] not in known else None
            if head is not None:
                end = k
                m = k + 1  # Cambridge University Press: the last of several heads
                while m < len(run) and toks[run[m]].cap and run[m] not in known and \
                        toks[run[m]].fold not in titles:
                    nxt_head = self.heads.get(toks[run[m]].fold)
                    if nxt_head == "":  # a journal named after an institution: stop before it
                        break
                    if nxt_head is not None:  # Harvard Law School: the last head decides
                        end, head = m, nxt_head
                    m += 1
                k = end
                # "Ministry of Foreign Affairs", "Republic of Tatarstan": head + of-phrase
                if k + 2 < len(run) and toks[run[k + 1]].fold in ("of", "for") and toks[run[k + 2]].cap:
                    end = len(run) - 1
                    for m in range(k + 2, len(run)):
                        if toks[run[m]].fold in TITLES[lang] or self.heads.get(toks[run[m]].fold):
                            end = m - 1
                            break
                # a head word alone ("Council ...") names nothing; nor does a run of dozens
                if head and 0 < end - start <= MAX_NAME_TOKENS:
                    out.append(self._cand(toks, run[start], run[end], head, PRIO_CUE))
                start = k = end + 1
                while start < len(run) and (toks[run[start]].kind != "word"
                                            or toks[run[start]].fold in CONNECTORS[lang]):
                    start = k = start + 1
                continue
            if t.fold.rstrip(".") in titles:
                out += self._bare_names(toks, run[start:k], no_person, lower_vocab)
                j = k + 1
                names = []
                while j < len(run) and len(names) < 4 and run[j] not in known and \
                        toks[run[j]].fold not in CONNECTORS[lang] \
                        and toks[run[j]].fold.rstrip(".") not in titles:
                    if toks[run[j]].kind != "word":  # Kassym-Jomart: a hyphen inside the name
                        if not names or toks[run[j]].text != "-":
                            break
                        j += 1
                        continue
                    names.append(run[j])
                    j += 1
                    if toks[run[j - 1]].suffix:
                        break
                if names:
                    out.append(self._cand(toks, names[0], names[-1], "PER", PRIO_TITLE))
                start = k = j
                continue
            k += 1
        out += self._bare_names(toks, run[start:], no_person, lower_vocab)
        return out

    def _bare_names(self, toks: list[Tok], idx: list[int], no_person: set[int],
                    lower_vocab: set[str]) -> list[Cand]:
        """2-4 capitalised unknown words that are not common words: a person's name."""
        out, seg = [], []
        for i in idx + [-1]:
            bad = i < 0 or i in no_person or toks[i].kind != "word" or toks[i].fold in lower_vocab \
                or toks[i].fold in STOPWORDS[self.lang] or toks[i].fold in STOPWORDS["en"] \
                or toks[i].fold in CONNECTORS[self.lang] or len(toks[i].text) < 2 \
                or not toks[i].text.replace(".", "").isalpha()
            if not bad:
                seg.append(i)
                continue
            after = toks[seg[-1] + 1].text if seg and seg[-1] + 1 < len(toks) else ""
            if 2 <= len(seg) <= 4 and not toks[seg[0]].upper and after != ":":
                out.append(self._cand(toks, seg[0], seg[-1], "PER", PRIO_PER))
            seg = []
        return out

    # ---- citations: "(Dirioz, 2015)", "(Amirbek & Aydin, 2015)", "(Uzun et al., 2021)"
    def _citations(self, toks: list[Tok], names: list[Cand]) -> list[Cand]:
        known = {k for c in names for k in range(c.i, c.j)}
        out = []
        for i, t in enumerate(toks):
            if t.text != "(":
                continue
            j, people = i + 1, []
            while j < len(toks) and j not in known and (toks[j].cap or (
                    toks[j].fold in PARTICLES and j + 1 < len(toks) and toks[j + 1].cap)):
                if not toks[j].cap:
                    j0 = j
                    j += 1
                else:
                    j0 = j
                k = j
                while k + 2 < len(toks) and toks[k + 1].text == "-" and toks[k + 2].cap:
                    k += 2
                people.append((j0, k))
                j = k + 1
                if j < len(toks) and toks[j].text in ("&", "and", "ve"):
                    j += 1
                    continue
                break
            if j + 1 < len(toks) and toks[j].fold == "et" and toks[j + 1].fold.startswith("al"):
                j += 2
                while j < len(toks) and toks[j].text == ".":
                    j += 1
            if people and j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].kind == "num":
                out += [self._cand(toks, a, b, "PER", PRIO_TITLE) for a, b in people]
        return out

    def _references(self, text: str, toks: list[Tok]) -> list[Cand]:
        """Reference-list entries: ``- Gündoğdu, S. (2023).`` → PER for the surname."""
        starts = {t.start: k for k, t in enumerate(toks)}
        out = []
        for m in _REFERENCE_RE.finditer(text):
            k = starts.get(m.start(1))
            if k is not None and toks[k].end == m.end(1):
                out.append(self._cand(toks, k, k, "PER", PRIO_TITLE))
        return out

    @staticmethod
    def _cand(toks: list[Tok], i: int, j: int, label: str, prio: int) -> Cand:
        return Cand(toks[i].start, toks[j].end, label, None, i, j + 1, prio)


def _resolve(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates: longest first, then the more trusted rule; in text order."""
    taken: list[Cand] = []
    used: set[int] = set()
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.prio, c.start)):
        if c.end <= c.start or any(k in used for k in range(c.i, c.j)):
            continue
        taken.append(c)
        used.update(range(c.i, c.j))
    return sorted(taken, key=lambda c: c.start)
