"""Signatures built from the objects that ran: every field, exactly, so a result is reproducible."""
from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass


def describe(obj, sep: str = ",") -> str:
    """``k=v`` over every field of a dataclass: floats exact (``repr``), nested dataclasses in
    (), long sequences as their length and a hash."""
    def value(v):
        if is_dataclass(v):
            return f"({describe(v)})"
        if isinstance(v, (tuple, list)):
            text = "[" + ",".join(value(x) for x in v) + "]"
            return text if len(v) <= 8 else f"{len(v)}#{hashlib.sha256(text.encode()).hexdigest()[:12]}"
        return repr(v) if isinstance(v, float) else str(v)
    return sep.join(f"{f.name}={value(getattr(obj, f.name))}" for f in fields(obj))
