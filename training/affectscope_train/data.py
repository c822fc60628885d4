"""Reads the caches written by `npm run prepare-data` (the app's own landmarker, alignment and DSP) and
builds the model's inputs from them exactly as the live page does (see src/core/audio/clip-context.ts)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import List, Optional

import numpy as np

from .targets import parse_ravdess_name

VIDEO_FPS = 30.0
# ../shared/data beside the checkout: FER2013, the FER+ votes, RAVDESS (../shared/README.md)
SHARED_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")


@dataclass
class Faces:
    crops: np.ndarray  # uint8 [N, 96, 96]: round((luma + 1) · 127.5) of the aligned luma3 crop
    labels: np.ndarray  # int64 [N], ABAW order
    found: np.ndarray  # bool [N]: the landmarker found the face (else: the documented fallback transform)
    blendshapes: Optional[np.ndarray] = None  # float32 [N, 52] MediaPipe scores, zeros where not found
    blendshape_names: Optional[List[str]] = None

    def subset(self, idx: np.ndarray) -> "Faces":
        pick = lambda a: None if a is None else a[idx]
        return Faces(self.crops[idx], self.labels[idx], self.found[idx], pick(self.blendshapes), self.blendshape_names)


def load_faces(cache_dir: str, name: str) -> Faces:
    """A split written by `npm run prepare-data -- faces` (tools/data/lib/prepare-faces.mjs)."""
    path = lambda suffix: os.path.join(cache_dir, f"{name}_{suffix}.npy")
    crops = np.load(path("crops"), mmap_mode="r")
    labels = np.load(path("labels")).astype(np.int64)
    found = np.load(path("found")).astype(bool)
    if not (len(crops) == len(labels) == len(found)):
        raise ValueError(f"{name}: crops, labels and found disagree in length")
    blendshapes, names = None, None
    if os.path.exists(path("blendshapes")):
        blendshapes = np.load(path("blendshapes")).astype(np.float32)
        with open(os.path.join(cache_dir, f"{name}_meta.json")) as f:
            names = json.load(f)["blendshapeNames"]
        if blendshapes.shape != (len(labels), len(names)):
            raise ValueError(f"{name}: expected blendshapes of shape ({len(labels)}, {len(names)}), got {blendshapes.shape}")
    return Faces(np.ascontiguousarray(crops), labels, found, blendshapes, names)


def crops_to_unit(crops: np.ndarray) -> np.ndarray:
    """uint8 luma → [-1, 1] float32 (the app's crop range)."""
    return crops.astype(np.float32) / 127.5 - 1.0


@dataclass
class Clip:
    file: str
    frames: np.ndarray  # float32 [n, bins] in [-1, 1]
    emotion: int
    intensity: int
    actor: int
    expression: int


@dataclass
class Ravdess:
    clips: List[Clip]
    hop_ms: float
    window_ms: float
    context_frames: int = 64

    def frames_available(self, clip: Clip, time_ms: np.ndarray) -> np.ndarray:
        """Frames whose window ended at or before time_ms (frame i ends at i·hop + window)."""
        available = np.floor((time_ms - self.window_ms) / self.hop_ms).astype(np.int64) + 1
        # Exact comparison at the boundary, as the TS binary search does.
        available = np.where(time_ms >= self.window_ms, available, 0)
        return np.clip(available, 0, len(clip.frames))

    def windows(self, clip: Clip, time_ms: np.ndarray) -> np.ndarray:
        """The audio input at each time: [len(time_ms), context, bins], oldest first, −1-padded (contextWindowAt)."""
        ctx = self.context_frames
        padded = np.concatenate([np.full((ctx, clip.frames.shape[1]), -1.0, np.float32), clip.frames])
        available = self.frames_available(clip, np.asarray(time_ms, dtype=np.float64))
        index = available[:, None] + np.arange(ctx)[None, :]
        return padded[index]

    def step_times_ms(self, clip: Clip, max_steps: int | None = None) -> np.ndarray:
        """Video times k/30 s from 0 to the end of the last frame (the app steps once per video frame)."""
        end_ms = (len(clip.frames) - 1) * self.hop_ms + self.window_ms
        steps = int(np.floor(end_ms / (1000.0 / VIDEO_FPS))) + 1
        if max_steps is not None:
            steps = min(steps, max_steps)
        return np.arange(steps) * (1000.0 / VIDEO_FPS)


def load_ravdess(cache_dir: str, context_frames: int = 64) -> Ravdess:
    with open(os.path.join(cache_dir, "ravdess_index.json")) as f:
        index = json.load(f)
    frames = np.load(os.path.join(cache_dir, "ravdess_frames.npy"), mmap_mode="r")
    clips = []
    for entry in index["clips"]:
        fields = parse_ravdess_name(entry["file"])
        block = np.array(frames[entry["offset"] : entry["offset"] + entry["count"]], dtype=np.float32)
        clips.append(Clip(entry["file"], block, fields["emotion"], fields["intensity"], fields["actor"], fields["expression"]))
    return Ravdess(clips, float(index["hopMs"]), float(index["windowMs"]), context_frames)
