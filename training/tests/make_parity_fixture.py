"""Writes the PyTorch side of the PyTorch ↔ TensorFlow.js parity test (tools/weights/convert-weights.test.ts).

usage: /usr/bin/python3 training/tests/make_parity_fixture.py OUT_DIR

For each variant it builds the network of training/affectscope_train/model.py at width 0.125 with random
weights and random BatchNorm statistics, folds the BatchNorms as export_state() does, saves the weights as
safetensors (with the metadata the converter reads) and the ACTIVATED outputs of one random sequence of
T = 4 frames. Variants: A/V-MT-VGG-RNN with a linear and with a cosine (s = 16) expression head, and the
two visual-only architectures (MT-VGG-RNN, MT-VGG) assembled from the same parts.

Files (all little-endian float32, C order):
  faces.f32                 [T, 96, 96, 3]   the app's layout (HWC), values in [-1, 1]
  audios.f32                [T, 64, 128]     spectrogram contexts, time-major, values in [-1, 1]
  <variant>.safetensors     the converter's input
  <variant>.outputs.f32     [T, 17]          activate(model(...)): tanh VA | sigmoid AU | softmax expressions
  fixture.json              variants, shapes, torch version
"""
from __future__ import annotations

import copy
from dataclasses import replace
import json
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from affectscope_train import safetensors_io  # noqa: E402
from affectscope_train.model import AvMtVggRnn, Config, Head, VggBody, activate, export_state  # noqa: E402

STEPS = 4
SEED = 20240611


class MtVggRnn(nn.Module):
    """MT-VGG-RNN (paper §3): the visual stream of AvMtVggRnn + head; same parameter names."""

    architecture = "mt-vgg-rnn"

    def __init__(self, av: AvMtVggRnn):
        super().__init__()
        self.visual = av.visual
        self.visual_gru = av.visual_gru
        self.head = Head(av.config.gru_units)

    def forward(self, faces: torch.Tensor, audios: torch.Tensor) -> torch.Tensor:
        b, t = faces.shape[:2]
        h, _ = self.visual_gru(self.visual(faces.flatten(0, 1)).view(b, t, -1))
        return self.head(h)


class MtVgg(nn.Module):
    """MT-VGG (paper §3): VGG body, head on fc1, no recurrence; same parameter names."""

    architecture = "mt-vgg"

    def __init__(self, av: AvMtVggRnn):
        super().__init__()
        self.visual = av.visual
        self.head = Head(av.config.fc_units)

    def forward(self, faces: torch.Tensor, audios: torch.Tensor) -> torch.Tensor:
        b, t = faces.shape[:2]
        return self.head(self.visual(faces.flatten(0, 1)).view(b, t, -1))


def randomise_batch_norm(model: nn.Module, faces: torch.Tensor, audios: torch.Tensor) -> None:
    """Random γ, β and running statistics near those of real activations (so 13 layers neither vanish nor explode)."""
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for norm in norms:
        norm.momentum = None  # cumulative average over the calibration pass
        norm.reset_running_stats()
    model.train()
    with torch.no_grad():
        model(faces, audios)
        for norm in norms:
            c = norm.num_features
            norm.weight.uniform_(0.5, 1.5)
            norm.bias.uniform_(-0.3, 0.3)
            norm.running_mean.add_(0.1 * torch.randn(c) * norm.running_var.sqrt())
            norm.running_var.mul_(torch.empty(c).uniform_(0.7, 1.3))
    model.eval()


def spread_head(model: nn.Module, faces: torch.Tensor, audios: torch.Tensor, logit_std: float = 1.5) -> None:
    """Scales the head's weight so its logits have std `logit_std` on this input: outputs spread over their
    range (neither all 0.5 nor saturated), where a layout error shows most."""
    captured = []
    hook = model.head.register_forward_hook(lambda _m, args, _out: captured.append(args[0]))
    with torch.no_grad():
        model(faces, audios)
        hook.remove()
        std = (captured[0] @ model.head.linear.weight.t()).std()
        model.head.linear.weight.mul_(logit_std / std)


def folded_state(model: nn.Module) -> dict:
    """As export_state(): BatchNorms folded into the convs, float32 numpy under PyTorch's names."""
    if isinstance(model, AvMtVggRnn):
        return export_state(model)
    folded = copy.deepcopy(model).eval()
    folded.visual.fold_batch_norm()
    return {k: v.detach().float().cpu().numpy() for k, v in folded.state_dict().items()}


def main(out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(SEED)
    config = Config(width_multiplier=0.125)
    faces = torch.rand(1, STEPS, 3, config.crop_size_px, config.crop_size_px) * 2 - 1
    audios = torch.rand(1, STEPS, 1, config.context_frames, config.freq_bins) * 2 - 1
    calibration = (torch.rand(2, STEPS, *faces.shape[2:]) * 2 - 1, torch.rand(2, STEPS, *audios.shape[2:]) * 2 - 1)

    variants = {}
    av_linear = AvMtVggRnn(config, batch_norm=True)
    variants["av-linear"] = (av_linear, None)
    av_cosine = AvMtVggRnn(config, cosine_scale=16.0, batch_norm=True)
    variants["av-cosine"] = (av_cosine, {"kind": "cosine", "scale": 16.0})
    variants["mt-vgg-rnn"] = (MtVggRnn(AvMtVggRnn(config, batch_norm=True)), None)
    variants["mt-vgg"] = (MtVgg(AvMtVggRnn(config, batch_norm=True)), None)
    # an audio stream twice as wide as the visual one (its own conv widths and fc1 units)
    variants["av-wider-audio"] = (AvMtVggRnn(replace(config, audio_width_multiplier=0.25, audio_fc_units=0), batch_norm=True), None)

    listed = []
    for name, (model, expression_head) in variants.items():
        randomise_batch_norm(model, *calibration)
        spread_head(model, faces, audios)
        with torch.no_grad():
            outputs = activate(model(faces, audios))[0]
        state = folded_state(model)
        metadata = {
            "config": json.dumps(getattr(model, "config", config).to_manifest()),
            "architecture": model.architecture,
            "provenance": json.dumps({"data": "none (random weights)", "licence": "Apache-2.0", "heldOutMetrics": None, "notes": "parity test fixture"}),
        }
        if expression_head:
            metadata["expressionHead"] = json.dumps(expression_head)
        safetensors_io.save(os.path.join(out_dir, f"{name}.safetensors"), state, metadata)
        outputs.numpy().astype("<f4").tofile(os.path.join(out_dir, f"{name}.outputs.f32"))
        listed.append({"name": name, "architecture": model.architecture, "expressionHead": expression_head, "tensors": len(state)})

    faces[0].permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(os.path.join(out_dir, "faces.f32"))
    audios[0, :, 0].contiguous().numpy().astype("<f4").tofile(os.path.join(out_dir, "audios.f32"))
    with open(os.path.join(out_dir, "fixture.json"), "w") as f:
        json.dump({
            "steps": STEPS,
            "faceShape": [config.crop_size_px, config.crop_size_px, config.channels],
            "audioShape": [config.context_frames, config.freq_bins],
            "outputUnits": 17,
            "variants": listed,
            "torch": torch.__version__,
        }, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
