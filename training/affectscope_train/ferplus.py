"""FER+ rater votes (Barsoum et al. 2016, "Training deep networks for facial expression recognition with
crowd-sourced label distribution") → targets for the 7 ABAW expressions.

`votes` int8 [N, 10] in FER+'s column order VOTE_CLASSES; a row of -1 where a face has no FER+ row
(../shared/README.md). The 10 raters' votes become a target distribution as FER+'s own reader does
(microsoft/FERPlus `src/ferplus.py`, `_process_data` for its "probability" and "crossentropy" modes):

1. a class with a single vote is an outlier: its vote is dropped;
2. the most-voted classes are taken in order (ties together) until they hold ≥ 75 % of the votes, at most 3 classes;
   unknown or not-a-face among them stops the walk and is kept only when it came first;
3. when the classes taken hold ≤ 50 % of the votes, or more than 3 tie, the face is "unknown".

Then, for our 7 classes (our decisions, MODEL_CARD.md "FER+ rater votes"):
- faces whose distribution's top class is unknown or not-a-face are left out of the expression loss (FER+ drops them);
- contempt is not one of the 7 ABAW classes: a face whose top class is contempt is left out (as
  ferplus_PublicTest.npz leaves out contempt-majority faces); otherwise contempt's share is dropped and the rest
  renormalised (a neutral face with a minority contempt vote stays a neutral face);
- a face with no FER+ row (188 training faces) has no vote target: left out of the expression loss in the ferplus
  label modes, rather than mixing FER2013's noisier single label back in.

Two ways to train on the distribution, after the paper's §3 (Table 2: majority 83.85 %, probability 84.99 %,
cross-entropy 84.72 % on FER+ test with VGG13):
- "ferplus-prob" (probabilistic label drawing): every time a face is used, one label is drawn from its distribution
  and the loss is the ordinary cross-entropy against it;
- "ferplus-ce" (cross-entropy loss): the loss is the cross-entropy against the whole distribution.

Optionally (`--fer2013-label-votes K`; train.py's default is the shipped 6) FER2013's own label joins the raters as K more votes: the
target becomes (10 · distribution + K · one-hot(FER2013 label)) / (10 + K) on the faces that have a vote target.
FER2013's label decides a face when the raters' top class's share of the processed distribution (single votes and
unknown dropped, rescaled) leads FER2013's class's share by less than K/10; otherwise the raters' top class stays. At
K 3 that overrides the FER+ majority on 3.6 % of the training faces that have one, and the target names FER2013's
label on 71.1 % of the training faces with a vote target (64.3 % at K 0; label_agreement.py).
"""
from __future__ import annotations

from typing import Tuple

import numpy as np

from .targets import NUM_EXPRESSIONS, VA_CENTROIDS, FER_INTENSITY

VOTE_CLASSES = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF"]
CONTEMPT, UNKNOWN, NOT_A_FACE = 7, 8, 9
# FER+ columns 0-6 → ABAW index (0 Neutral, 1 Anger, 2 Disgust, 3 Fear, 4 Happiness, 5 Sadness, 6 Surprise).
FERPLUS_TO_ABAW = np.array([0, 4, 6, 5, 1, 2, 3])
LABEL_MODES = ("fer2013", "ferplus-prob", "ferplus-ce")
RATERS = 10  # FER+ votes per face: the weight of a processed distribution beside FER2013's label


def ferplus_distribution(row: np.ndarray) -> np.ndarray:
    """One face's 10 votes → FER+'s processed distribution over the 10 columns (sums to 1), or all zeros = unknown."""
    raw = np.where(np.asarray(row, dtype=np.float64) <= 1, 0.0, np.asarray(row, dtype=np.float64))
    total = raw.sum()
    kept = np.zeros(10)
    taken, count, valid = 0.0, 0, True
    while taken < 0.75 * total and count < 3 and valid:
        top = raw.max()
        for i in range(10):
            if raw[i] == top:
                kept[i], raw[i] = top, 0.0
                taken += top
                count += 1
                if i >= UNKNOWN:
                    valid = False
                    if kept.sum() > top:  # another class came before unknown / not-a-face: keep that one only
                        kept[i] = 0.0
                        count -= 1
                    break
    if total == 0 or kept.sum() <= 0.5 * total or count > 3:
        return np.zeros(10)
    return kept / kept.sum()


def vote_targets(votes: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """votes int [N, 10] → (distribution float32 [N, 7] in ABAW order, known bool [N]); unknown rows are all zero."""
    votes = np.asarray(votes)
    out = np.zeros((len(votes), NUM_EXPRESSIONS), np.float32)
    known = np.zeros(len(votes), bool)
    for n, row in enumerate(votes):
        if (row < 0).any():
            continue  # no FER+ row
        d = ferplus_distribution(row)
        if d.sum() == 0 or int(d.argmax()) >= CONTEMPT:
            continue  # unknown, not a face, or contempt first
        out[n, FERPLUS_TO_ABAW] = d[:7] / d[:7].sum()
        known[n] = True
    return out, known


def with_label_votes(dist: np.ndarray, known: np.ndarray, labels: np.ndarray, label_votes: float) -> np.ndarray:
    """Vote distributions [N, 7] (ABAW order) with FER2013's single label [N] counted as `label_votes` more votes beside
    the 10 raters' (known rows only; unknown rows stay all zero). 0 leaves the distributions as they are."""
    if not np.isfinite(label_votes) or label_votes < 0:
        raise ValueError(f"--fer2013-label-votes: expected a finite number ≥ 0, got {label_votes}")
    dist = np.asarray(dist, np.float32)
    if label_votes == 0:
        return dist
    known, labels = np.asarray(known, bool), np.asarray(labels)
    bad = known & ((labels < 0) | (labels >= NUM_EXPRESSIONS))
    if bad.any():
        raise ValueError(f"FER2013 labels: expected 0–{NUM_EXPRESSIONS - 1} on every face with a vote target, got {labels[bad][0]} "
                         f"(row {int(np.flatnonzero(bad)[0])})")
    one_hot = np.zeros_like(dist)
    rows = np.flatnonzero(known)
    one_hot[rows, labels[rows]] = 1.0
    mixed = (RATERS * dist + label_votes * one_hot) / (RATERS + label_votes)
    return np.where(known[:, None], mixed, 0.0).astype(np.float32)


def majority_labels(votes: np.ndarray) -> np.ndarray:
    """FER+ majority label (ABAW index) per row, or -1: votes of 1 dropped, the top class > half of the rest, and one
    of the 7 classes (ferplus_PublicTest.npz's rule, ../shared/README.md)."""
    votes = np.where(np.asarray(votes) <= 1, 0, np.asarray(votes)).astype(np.int64)
    top = votes.argmax(1)
    ok = (votes.max(1) * 2 > votes.sum(1)) & (top < CONTEMPT) & (votes.sum(1) > 0)
    return np.where(ok, FERPLUS_TO_ABAW[np.minimum(top, 6)], -1)


def graded_va(votes: np.ndarray, fallback_labels: np.ndarray) -> np.ndarray:
    """Valence/arousal [N, 2] from the votes: the expected circumplex point over the raters' votes for the 7 classes
    (single votes dropped as outliers), scaled by rater agreement: intensity = ½ + ½ · (top class's share of those
    votes), so a face all 10 raters call happy gets the full Happiness point and a split face a point between the
    classes, nearer neutral. Still derived: the class points are VA_CENTROIDS (targets.py). Rows without such votes
    get FER2013's label's point at FER_INTENSITY, as before."""
    votes = np.asarray(votes)
    out = VA_CENTROIDS[np.asarray(fallback_labels)] * FER_INTENSITY
    counts = np.zeros((len(votes), NUM_EXPRESSIONS))
    has_row = (votes >= 0).all(1)
    seven = np.where(votes[:, :7] <= 1, 0, votes[:, :7]).astype(np.float64)
    counts[:, FERPLUS_TO_ABAW] = seven
    total = counts.sum(1)
    use = has_row & (total > 0)
    share = counts[use] / total[use, None]
    intensity = 0.5 + 0.5 * share.max(1)
    out = out.astype(np.float64)
    out[use] = (share @ VA_CENTROIDS.astype(np.float64)) * intensity[:, None]
    return out.astype(np.float32)
