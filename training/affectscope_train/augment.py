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


def warp_by(x: torch.Tensor, freq_factor: torch.Tensor, time_factor: torch.Tensor) -> torch.Tensor:
    """x [N, 1, T, F] ∈ [-1, 1] (time-major, newest frame last; F linear frequency bins from 0 Hz) with window i's
    frequency axis scaled by freq_factor[i] about 0 Hz (output bin f holds input bin f / factor: a factor > 1 moves
    every formant up) and its time axis by time_factor[i] about the newest frame (> 1: slower speech, the window holds
    less of it). What comes from beyond the window is silence (−1)."""
    n = x.shape[0]
    zeros = torch.zeros(n)
    # output position p ∈ [-1, 1] (align_corners: -1 and 1 are the first and last bins' centres) reads source s·p + o
    fs, ts = 1 / freq_factor, 1 / time_factor
    theta = torch.stack([torch.stack([fs, zeros, fs - 1], 1), torch.stack([zeros, ts, 1 - ts], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=True)
    return F.grid_sample(x + 1, grid, mode="bilinear", padding_mode="zeros", align_corners=True) - 1


def warp_spectrograms(x: torch.Tensor, generator: torch.Generator, warp: float, stretch: float) -> torch.Tensor:
    """warp_by with factors uniform in [1 − warp, 1 + warp] (vocal tract length perturbation, Jaitly & Hinton 2013:
    another speaker's formants) and [1 − stretch, 1 + stretch] (another speaking rate)."""
    n = x.shape[0]
    rand = lambda: torch.rand(n, generator=generator) * 2 - 1
    return warp_by(x, 1 + rand() * warp, 1 + rand() * stretch)


def augment_spectrograms(x: torch.Tensor, generator: torch.Generator, warp: float = 0.0, stretch: float = 0.0) -> torch.Tensor:
    """x [N, 1, T, F] ∈ [-1, 1]: gain (±6 dB = ±0.15), SpecAugment time and frequency masks (to silence); with warp or
    stretch > 0, first warp_spectrograms (draws from the generator only then, so the default recipe is unchanged)."""
    n, _, t, f = x.shape
    rand = lambda *shape: torch.rand(*shape, generator=generator)
    if warp > 0 or stretch > 0:
        x = warp_spectrograms(x, generator, warp, stretch)
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
