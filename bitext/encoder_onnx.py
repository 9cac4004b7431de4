"""ONNX Runtime backends of the encoder: the same transformers model, exported once to ONNX,
fused by ONNX Runtime's transformer optimiser and, for ``onnx-int8``, quantised; cached on disk.

* ``onnx``: fp32, with fused embeddings, attention, GELU and skip layer norms.
* ``onnx-int8``: the same graph with int8 weights (per output channel) and dynamically quantised
  int8 activations in the attention projections and the first feed-forward matrix; the matrix
  after the GELU stays fp32 (its input's outliers cost most of the accuracy when quantised:
  token-vector cosine to fp32 0.975 with it, 0.997 without, see ``bitext bench encoder``).

The graph returns every hidden layer (``hidden.0`` .. ``hidden.N``, and ``pooler`` when the model
has a pooler), so sentence and token vectors come from one run, as with torch.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bitext.errors import ModelError

BACKENDS = ("onnx", "onnx-int8")
BUILD_VERSION = "1"  # bump when what export/optimise/quantise write changes
_GELU = {"Gelu", "BiasGelu", "FastGelu", "QuickGelu"}
_BERT_LIKE = {"bert", "xlm-roberta", "roberta", "camembert", "distilbert", "electra"}


def build_key(model_dir: Path) -> str:
    """A short hash of the model directory's files (name, size, mtime) and the tool versions."""
    import onnxruntime
    import torch
    h = hashlib.sha1(f"{BUILD_VERSION}|{onnxruntime.__version__}|{torch.__version__}|"
                     f"{model_dir.resolve()}".encode())
    for f in sorted(model_dir.rglob("*")):
        if f.is_file() and f.suffix != ".onnx":
            st = f.stat()
            h.update(f"{f.relative_to(model_dir)}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


def model_file(model_dir: Path, backend: str, root: Path, label: str) -> Path:
    """The cached ONNX file of ``model_dir`` for ``backend`` under ``root``, built on first use
    (atomically: a killed build leaves no file that a later run would trust)."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown ONNX backend {backend!r}", fix=f"use one of {', '.join(BACKENDS)}")
    folder = root / f"{label}-{build_key(model_dir)}"
    target = folder / f"{backend}.onnx"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    if backend == "onnx-int8":
        src = model_file(model_dir, "onnx", root, label)
        _atomic(target, lambda tmp: quantise(src, tmp))
    else:
        _atomic(target, lambda tmp: _export_optimised(model_dir, tmp))
    return target


def _atomic(target: Path, build) -> None:
    print(f"bitext: building {target.name} for the encoder in {target.parent} (once)",
          file=sys.stderr)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".build."))
    try:
        tmp = work / target.name
        build(tmp)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _export_optimised(model_dir: Path, dst: Path) -> None:
    raw = dst.with_suffix(".raw.onnx")
    config = export(model_dir, raw)
    optimise(raw, dst, config)
    raw.unlink()


def export(model_dir: Path, dst: Path):
    """Export the transformers model in ``model_dir`` to ``dst``: inputs ``input_ids`` and
    ``attention_mask`` (int64, batch x length, right-padded); outputs every hidden layer and the
    pooler when there is one. Returns the model's config."""
    import warnings

    import torch
    from transformers import AutoModel

    from bitext.hf import quiet
    with quiet():
        model = AutoModel.from_pretrained(model_dir, local_files_only=True, dtype=torch.float32,
                                          attn_implementation="eager").eval()
    has_pooler = getattr(model, "pooler", None) is not None
    layers = int(model.config.num_hidden_layers)
    names = [f"hidden.{i}" for i in range(layers + 1)] + (["pooler"] if has_pooler else [])

    class Graph(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            out = self.model(input_ids=input_ids, attention_mask=attention_mask,
                             output_hidden_states=True)
            extra = (out.pooler_output,) if has_pooler else ()
            return (*out.hidden_states, *extra)

    # Two rows of different length, so the padding path is part of the traced graph.
    ids = torch.full((2, 6), int(model.config.pad_token_id or 0), dtype=torch.long)
    ids[:, 0] = 0
    ids[0, 1:5] = 5
    ids[1, 1:3] = 6
    mask = (torch.arange(6) < torch.tensor([[6], [4]])).long()
    axes = {"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"}}
    axes |= {n: ({0: "batch"} if n == "pooler" else {0: "batch", 1: "length"}) for n in names}
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(Graph(), (ids, mask), str(dst), input_names=["input_ids", "attention_mask"],
                          output_names=names, dynamic_axes=axes, opset_version=17, dynamo=False)
    return model.config


def optimise(src: Path, dst: Path, config) -> None:
    """Fuse the transformer blocks (ONNX Runtime's optimiser) where the architecture is known;
    other models keep the exported graph (ONNX Runtime still optimises it when loading)."""
    import onnx
    kind = str(getattr(config, "model_type", ""))
    if kind not in _BERT_LIKE:
        onnx.save(onnx.load(str(src)), str(dst))
        return
    from onnxruntime.transformers import optimizer
    opt = optimizer.optimize_model(str(src), model_type="bert",
                                   num_heads=int(config.num_attention_heads),
                                   hidden_size=int(config.hidden_size), opt_level=0)
    opt.save_model_to_file(str(dst))


def quantise(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation (per-channel weights) of the attention and matrix products,
    except each product fed by a GELU (see the module docstring)."""
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    graph = onnx.load(str(src), load_external_data=False).graph
    after_gelu = {out for n in graph.node if n.op_type in _GELU for out in n.output}
    keep = [n.name for n in graph.node if n.op_type == "MatMul" and after_gelu & set(n.input)]
    level = logging.getLogger().level
    logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process is for static mode
    try:
        quantize_dynamic(str(src), str(dst), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul", "Attention"], nodes_to_exclude=keep,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    finally:
        logging.getLogger().setLevel(level)


class OnnxRunner:
    """Runs the exported graph; called like :class:`bitext.encoder.TorchRunner`."""

    def __init__(self, path: Path, threads: int):
        import onnxruntime as ort
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # no busy-waiting between operators: other processes (Dask workers, the machine's other
        # users) get the cores, at little cost to a lone process
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.outputs = {o.name for o in self.session.get_outputs()}
        self.num_layers = sum(1 for n in self.outputs if n.startswith("hidden.")) - 1

    def __call__(self, ids: np.ndarray, mask: np.ndarray, layers: Sequence[int] = ()
                 ) -> tuple[np.ndarray, np.ndarray | None, dict[int, np.ndarray]]:
        wanted = [f"hidden.{self.num_layers}", *(f"hidden.{k}" for k in layers)]
        if "pooler" in self.outputs:
            wanted.append("pooler")
        got = dict(zip(wanted, self.session.run(wanted, {"input_ids": ids, "attention_mask": mask})))
        return (got[f"hidden.{self.num_layers}"], got.get("pooler"),
                {k: got[f"hidden.{k}"] for k in layers})
