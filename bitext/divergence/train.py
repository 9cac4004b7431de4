"""Train the divergence classifier on synthetic divergences of a parallel corpus.

``vectors`` embeds every distinct text once through the sentence encoder (the layer the checker
reads); ``fit`` trains :class:`~bitext.divergence.model.DivergenceClassifier` with a held-out
share of the *pairs* (never a perturbation of a training pair) to pick the best epoch.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bitext.divergence.model import DivergenceClassifier, PairVectors, batch_tensors
from bitext.divergence.synthetic import LABELS, Example


def vectors(encoder, examples: Sequence[Example], layer: int,
            progress: Callable[[int, int], None] | None = None, chunk: int = 256
            ) -> list[PairVectors]:
    """Each example's token vectors (layer ``layer``) and sentence cosine; texts run once."""
    texts = list(dict.fromkeys(t for e in examples for t in (e.src, e.tgt)))
    sent: dict[str, np.ndarray] = {}
    toks: dict[str, np.ndarray] = {}
    for a in range(0, len(texts), chunk):
        part = texts[a:a + chunk]
        sv, tv = encoder.encode_with_tokens(part, layer)
        for text, s, (_, vecs) in zip(part, sv, tv):
            sent[text], toks[text] = s, vecs.astype(np.float16)
        if progress:
            progress(min(a + chunk, len(texts)), len(texts))
    return [PairVectors(toks[e.src].astype(np.float32), toks[e.tgt].astype(np.float32),
                        float(sent[e.src] @ sent[e.tgt])) for e in examples]


@dataclass
class FitResult:
    classifier: DivergenceClassifier
    dev_accuracy: float
    dev_auc: float  # faithful vs any divergence, on held-out pairs
    epochs: int
    seconds: float


def fit(examples: Sequence[Example], feats: Sequence[PairVectors], *, encoder: str, layer: int,
        epochs: int = 12, batch: int = 32, lr: float = 1e-3, dev_share: float = 0.1,
        seed: int = 0, log: Callable[[str], None] | None = None) -> FitResult:
    """Train on ``examples`` (their ``feats``); the best epoch on held-out pairs is kept."""
    import torch
    from sklearn.metrics import roc_auc_score
    torch.manual_seed(seed)
    t0 = time.perf_counter()
    sources = sorted({e.src for e in examples})
    rng = random.Random(seed)
    dev_src = set(rng.sample(sources, max(1, int(len(sources) * dev_share))))
    train = [k for k, e in enumerate(examples) if e.src not in dev_src]
    dev = [k for k, e in enumerate(examples) if e.src in dev_src]
    y = torch.tensor([LABELS.index(e.label) for e in examples])
    clf = DivergenceClassifier.new(feats[0].src.shape[1], LABELS, encoder, layer)
    opt = torch.optim.AdamW(clf.module.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(train) + batch - 1) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=max(steps, 1))
    best = (-1.0, None, 0, 0.0)
    for epoch in range(epochs):
        clf.module.train()
        rng.shuffle(train)
        # batches of similar length (shuffled between buckets) keep padding low
        chunks = [train[a:a + batch * 20] for a in range(0, len(train), batch * 20)]
        order = []
        for c in chunks:
            c = sorted(c, key=lambda k: len(feats[k].src) + len(feats[k].tgt))
            order += [c[a:a + batch] for a in range(0, len(c), batch)]
        rng.shuffle(order)
        for rows in order:
            logits = clf.module(*batch_tensors([feats[k] for k in rows]))
            loss = torch.nn.functional.cross_entropy(logits, y[rows])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(clf.module.parameters(), 1.0)
            opt.step()
            sched.step()
        probs = clf.probabilities([feats[k] for k in dev]) if dev else np.zeros((0, len(LABELS)))
        acc = float((probs.argmax(1) == y[dev].numpy()).mean()) if dev else 0.0
        div = (y[dev].numpy() != 0)
        auc = float(roc_auc_score(div, 1 - probs[:, 0])) if len(set(div)) == 2 else 0.0
        if log:
            log(f"epoch {epoch + 1}/{epochs}: held-out accuracy {acc:.3f}, AUC {auc:.3f}")
        if auc > best[0]:
            state = {k: v.detach().clone() for k, v in clf.module.state_dict().items()}
            best = (auc, state, epoch + 1, acc)
    if best[1] is not None:
        clf.module.load_state_dict(best[1])
    clf.module.eval()
    return FitResult(clf, best[3], best[0], best[2], time.perf_counter() - t0)


def train(pairs: Sequence[tuple[str, str]], encoder=None, *, per_pair: int = 2, seed: int = 1,
          epochs: int = 12, name: str = "custom", src_lang: str = "tr", tgt_lang: str = "en",
          log: Callable[[str], None] | None = None) -> FitResult:
    """Synthetic divergences of ``pairs`` (source first), embedded by ``encoder`` (default: the
    default encoder) at its word-alignment layer, and a classifier fitted on them."""
    from bitext.divergence.model import alignment_layer
    from bitext.divergence.synthetic import generate
    from bitext.encoder import load_encoder
    enc = encoder if encoder is not None else load_encoder()
    layer = alignment_layer(enc)
    examples = generate(pairs, seed=seed, per_pair=per_pair)
    if log:
        log(f"{len(pairs)} pairs -> {len(examples)} examples; embedding them with {enc.name}")
    feats = vectors(enc, examples, layer)
    result = fit(examples, feats, encoder=enc.name, layer=layer, epochs=epochs, seed=seed, log=log)
    result.classifier.meta.update({
        "name": name, "src_lang": src_lang, "tgt_lang": tgt_lang, "pairs": len(pairs),
        "examples": len(examples), "seed": seed, "per_pair": per_pair, "epochs": result.epochs,
        "dev_auc": round(result.dev_auc, 4), "dev_accuracy": round(result.dev_accuracy, 4)})
    return result
