"""A tiny training cache in the layout `npm run prepare-data` writes, made of random data (for fast tests)."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import unittest
from typing import Tuple

import numpy as np

from affectscope_train.au_targets import names_used

BLENDSHAPE_NAMES = ["_neutral"] + sorted(set(names_used()))


def write_faces(cache: str, name: str, count: int, rng: np.random.Generator) -> None:
    labels = np.arange(count) % 7
    np.save(os.path.join(cache, f"{name}_crops.npy"), rng.integers(0, 256, (count, 96, 96), dtype=np.uint8))
    np.save(os.path.join(cache, f"{name}_labels.npy"), labels.astype(np.int8))
    found = (np.arange(count) % 5 != 4).astype(np.uint8)
    np.save(os.path.join(cache, f"{name}_found.npy"), found)
    blend = rng.random((count, len(BLENDSHAPE_NAMES)), dtype=np.float32) * found[:, None]
    np.save(os.path.join(cache, f"{name}_blendshapes.npy"), blend)
    with open(os.path.join(cache, f"{name}_meta.json"), "w") as f:
        json.dump({"blendshapeNames": BLENDSHAPE_NAMES}, f)


def write_votes(folder: str, split: str, count: int, rng: np.random.Generator) -> None:
    votes = np.zeros((count, 10), np.int8)
    for i in range(count):
        for _ in range(10):
            votes[i, rng.integers(0, 10) if rng.random() < 0.3 else i % 7] += 1
    votes[-1] = -1  # one face without a FER+ row
    np.savez(os.path.join(folder, f"ferplus_{split}_votes.npz"), votes=votes)


def write_cache(cache: str, train_faces: int = 40, test_faces: int = 14, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    os.makedirs(cache, exist_ok=True)
    write_faces(cache, "fer2013_train", train_faces, rng)
    write_faces(cache, "fer2013_PublicTest", test_faces, rng)
    write_votes(cache, "train", train_faces, rng)
    write_votes(cache, "PublicTest", test_faces, rng)
    clips, frames, offset = [], [], 0
    # Two clips of every emotion code: one of a training actor, one of a held-out actor.
    for emotion in range(1, 9):
        for actor in (1, 18):
            n = int(rng.integers(40, 70))
            frames.append(rng.uniform(-1, 1, (n, 128)).astype(np.float32))
            clips.append({"file": f"03-01-{emotion:02d}-01-01-01-{actor:02d}.flac", "offset": offset, "count": n})
            offset += n
    np.save(os.path.join(cache, "ravdess_frames.npy"), np.concatenate(frames))
    with open(os.path.join(cache, "ravdess_index.json"), "w") as f:
        json.dump({"clips": clips, "hopMs": 22, "windowMs": 33}, f)


def temporary_cache(test: unittest.TestCase) -> Tuple[str, str]:
    """(a folder removed after the test, the tiny cache written in it)."""
    folder = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, folder, ignore_errors=True)
    cache = os.path.join(folder, "cache")
    write_cache(cache)
    return folder, cache


TINY_ARGS = ["--width", "0.03125", "--visual-epochs", "2", "--audio-epochs", "2", "--recurrent-epochs", "2", "--recurrent-steps", "2",
             "--batch", "8", "--threads", "1", "--sequence-steps", "6", "--centroid-batches", "2"]


def write_abaw_cache(cache: str, seed: int = 0) -> None:
    """The files `npm run prepare-data -- abaw` writes, for a tiny random ABAW Train_Set and Validation_Set."""
    rng = np.random.default_rng(seed)
    os.makedirs(cache, exist_ok=True)
    for split, count in (("train", 30), ("validation", 12)):
        write_faces(cache, f"abaw_{split}", count, rng)
        va = rng.uniform(-1, 1, (count, 2)).astype(np.float32)
        va[::4] = -5
        au = (rng.random((count, 12)) < 0.4).astype(np.int8)
        au[1::5] = -1
        expr = (np.arange(count) % 9 - 1).astype(np.int8)  # -1, 0..6, 7 = Other
        np.savez(os.path.join(cache, f"abaw_{split}_annotations.npz"), va=va, au=au, expr=expr)
        # Three videos, rows in video order, frame numbers with gaps (frames without a face have no .jpg).
        frames = [[f"video{k % 3}", 2 * (k // 3) + 1] for k in range(count)]
        frames.sort()
        with open(os.path.join(cache, f"abaw_{split}_frames.json"), "w") as f:
            json.dump(frames, f)
