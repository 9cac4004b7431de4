"""The registry of checks: each check module registers itself with what it needs and provides.

A check is a function ``(pair, cfg) -> findings`` (scope ``pair``) or ``(reports, cfg, context) ->
[(pair index, finding)]`` (scope ``document``: it reads the pairs of a whole document or pair
file together). ``cfg`` is the check's own frozen config, with its defaults beside its code.
Registration order is the order checks run and their findings are reported; the checks that
are ``scored`` give the pair score its per-check features in that order.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, is_dataclass

NEEDS = frozenset({"encoder", "alignment", "entities", "classifier"})
SCOPES = ("pair", "document")


@dataclass(frozen=True)
class CheckSpec:
    """One registered check."""

    name: str
    run: Callable
    config: type  # a frozen dataclass whose defaults are the check's parameters
    needs: frozenset[str] = frozenset()  # what it cannot run without (``NEEDS``): skipped then
    provides: tuple[str, ...] = ()  # finding categories it can emit
    scope: str = "pair"
    scored: bool = False  # its findings are features of the pair score
    sure: bool = False  # its major findings stand below the pair score's flag (precise facts)
    quiet: bool = False  # its findings are shown only on a flagged pair (doubts, not facts)


REGISTRY: dict[str, CheckSpec] = {}


def register(name: str, *, config: type, needs=(), provides=(), scope: str = "pair",
             scored: bool = False, sure: bool = False, quiet: bool = False) -> Callable:
    """Decorator: register ``fn`` as the check ``name``."""
    if not (is_dataclass(config) and config.__dataclass_params__.frozen):
        raise TypeError(f"check {name!r}: config must be a frozen dataclass")
    unknown = set(needs) - NEEDS
    if unknown or scope not in SCOPES:
        raise TypeError(f"check {name!r}: unknown needs {sorted(unknown)} or scope {scope!r}")

    def deco(fn: Callable) -> Callable:
        if name in REGISTRY and REGISTRY[name].run is not fn:
            raise TypeError(f"check {name!r} registered twice")
        REGISTRY[name] = CheckSpec(name, fn, config, frozenset(needs), tuple(provides), scope,
                                   scored, sure, quiet)
        return fn
    return deco


def checks(scope: str = "pair") -> list[CheckSpec]:
    return [c for c in REGISTRY.values() if c.scope == scope]


def scored() -> list[str]:
    return [c.name for c in REGISTRY.values() if c.scored]


def sure() -> tuple[str, ...]:
    return tuple(c.name for c in REGISTRY.values() if c.sure)


def quiet() -> tuple[str, ...]:
    return tuple(c.name for c in REGISTRY.values() if c.quiet)
