"""The fitted numbers of the checker, read from a versioned data file.

A calibration file (``bitext/data/calibration-<encoder>.json``, written by ``bitext models
calibrate``) belongs to one encoder. It holds the semantic check's logistic model over the word
alignment (``semantic``) and, per divergence classifier (``"none"``: the fit made without one),
the pair-score model over the features of ``combine.feature_names()`` with its flag score. Every
weight is stored under its feature's name, with the corpora, seed and settings of the fit and
its figures; loading checks that the names match the features the registered checks provide, one
to one. A report's signature names the file by its hash.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from bitext.errors import ModelError

FORMAT = "bitext-calibration/1"
PACKAGED = Path(__file__).resolve().parents[1] / "data"
DEFAULT_ENCODER = "multilingual-e5-small-q4"  # whose file applies to an encoder without its own
SEMANTIC_FEATURES = ("cos", "unaligned_src", "unaligned_tgt", "longest_run_src", "longest_run_tgt")


@dataclass(frozen=True)
class Logistic:
    """``1 / (1 + exp(-(intercept + weights · features)))`` with the weights in feature order."""

    features: tuple[str, ...]
    intercept: float
    weights: tuple[float, ...]

    def z(self, x) -> float:
        return self.intercept + sum(w * v for w, v in zip(self.weights, x))


@dataclass(frozen=True)
class Calibration:
    """The semantic model and the pair-score fit that applies to the classifier in use."""

    path: str
    sha256: str
    encoder: str
    semantic: Logistic
    pair: Logistic | None  # None: findings ungated, the pair score a noisy-or (while fitting)
    flag_score: float
    classifier: str  # the classifier the pair fit was made with, "none" without one

    @property
    def signature(self) -> str:
        return f"cal={Path(self.path).name}#{self.sha256[:12]}/{self.classifier}"


def packaged(encoder_name: str) -> Path:
    return PACKAGED / f"calibration-{Path(encoder_name).name}.json"


def _bad(path: Path, what: str) -> ModelError:
    return ModelError(f"calibration file {str(path)!r}: {what}", path=str(path),
                      fix="refit it with `bitext models calibrate --out FILE`, or use the packaged one")


def _logistic(path: Path, obj: dict, expected: tuple[str, ...], what: str) -> Logistic:
    weights = obj.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(expected):
        got = list(weights) if isinstance(weights, dict) else weights
        raise _bad(path, f"{what} weights are for features {got}, the checks provide {list(expected)}")
    return Logistic(expected, float(obj["intercept"]), tuple(float(weights[k]) for k in expected))


def read(path: Path, classifier: str, pair_features: tuple[str, ...]) -> Calibration:
    """The calibration in ``path`` for ``classifier`` (a classifier name, or "none")."""
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise _bad(path, f"format {data.get('format')!r}, expected {FORMAT!r}")
        fits = {f["classifier"]: f for f in data["fits"]}
        semantic = _logistic(path, data["semantic"], SEMANTIC_FEATURES, "semantic")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise _bad(path, f"unreadable ({err})") from err
    # a classifier without a fit of its own gets the fit made with the packaged classifier
    fit = fits.get(classifier) or (fits.get("none") if classifier == "none" else
                                   next((f for k, f in fits.items() if k != "none"), None))
    if fit is None:
        raise _bad(path, f"no fit for classifier {classifier!r} (has {sorted(fits)})")
    return Calibration(str(path), hashlib.sha256(raw).hexdigest(), str(data.get("encoder")), semantic,
                       _logistic(path, fit, pair_features, "pair-score"), float(fit["flag_score"]),
                       str(fit["classifier"]))


def load_calibration(choice: str | None, encoder, classifier) -> Calibration | None:
    """The calibration for ``encoder`` and ``classifier``: the file ``choice``, else the one
    packaged for the encoder, else the default encoder's (refit before trusting its flags)."""
    from bitext.check.combine import feature_names
    if encoder is None and choice is None:
        return None
    path = Path(choice).expanduser() if choice else packaged(encoder.name)
    if not choice and not path.is_file():
        path = packaged(DEFAULT_ENCODER)
    if not path.is_file():
        raise _bad(path, "not found")
    name = classifier.meta.get("name", "custom") if classifier is not None else "none"
    return read(path, name, feature_names())


def raw(path: Path) -> dict:
    """A calibration file's content without its format key (as ``write`` takes it)."""
    data = json.loads(Path(path).read_bytes())
    data.pop("format", None)
    return data


def write(path: Path, data: dict) -> None:
    """Write a calibration file (``data`` as ``bitext.bench.calibrate.fit`` makes it)."""
    from bitext.fileio import write_text
    write_text(path, json.dumps({"format": FORMAT, **data}, ensure_ascii=False, indent=1) + "\n")
