"""MT-VGG on one modality (phases 1 and 2) and what both phases share: optimiser, schedule, input shaping."""
from __future__ import annotations

import json
from typing import Callable, Tuple

import numpy as np
import torch
from torch import nn

from .data import crops_to_unit
from .model import OUTPUT_UNITS, Config, VggBody


class Stream(nn.Module):
    """MT-VGG on one modality: VGG body (+BatchNorm for training) + fc1 → dropout → 17-unit head."""

    def __init__(self, body: VggBody, fc_units: int):
        super().__init__()
        self.body = body
        self.dropout = nn.Dropout(0.4)
        self.head = nn.Linear(fc_units, OUTPUT_UNITS)

    def forward(self, x):
        return self.head(self.dropout(self.body(x)))


def visual_stream(cfg: Config) -> Stream:
    return Stream(VggBody(3, cfg.crop_size_px, cfg.crop_size_px, cfg, batch_norm=True), cfg.fc_units).to(memory_format=torch.channels_last)


def audio_stream(cfg: Config) -> Stream:
    return Stream(VggBody(1, cfg.context_frames, cfg.freq_bins, cfg, batch_norm=True), cfg.fc_units)


def sgd_one_cycle(model: nn.Module, steps: int, max_lr: float):
    opt = torch.optim.SGD(model.parameters(), lr=max_lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    return opt, one_cycle(opt, max_lr, steps, 0.15)


def one_cycle(opt, max_lr: float, steps: int, warmup: float):
    # At least 2 warm-up steps: OneCycleLR divides by the warm-up length.
    return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=max(steps, 4), pct_start=max(warmup, 2.5 / max(steps, 4)))


def load_stream_checkpoint(checkpoint: str, build: Callable[[Config], Stream]) -> Tuple[Stream, Config]:
    """A phase-1 or phase-2 stream from its checkpoint (<checkpoints>/visual.epoch.pt or audio.epoch.pt), built by
    `build` (visual_stream or audio_stream) at the sizes in the checkpoint's key; in eval mode."""
    saved = torch.load(checkpoint)
    cfg = Config.from_manifest(json.loads(saved["key"])["config"])
    stream = build(cfg)
    stream.load_state_dict(saved["model"])
    return stream.eval(), cfg


def to_face_input(batch_u8: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(crops_to_unit(batch_u8))[:, None]  # [N, 1, S, S]


def luma3(x: torch.Tensor) -> torch.Tensor:
    """[N, 1, S, S] → [N, 3, S, S] channels_last: the app feeds luma copied to 3 channels."""
    return x.expand(-1, 3, -1, -1).contiguous(memory_format=torch.channels_last)


@torch.no_grad()
def predict_faces(stream: Stream, crops: np.ndarray, batch: int = 256) -> np.ndarray:
    """Raw 17 logits [N, 17] of the stream on uint8 crops [N, S, S]."""
    stream.eval()
    out = [stream(luma3(to_face_input(crops[i : i + batch]))).numpy() for i in range(0, len(crops), batch)]
    return np.concatenate(out) if out else np.zeros((0, OUTPUT_UNITS), np.float32)
