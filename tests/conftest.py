"""Shared test setup: offline always; paths to the seeds and the shared benchmark data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
# subprocesses (python -m bitext ...) import the package under test, not another installed copy
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
SEEDS = REPO / "seeds"
BENCH = Path(os.environ.get("BITEXT_BENCH_DIR", REPO.parent / "shared" / "bench"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed000() -> Path:
    return SEEDS / "000_8326cda90e95f37e.txt"


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH} (set BITEXT_BENCH_DIR)")
    return BENCH


@pytest.fixture(scope="session")
def encoder():
    """The default offline encoder, loaded once per test session."""
    from bitext.encoder import load_encoder
    return load_encoder()


@pytest.fixture(scope="session")
def tiny_bert():
    """``tiny_bert(path, words, layers=1)``: see :func:`_tiny_bert`."""
    return _tiny_bert


def _tiny_bert(path: Path, words, layers: int = 1) -> Path:
    """Save a tiny random BERT (hidden 32) with a word-level tokenizer over ``words`` (whitespace
    and punctuation split, unknown words -> [UNK]) at ``path``, like any local model."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast
    vocab = {t: i for i, t in enumerate(dict.fromkeys(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *words]))}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(),
                                                 pre_tokenizers.Punctuation()])
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                            cls_token="[CLS]", sep_token="[SEP]").save_pretrained(path)
    torch.manual_seed(0)
    BertModel(BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=layers,
                         num_attention_heads=2, intermediate_size=64)).save_pretrained(path)
    return path
