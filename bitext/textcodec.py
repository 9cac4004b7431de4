"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Turkish cp1254/latin-5; binary
and undecodable input refused; Turkish code-page damage found (always) and repaired (on request).

Code-page damage is Turkish text that went through the wrong 8-bit code page once:
``Gündoğdu`` saved as cp1254 bytes and read back as cp1250/latin-2 gives ``Gündođdu``, as
cp1252/latin-1 ``Gündoðdu``; UTF-8 bytes read as cp1252/cp1254 give ``GÃ¼ndoÄŸdu``.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from bitext.errors import InputError

# cp1254 bytes of ğĞıİşŞ read through cp1250/latin-2 and through cp1252/latin-1.
_CP_DAMAGE = {"đ": "ğ", "Đ": "Ğ", "ý": "ı", "Ý": "İ", "ţ": "ş", "Ţ": "Ş",
              "ð": "ğ", "Ð": "Ğ", "þ": "ş", "Þ": "Ş"}
_TURKISH_LETTERS = set("abcçdefgğhıijklmnoöprsştuüvyzqwxâîû" "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZQWXÂÎÛ")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DAMAGE_CHARS = re.compile("[" + "".join(_CP_DAMAGE) + "]")
# UTF-8 lead bytes of Turkish/Latin letters (Ã Ä Å) followed by a continuation byte's glyph.
_MOJIBAKE = re.compile(r"[ÃÄÅ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                       r"\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                       r"\u20ac\u2122\u011e\u011f\u0130\u0131\u015e\u015f]")
_NONSPACE = re.compile(r"\S+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CP1254_ONLY = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")  # ĞİŞğış: where cp1254 differs from cp1252
# A valid multi-byte UTF-8 sequence: a file with as many of them as stray high bytes is UTF-8
# with damage, not cp1254 (where such sequences occur by chance, e.g. Ü’ = 0xdc 0x92).
_UTF8_TURKISH = re.compile(b"|".join(re.escape(ch.encode()) for ch in "çğıöşüÇĞİÖŞÜ"))
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class Damage:
    """One damaged word: where it is, what it says, what it should say."""

    line: int  # 1-based
    start: int  # offset in the text
    end: int
    found: str
    fixed: str


def decode(data: bytes, path: str = "<bytes>", *, eight_bit: bool = True) -> tuple[str, str, list[str]]:
    """``(text, encoding, notes)``; raises :class:`InputError` for empty, binary or undecodable data.

    Line ends (``\\r\\n``, ``\\r``) become ``\\n``; the text is not yet NFC-normalised.
    ``eight_bit=False`` (corpus files): UTF-8 or UTF-16 only, cp1254 is refused too.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc, notes = _try(data, "utf-16", path), "utf-16", ["decoded as utf-16 (byte-order mark)"]
    elif b"\x00" in data[:65536]:
        head = data[:4096]
        if max(head[0::2].count(0), head[1::2].count(0)) > 0.4 * len(head):
            raise InputError("UTF-16 text without a byte-order mark", path=path,
                             fix="save the file as UTF-8 (e.g. iconv -f UTF-16LE -t UTF-8)")
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError("binary file (NUL bytes), not text", path=path, line=line,
                         fix="give a UTF-8 .txt file, or the paper as PDF, .docx, HTML or JATS XML")
    else:
        try:
            text = data.decode("utf-8-sig")
            enc = "utf-8"
            notes = ["removed a UTF-8 byte-order mark"] if data.startswith(codecs.BOM_UTF8) else []
        except UnicodeDecodeError as err:
            if not eight_bit:
                line = data.count(b"\n", 0, err.start) + 1
                raise InputError(f"invalid UTF-8 (byte 0x{data[err.start]:02x})", path=path, line=line,
                                 fix="convert the file to UTF-8 (e.g. iconv -f cp1254 -t UTF-8)") from None
            text, enc, notes = _decode_8bit(data, path, err)
    if not text.strip():
        raise InputError("empty file (no text)", path=path, line=1,
                         fix="give a file with the document's text")
    bad = _CONTROL.findall(text[:65536])
    if len(bad) > max(3, len(text[:65536]) // 200):
        raise InputError(f"binary file ({len(bad)} control characters), not text", path=path,
                         fix="give a UTF-8 .txt file, or the paper as PDF, .docx, HTML or JATS XML")
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc, notes


def _try(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise _undecodable(data, err, path, encoding) from err


def _undecodable(data: bytes, err: UnicodeDecodeError, path: str, encoding: str) -> InputError:
    line = data.count(b"\n", 0, err.start) + 1
    return InputError(f"not decodable as {encoding} (byte 0x{data[err.start]:02x})", path=path, line=line,
                      fix="save the file as UTF-8 (e.g. iconv -f <its encoding> -t UTF-8)")


def _decode_8bit(data: bytes, path: str, utf8_err: UnicodeDecodeError) -> tuple[str, str, list[str]]:
    """Not UTF-8: Turkish cp1254 (a superset of latin-5's letters) when it decodes cleanly.
    UTF-8 with a few invalid bytes (it has valid multi-byte UTF-8 sequences: Turkish letters,
    dashes, quotes) is refused: read as cp1254, every such character would turn into mojibake."""
    seqs = _UTF8_SEQ.findall(data)
    stray = sum(b >= 0x80 for b in data) - sum(map(len, seqs))
    if _UTF8_TURKISH.search(data) or (seqs and len(seqs) >= stray):
        line = data.count(b"\n", 0, utf8_err.start) + 1
        raise InputError(f"invalid UTF-8 (byte 0x{data[utf8_err.start]:02x}) in a UTF-8 file",
                         path=path, line=line,
                         fix="repair or remove the invalid bytes on that line") from None
    try:
        text = data.decode("cp1254")
    except UnicodeDecodeError:
        raise _undecodable(data, utf8_err, path, "UTF-8 or cp1254") from None
    line = data.count(b"\n", 0, utf8_err.start) + 1
    c1 = any(0x80 <= b <= 0x9f for b in data)
    enc = "cp1254" if c1 else "iso-8859-9"
    turkish = any(b in _CP1254_ONLY for b in data)
    what = "Turkish " + ("cp1254" if c1 else "latin-5/cp1254") if turkish else enc
    return text, enc, [f"not UTF-8 (first non-UTF-8 byte at line {line}): decoded as {what}"]


def find_damage(text: str) -> list[Damage]:
    """Words showing Turkish code-page damage (``Gündođdu``, ``ÝSTANBUL``, ``TÃ¼rkiye``).

    A word counts when its repair uses only Turkish letters and its line has no letters foreign
    to Turkish besides the damage itself (so Czech ``být`` or Croatian ``Đurđević`` stay).
    """
    out: list[Damage] = []
    line_no, line_start = 1, 0
    for line in text.split("\n"):
        if _DAMAGE_CHARS.search(line) or _MOJIBAKE.search(line):
            out.extend(_line_damage(line, line_no, line_start))
        line_no += 1
        line_start += len(line) + 1
    return out


def _line_damage(line: str, line_no: int, offset: int) -> list[Damage]:
    found = []
    for m in _MOJIBAKE.finditer(line):  # UTF-8 read as cp1252/cp1254: repair the whole word
        w = _word_at(line, m.start())
        fixed = _unmojibake(w.group(0))
        if fixed != w.group(0) and all(f.start != offset + w.start() for f in found):
            found.append(Damage(line_no, offset + w.start(), offset + w.end(), w.group(0), fixed))
    if found:
        return found
    words = [w for w in _WORD.finditer(line) if _DAMAGE_CHARS.search(w.group(0))]
    foreign = {ch for ch in line if ch.isalpha() and ch not in _TURKISH_LETTERS and ch not in _CP_DAMAGE}
    if not words or foreign:
        return []
    for w in words:
        fixed = "".join(_CP_DAMAGE.get(ch, ch) for ch in w.group(0))
        if all(ch in _TURKISH_LETTERS or not ch.isalpha() for ch in fixed):
            found.append(Damage(line_no, offset + w.start(), offset + w.end(), w.group(0), fixed))
    return found


def _word_at(line: str, pos: int) -> re.Match:
    start = pos
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    return _NONSPACE.match(line, start)


def _unmojibake(word: str) -> str:
    core = word.strip(".,;:!?()[]\"'“”")
    lead = word.index(core) if core else 0
    for cp in ("cp1252", "cp1254"):
        try:
            fixed = core.encode(cp).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return word[:lead] + fixed + word[lead + len(core):]
    return word


def repair(text: str, damage: list[Damage]) -> str:
    """``text`` with every damaged word replaced by its repair (offsets are the ``find_damage``
    offsets into this same ``text``)."""
    parts, pos = [], 0
    for d in sorted(damage, key=lambda d: d.start):
        parts += [text[pos:d.start], d.fixed]
        pos = d.end
    parts.append(text[pos:])
    return "".join(parts)


def damage_notes(damage: list[Damage], repaired: bool, limit: int = 5) -> list[str]:
    """One note per damaged line (at most ``limit``), then a count of the rest."""
    if not damage:
        return []
    by_line: dict[int, list[Damage]] = {}
    for d in damage:
        by_line.setdefault(d.line, []).append(d)
    notes = []
    for line, ds in list(by_line.items())[:limit]:
        words = ", ".join(f"'{d.found}' (→ {d.fixed})" for d in ds[:3]) + (" ..." if len(ds) > 3 else "")
        verb = "repaired code-page damage" if repaired else "code-page damage"
        tail = "" if repaired else "; re-run with --repair"
        notes.append(f"{verb} at line {line}: {words}{tail}")
    if len(by_line) > limit:
        notes.append(f"... and {len(by_line) - limit} more damaged lines "
                     f"({len(damage)} words in all)")
    return notes
