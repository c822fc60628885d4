"""Aff-Wild2 / ABAW frames with their real labels, as `npm run prepare-data -- abaw <dir>` caches them
(tools/data/lib/prepare-abaw.mjs): the faces path's crops and blendshapes, plus abaw_<split>_annotations.npz
(va (N, 2), -5 = none; au (N, 12) in ABAW_AUS order, -1 = none; expr (N,) 0–7 with 7 = Other, -1 = none).

Targets: expressions where the label is one of our 7 (Other and -1 train no expression); the AUs ABAW labels
(1, 2, 4, 6, 12, 15, 25) from the labels; AU20, which ABAW does not label, from the landmarker's blendshapes
(au_targets.py) where it found the face; valence/arousal where not -5. Held out: the Validation_Set, scored as the
challenge does (metrics.abaw_mtl_score).
"""
from __future__ import annotations

import json
import os
from typing import Tuple

import numpy as np

from .au_targets import AU_NAMES, blendshape_au_targets
from .data import Faces, load_faces
from .evaluation import ABAW_AUS, HeldOutFaces
from .face_targets import FaceTargets, one_hot
from .targets import NUM_EXPRESSIONS



def load_annotations(cache_dir: str, split: str):
    saved = np.load(os.path.join(cache_dir, f"abaw_{split}_annotations.npz"))
    return saved["va"].astype(np.float32), saved["au"].astype(np.int64), saved["expr"].astype(np.int64)


def load_frames(cache_dir: str, split: str) -> Tuple[np.ndarray, np.ndarray]:
    """(video index [N], frame number [N]) from abaw_<split>_frames.json ([[video name, frame], …] in row order)."""
    with open(os.path.join(cache_dir, f"abaw_{split}_frames.json")) as f:
        frames = json.load(f)
    names = {name: k for k, name in enumerate(sorted({v for v, _ in frames}))}
    return np.array([names[v] for v, _ in frames], np.int64), np.array([n for _, n in frames], np.int64)


def abaw_targets(faces: Faces, va: np.ndarray, au: np.ndarray, expr: np.ndarray) -> FaceTargets:
    expr_known = (expr >= 0) & (expr < NUM_EXPRESSIONS)
    targets_au = np.zeros((len(expr), len(AU_NAMES)), np.float32)
    au_known = np.zeros((len(expr), len(AU_NAMES)), bool)
    if faces.blendshapes is not None:
        measured, measured_known = blendshape_au_targets(faces.blendshapes, faces.blendshape_names, faces.found)
        targets_au[:, :], au_known[:, :] = measured, measured_known
        au_known[:, [k for k, name in enumerate(AU_NAMES) if name in ABAW_AUS]] = False  # ABAW labels these: measured values unused
    for k, name in enumerate(AU_NAMES):
        if name in ABAW_AUS:
            column = au[:, ABAW_AUS.index(name)]
            au_known[:, k] = column >= 0
            targets_au[:, k] = np.where(column >= 0, column, 0)
    va_known = (va != -5).all(1)
    return FaceTargets(one_hot(np.where(expr_known, expr, -1)), expr_known, targets_au, au_known,
                       np.where(va_known[:, None], va, 0).astype(np.float32), va_known)


def abaw_data(cache_dir: str, limit: int = 0) -> Tuple[Faces, FaceTargets, Faces, HeldOutFaces]:
    """Train_Set faces and targets; Validation_Set faces with their labels as a held-out set."""
    train = load_faces(cache_dir, "abaw_train")
    targets = abaw_targets(train, *load_annotations(cache_dir, "train"))
    targets.video, targets.frame = load_frames(cache_dir, "train")  # phase 3 follows the videos frame by frame
    test = load_faces(cache_dir, "abaw_validation")
    va, au, expr = load_annotations(cache_dir, "validation")
    test_targets = abaw_targets(Faces(test.crops, test.labels, test.found), va, au, expr)  # labels only: no AU20
    held_out = HeldOutFaces({"abaw": np.where(test_targets.expr_known, expr, -1)}, test.found, au=test_targets.au,
                            au_known=test_targets.au_known, va=test_targets.va, va_known=test_targets.va_known,
                            au_source="ABAW AU labels (AU20 not labelled)", au_binary=True, expr8=expr)
    if limit:
        keep = np.sort(np.random.default_rng(0).permutation(len(train.labels))[:limit])
        train, targets = train.subset(keep), targets.subset(keep)
    return train, targets, test, held_out
