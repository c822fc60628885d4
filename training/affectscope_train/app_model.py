"""An app model folder (manifest.json + weights.bin, as `npm run convert-weights` writes it) read back into PyTorch.

The inverse of src/model/convert/pytorch-names.ts: app names and layouts → AvMtVggRnn's state_dict, BatchNorm already
folded (the bodies have no norms). Phase 3 can then be trained again on the streams the app ships (`train.py
--from-model`) without training the two streams again, and on exactly the (float16) weights the app runs.
"""
from __future__ import annotations

import json
import os
from typing import Dict, Tuple

import numpy as np
import torch

from .model import NUM_AU, NUM_VA, AvMtVggRnn, Config

DTYPES = {"float16": np.float16, "float32": np.float32}


class AppModelError(ValueError):
    pass


def read_app_tensors(model_dir: str) -> Tuple[dict, Dict[str, np.ndarray]]:
    """The manifest and every weight tensor (float32, the app's name and layout)."""
    with open(os.path.join(model_dir, "manifest.json")) as f:
        manifest = json.load(f)
    if manifest.get("architecture") != AvMtVggRnn.architecture:
        raise AppModelError(f"{model_dir}: architecture {manifest.get('architecture')!r}, expected {AvMtVggRnn.architecture!r}")
    tensors: Dict[str, np.ndarray] = {}
    for group in manifest["weights"]:
        with open(os.path.join(model_dir, group["path"]), "rb") as f:
            data = f.read()
        if len(data) != group["byteLength"]:
            raise AppModelError(f"{model_dir}/{group['path']}: {len(data)} bytes, the manifest says {group['byteLength']}")
        for t in group["tensors"]:
            if t["dtype"] not in DTYPES:
                raise AppModelError(f"{model_dir}: {t['name']} is {t['dtype']}; only float16 and float32 weights are read back")
            dtype = np.dtype(DTYPES[t["dtype"]])
            count = int(np.prod(t["shape"])) if t["shape"] else 1
            values = np.frombuffer(data, dtype, count, t["byteOffset"]).astype(np.float32)
            tensors[t["name"]] = values.reshape(t["shape"])
    return manifest, tensors


def config_of(manifest: dict) -> Config:
    m = manifest["config"]
    cfg = Config.from_manifest(m)
    if not known_config(m, cfg.to_manifest()):
        raise AppModelError(f"config {m} has settings this trainer does not know")
    return cfg


def known_config(given: dict, known: dict) -> bool:
    """Whether `given` says nothing but `known` does; the audio stream's width and fc units may be spelled out where they
    equal the visual stream's (the app's converter always writes them)."""
    audio = dict(given.get("audio") or {})
    if audio.get("widthMultiplier") == given.get("widthMultiplier") and audio.get("fcUnits") == given.get("fcUnits"):
        audio.pop("widthMultiplier")
        audio.pop("fcUnits")
    return {**given, "audio": audio} == known


def app_name(source: str, model: AvMtVggRnn) -> str:
    """The app's name of PyTorch parameter `source` (pytorch-names.ts, PYTORCH_NAME_MAP)."""
    parts = source.split(".")
    if parts[0] in ("visual", "audio") and parts[1] == "convs":
        body = getattr(model, parts[0])
        return f"{parts[0]}.{body.names[int(parts[2])]}.{parts[3]}"
    if parts[0] in ("visual", "audio") and parts[1] == "fc1":
        return source
    if parts[0].endswith("_gru"):
        kind, layer = parts[1].rsplit("_l", 1)
        return f"{parts[0][: -len('_gru')]}.gru.{layer}.{kind}"
    if parts[0] == "head":
        return f"head.{parts[2]}"
    raise AppModelError(f"no app name for {source}")


def to_pytorch_layout(source: str, values: np.ndarray, model: AvMtVggRnn) -> np.ndarray:
    """App layout → PyTorch layout (the inverse of convertLayout)."""
    parts = source.split(".")
    if parts[1] == "convs" and parts[3] == "weight":
        return values.transpose(3, 2, 0, 1)  # HWIO → OIHW
    if parts[1] == "fc1" and parts[2] == "weight":
        # dense [h·w·C, fc] for an input flattened (h, w, c) → Linear [fc, C·h·w] for (c, h, w)
        body = getattr(model, parts[0])
        hw, channels = body.out_hw[0] * body.out_hw[1], body.out_channels
        return values.reshape(hw, channels, -1).transpose(2, 1, 0).reshape(-1, channels * hw)
    if source == "head.linear.weight":
        return values.T
    return values


def load_app_model(model_dir: str) -> Tuple[AvMtVggRnn, dict]:
    """The app model as AvMtVggRnn (eval mode, bodies without BatchNorm) and its manifest. A cosine (ArcFace) expression
    head keeps its scale; every tensor must be there with the shape PyTorch expects, and nothing else."""
    manifest, tensors = read_app_tensors(model_dir)
    expression = (manifest.get("head") or {}).get("expression") or {}
    model = AvMtVggRnn(config_of(manifest), float(expression["scale"]) if expression.get("kind") == "cosine" else 0.0)
    state = {}
    for source, param in model.state_dict().items():
        name = app_name(source, model)
        if name not in tensors:
            raise AppModelError(f"{model_dir}: no tensor {name} (for {source})")
        values = np.ascontiguousarray(to_pytorch_layout(source, tensors.pop(name), model))
        if tuple(values.shape) != tuple(param.shape):
            raise AppModelError(f"{model_dir}: {name} has shape {values.shape}, {source} needs {tuple(param.shape)}")
        state[source] = torch.from_numpy(values)
    if tensors:
        raise AppModelError(f"{model_dir}: tensors this architecture does not have: {sorted(tensors)}")
    model.load_state_dict(state)
    assert model.head.linear.out_features == NUM_VA + NUM_AU + 7
    return model.eval(), manifest
