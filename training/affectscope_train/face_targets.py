"""Per-face targets for the three heads, with what is known about each face, and batches of them.

Where the targets come from (the --labels and --au-targets options of train.py):
- expression: FER2013's single label ("fer2013"), or the FER+ vote distribution ("ferplus-prob": a label drawn from
  it each time; "ferplus-ce": the distribution itself) — ferplus.py; real labels from an ABAW layout (abaw.py);
- AUs: blendshape-measured activations ("blendshapes", au_targets.py; none where no face was found) or the
  expression priors of Du et al. 2014 ("priors", targets.py); real AU labels from an ABAW layout;
- valence/arousal: derived — graded over the FER+ votes when they exist (ferplus.graded_va), else FER2013's class
  point; real labels from an ABAW layout.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import torch

from .au_targets import blendshape_au_targets
from .ferplus import LABEL_MODES, graded_va, vote_targets, with_label_votes
from .losses import Targets
from .targets import AU_PRIORS, FER_INTENSITY, NUM_EXPRESSIONS, VA_CENTROIDS

AU_TARGET_SOURCES = ("blendshapes", "priors")


@dataclass
class FaceTargets:
    expr: np.ndarray  # float32 [N, 7]: a distribution over ABAW expressions (all zero where unknown)
    expr_known: np.ndarray  # bool [N]
    au: np.ndarray  # float32 [N, 8] ∈ [0, 1]
    au_known: np.ndarray  # bool [N, 8]
    va: np.ndarray  # float32 [N, 2] ∈ [-1, 1]
    va_known: np.ndarray  # bool [N]
    draw_expr: bool = False  # probabilistic label drawing: a one-hot drawn from expr per use
    video: Optional[np.ndarray] = None  # int [N]: which video a frame is of (ABAW); None for unrelated photos
    frame: Optional[np.ndarray] = None  # int [N]: its frame number in that video

    @property
    def labels(self) -> np.ndarray:
        """The most likely expression per face, -1 where unknown (for pairing faces with clips of that expression)."""
        return np.where(self.expr_known, self.expr.argmax(1), -1)

    def digest(self) -> str:
        """sha256 of every target array: a checkpoint resumes only on the same targets."""
        h = hashlib.sha256()
        for a in (self.expr, self.expr_known, self.au, self.au_known, self.va, self.va_known, np.array([self.draw_expr])):
            h.update(np.ascontiguousarray(a).tobytes())
        for a in (self.video, self.frame):
            if a is not None:
                h.update(np.ascontiguousarray(a).tobytes())
        return h.hexdigest()

    def subset(self, idx: np.ndarray) -> "FaceTargets":
        pick = lambda a: None if a is None else a[idx]
        return FaceTargets(self.expr[idx], self.expr_known[idx], self.au[idx], self.au_known[idx], self.va[idx], self.va_known[idx],
                           self.draw_expr, pick(self.video), pick(self.frame))

    def video_tracks(self) -> list:
        """Per video, the indices of its trainable frames in frame order (empty without videos)."""
        if self.video is None:
            return []
        rows = self.trainable()
        rows = rows[np.lexsort((self.frame[rows], self.video[rows]))]
        return [t for t in np.split(rows, np.flatnonzero(np.diff(self.video[rows])) + 1) if len(t)]

    def trainable(self) -> np.ndarray:
        """Indices of faces with at least one known target."""
        return np.flatnonzero(self.expr_known | self.va_known | self.au_known.any(1))

    def expression_rows(self, idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        rows = self.expr[idx]
        if not self.draw_expr:
            return rows
        drawn = np.zeros_like(rows)
        for k, p in enumerate(rows):
            if p.sum() > 0:
                drawn[k, rng.choice(NUM_EXPRESSIONS, p=p / p.sum())] = 1.0
        return drawn

    def batch(self, idx: np.ndarray, rng: np.random.Generator) -> Targets:
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
        return Targets(t(self.expression_rows(idx, rng)), t(self.expr_known[idx]), t(self.au[idx]), t(self.au_known[idx]),
                       t(self.va[idx]), t(self.va_known[idx]))


def one_hot(labels: np.ndarray) -> np.ndarray:
    out = np.zeros((len(labels), NUM_EXPRESSIONS), np.float32)
    ok = labels >= 0
    out[np.flatnonzero(ok), labels[ok]] = 1.0
    return out


def fer_face_targets(labels: np.ndarray, label_mode: str = "fer2013", votes: Optional[np.ndarray] = None,
                     au_source: str = "priors", blendshapes: Optional[np.ndarray] = None,
                     blendshape_names: Optional[Sequence[str]] = None, found: Optional[np.ndarray] = None,
                     fer2013_label_votes: float = 0.0) -> FaceTargets:
    """Targets of FER2013 faces (labels int [N], ABAW order) under the chosen label mode and AU source; in the FER+
    modes, `fer2013_label_votes` counts FER2013's label as that many more votes (ferplus.with_label_votes)."""
    if label_mode not in LABEL_MODES:
        raise ValueError(f"--labels: expected one of {', '.join(LABEL_MODES)}, got {label_mode}")
    if au_source not in AU_TARGET_SOURCES:
        raise ValueError(f"--au-targets: expected one of {', '.join(AU_TARGET_SOURCES)}, got {au_source}")
    labels = np.asarray(labels, np.int64)
    n = len(labels)
    if votes is not None and len(votes) != n:
        raise ValueError(f"FER+ votes: expected {n} rows aligned with the faces, got {len(votes)}")
    if label_mode == "fer2013":
        if fer2013_label_votes:
            raise ValueError("--fer2013-label-votes: only with --labels ferplus-ce or ferplus-prob")
        expr, expr_known = one_hot(labels), np.ones(n, bool)
    else:
        if votes is None:
            raise ValueError(f"--labels {label_mode} needs the FER+ votes (ferplus_train_votes.npz)")
        expr, expr_known = vote_targets(votes)
        expr = with_label_votes(expr, expr_known, labels, fer2013_label_votes)
    if au_source == "priors":  # the priors of the target's top class (with --fer2013-label-votes, the mixed target's)
        au = AU_PRIORS[np.argmax(expr, 1)] * expr_known[:, None]
        au_known = np.repeat(expr_known[:, None], AU_PRIORS.shape[1], 1)
    else:
        if blendshapes is None or blendshape_names is None or found is None:
            raise ValueError("--au-targets blendshapes needs the cache's blendshapes (npm run prepare-data -- faces)")
        au, au_known = blendshape_au_targets(blendshapes, blendshape_names, found)
    va = graded_va(votes, labels) if votes is not None else VA_CENTROIDS[labels] * FER_INTENSITY
    va_known = np.ones(n, bool) if label_mode == "fer2013" else expr_known.copy()
    if label_mode != "fer2013":
        au_known = au_known & expr_known[:, None]  # unknown / not-a-face / contempt faces train nothing
    return FaceTargets(expr.astype(np.float32), expr_known, au.astype(np.float32), au_known, va.astype(np.float32), va_known,
                       draw_expr=label_mode == "ferplus-prob")
