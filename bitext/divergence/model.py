"""The divergence classifier: a small transformer that reads both sides' token vectors together.

The sentence encoder embeds each side on its own (the checker's one forward pass per sentence);
this model then lets every token of either side attend to every token of both, with what the
word aligner knows as an extra input (each token's best cosine to the other side), and names the
pair's divergence: one of ``LABELS`` (faithful, number, entity, negation, modality, omission,
addition, untranslated, meaning). It adds no encoder pass: ~0.3 M parameters on top of the
encoder's layer-``layer`` token vectors. Weights and settings live in one safetensors file whose
metadata names the encoder and layer it was trained on; it only loads beside that encoder.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bitext.errors import ModelError
from bitext.paths import DATA

PACKAGED = DATA
MAX_TOKENS = 160  # token vectors per side the classifier reads (the rest is cut)


@dataclass(frozen=True)
class PairVectors:
    """What the classifier reads of one pair: L2-normalised token vectors and sentence cosine."""

    src: np.ndarray  # (m, dim)
    tgt: np.ndarray  # (n, dim)
    cos: float


def _module(dim_in: int, hidden: int, layers: int, heads: int, n_labels: int):
    import torch
    from torch import nn

    class PairClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.proj = nn.Linear(dim_in + 1, hidden)
            self.side = nn.Embedding(2, hidden)
            self.cls = nn.Parameter(torch.zeros(1, 1, hidden))
            block = nn.TransformerEncoderLayer(hidden, heads, 2 * hidden, dropout=0.1,
                                               batch_first=True, norm_first=True)
            self.body = nn.TransformerEncoder(block, layers, enable_nested_tensor=False)
            self.norm = nn.LayerNorm(hidden)
            self.head = nn.Linear(hidden + 1, n_labels)

        def forward(self, src, src_mask, tgt, tgt_mask, cos):
            sim = src @ tgt.transpose(1, 2)  # (B, m, n)
            fill = torch.finfo(sim.dtype).min
            s_best = sim.masked_fill(~tgt_mask[:, None, :], fill).amax(2).clamp(min=-1)
            t_best = sim.masked_fill(~src_mask[:, :, None], fill).amax(1).clamp(min=-1)
            s = self.proj(torch.cat([src, s_best[..., None]], -1)) + self.side.weight[0]
            t = self.proj(torch.cat([tgt, t_best[..., None]], -1)) + self.side.weight[1]
            x = torch.cat([self.cls.expand(len(src), -1, -1), s, t], 1)
            keep = torch.cat([torch.ones_like(src_mask[:, :1]), src_mask, tgt_mask], 1)
            h = self.norm(self.body(x, src_key_padding_mask=~keep)[:, 0])
            return self.head(torch.cat([h, cos[:, None]], -1))

    return PairClassifier()


def batch_tensors(items: Sequence[PairVectors]):
    """Padded ``(src, src_mask, tgt, tgt_mask, cos)`` tensors for a batch of pairs."""
    import torch
    dim = next((v.src.shape[1] for v in items if v.src.ndim == 2), 1)
    m = max(1, max(min(len(v.src), MAX_TOKENS) for v in items))
    n = max(1, max(min(len(v.tgt), MAX_TOKENS) for v in items))
    src = np.zeros((len(items), m, dim), np.float32)
    tgt = np.zeros((len(items), n, dim), np.float32)
    sm = np.zeros((len(items), m), bool)
    tm = np.zeros((len(items), n), bool)
    for k, v in enumerate(items):
        a, b = min(len(v.src), MAX_TOKENS), min(len(v.tgt), MAX_TOKENS)
        src[k, :a], tgt[k, :b] = v.src[:a], v.tgt[:b]
        sm[k, :max(a, 1)] = tm[k, :max(b, 1)] = True  # an empty side reads one zero vector
    cos = np.array([v.cos for v in items], np.float32)
    return (torch.from_numpy(src), torch.from_numpy(sm), torch.from_numpy(tgt),
            torch.from_numpy(tm), torch.from_numpy(cos))


class DivergenceClassifier:
    """A trained classifier with its settings (``meta``): labels, encoder name, token layer."""

    def __init__(self, module, meta: dict):
        self.module, self.meta = module, meta
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.layer: int = int(meta["layer"])
        self.encoder: str = meta["encoder"]

    @classmethod
    def new(cls, dim_in: int, labels: Sequence[str], encoder: str, layer: int, *,
            hidden: int = 128, layers: int = 2, heads: int = 4) -> DivergenceClassifier:
        meta = {"labels": list(labels), "encoder": encoder, "layer": layer, "dim_in": dim_in,
                "hidden": hidden, "layers": layers, "heads": heads}
        return cls(_module(dim_in, hidden, layers, heads, len(labels)), meta)

    @property
    def signature(self) -> str:
        sha = self.meta.get("sha256")
        return f"div={self.meta.get('name', 'custom')}@L{self.layer}" + (f"#{sha[:12]}" if sha else "")

    def probabilities(self, items: Sequence[PairVectors], batch: int = 64) -> np.ndarray:
        """``(len(items), len(labels))`` class probabilities."""
        import torch
        self.module.eval()
        out = np.zeros((len(items), len(self.labels)), np.float32)
        order = sorted(range(len(items)), key=lambda i: len(items[i].src) + len(items[i].tgt))
        with torch.inference_mode():
            for a in range(0, len(order), batch):
                rows = order[a:a + batch]
                logits = self.module(*batch_tensors([items[i] for i in rows]))
                out[rows] = torch.softmax(logits, -1).numpy()
        return out

    def save(self, path: Path) -> None:
        from safetensors.torch import save

        from bitext.fileio import atomic_open
        state = {k: v.detach().contiguous() for k, v in self.module.state_dict().items()}
        with atomic_open(path, "wb", perms=0o644) as fh:
            fh.write(save(state, metadata={"bitext": json.dumps({k: v for k, v in self.meta.items() if k != "sha256"})}))

    @classmethod
    def load(cls, path: Path) -> DivergenceClassifier:
        from safetensors.torch import load_file
        path = Path(path)
        meta = read_meta(path)
        try:
            state = load_file(str(path))
            model = _module(int(meta["dim_in"]), int(meta["hidden"]), int(meta["layers"]),
                            int(meta["heads"]), len(meta["labels"]))
            model.load_state_dict(state)
        except Exception as err:
            raise _unreadable(path, err) from err
        model.eval()
        return cls(model, {**meta, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})


_FIX = "pass a file written by `bitext models train-divergence`, or --classifier none"


def read_meta(path: Path) -> dict:
    """A classifier file's settings and training record, without building the model."""
    from safetensors import safe_open
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"divergence classifier {str(path)!r} not found", path=str(path), fix=_FIX)
    try:
        with safe_open(str(path), framework="numpy") as f:
            return json.loads((f.metadata() or {})["bitext"])
    except Exception as err:
        raise _unreadable(path, err) from err


def _unreadable(path: Path, err: Exception) -> ModelError:
    """A foreign or damaged file: one line, not a traceback."""
    reason = " ".join(str(err).split())[:200] or type(err).__name__
    return ModelError(f"cannot read divergence classifier {str(path)!r}: {reason}",
                      path=str(path), fix=_FIX)


def alignment_layer(encoder) -> int:
    """The token layer the checker's word alignment reads by default, and a classifier trained
    for it: the encoder's middle layer."""
    return max(1, encoder.num_layers // 2)


def packaged(encoder_name: str) -> Path:
    """Where the classifier trained for ``encoder_name`` ships inside the package."""
    return PACKAGED / f"divergence-{Path(encoder_name).name}.safetensors"


_LOADED: dict[str, DivergenceClassifier] = {}


def load_for(encoder, choice: str | None) -> DivergenceClassifier | None:
    """The classifier to use beside ``encoder``: ``choice`` None means the packaged one for this
    encoder if there is one, "none" means no classifier, anything else is a file path. A file
    trained beside another encoder (or another width) is refused with one clear line."""
    if choice == "none":
        return None
    path = packaged(encoder.name) if choice is None else Path(choice).expanduser()
    if choice is None and not path.is_file():
        return None
    key = str(path.resolve()) if path.exists() else str(path)
    if key not in _LOADED:
        _LOADED[key] = DivergenceClassifier.load(path)
    clf = _LOADED[key]
    if clf.meta.get("dim_in") != encoder.dim or clf.layer > encoder.num_layers:
        raise ModelError(f"divergence classifier {str(path)!r} was trained beside encoder "
                         f"{clf.encoder!r} (width {clf.meta.get('dim_in')}), not {encoder.name!r} "
                         f"(width {encoder.dim})", path=str(path),
                         fix="train one for this encoder with `bitext models train-divergence "
                             "--encoder ...`, or pass --classifier none")
    return clf
