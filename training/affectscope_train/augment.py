"""Training-time augmentation of the two inputs (each draws only from the generator it is given)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def augment_images(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """x [N, 1, S, S] ∈ [-1, 1]: flip, small rotation/scale/shift (alignment jitter), brightness/contrast."""
    n = x.shape[0]
    rand = lambda *shape: torch.rand(*shape, generator=generator)
    angle = (rand(n) * 2 - 1) * math.radians(10)
    scale = 1 + (rand(n) * 2 - 1) * 0.08
    shift = (rand(n, 2) * 2 - 1) * 0.06
    flip = torch.where(rand(n) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, shift[:, 0]], 1), torch.stack([sin * flip, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    contrast = 1 + (rand(n, 1, 1, 1) * 2 - 1) * 0.25
    brightness = (rand(n, 1, 1, 1) * 2 - 1) * 0.2
    return ((x - x.mean((2, 3), keepdim=True)) * contrast + x.mean((2, 3), keepdim=True) + brightness).clamp(-1, 1)


def augment_spectrograms(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """x [N, 1, T, F] ∈ [-1, 1]: gain (±6 dB = ±0.15), SpecAugment time and frequency masks (to silence)."""
    n, _, t, f = x.shape
    rand = lambda *shape: torch.rand(*shape, generator=generator)
    x = (x + (rand(n, 1, 1, 1) * 2 - 1) * 0.15).clamp(-1, 1)
    for _ in range(2):
        width = (rand(n) * 12).long()
        start = (rand(n) * (f - 12)).long()
        bins = torch.arange(f)[None, :]
        mask = (bins >= start[:, None]) & (bins < (start + width)[:, None])
        x = torch.where(mask[:, None, None, :], torch.tensor(-1.0), x)
    width = (rand(n) * 8).long()
    start = (rand(n) * (t - 8)).long()
    rows = torch.arange(t)[None, :]
    mask = (rows >= start[:, None]) & (rows < (start + width)[:, None])
    return torch.where(mask[:, None, :, None], torch.tensor(-1.0), x)
