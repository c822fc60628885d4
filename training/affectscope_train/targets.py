"""Targets for the heads that our data sets do not label (README: "Targets for heads without labels").

FER2013 and RAVDESS give only a basic expression. The AU and valence/arousal heads are trained on targets
DERIVED from that expression; they are priors, not measurements, and the model card says so.

- AUs: expression → AU occurrence priors from Du, Tao & Martinez (2014, PNAS, "Compound facial expressions
  of emotion", Table 1), as used by Kollias et al.'s distribution-matching work: prototypical AUs of an
  expression get probability 1, the listed variants their observed frequency; AUs not listed get 0.
  Restricted to the app's AUs 1, 2, 4, 6, 12, 15, 20, 25.
- Valence/arousal: a hand-set centroid per expression on Russell's (1980) circumplex (our approximation,
  not a measured table), scaled by expression intensity where the data give it (RAVDESS: normal 0.6,
  strong 1.0; FER2013 has none: 0.8). RAVDESS "calm" is mapped to Neutral for the expression but keeps a
  calm centroid (slightly positive, low arousal).
"""
from __future__ import annotations

import numpy as np

EXPRESSIONS = ["Neutral", "Anger", "Disgust", "Fear", "Happiness", "Sadness", "Surprise"]
ACTION_UNITS = [1, 2, 4, 6, 12, 15, 20, 25]
NUM_EXPRESSIONS = len(EXPRESSIONS)

# Du et al. 2014, Table 1: prototypical AUs (→ 1.0) and variants with their frequency.
_DU_2014 = {
    "Neutral": {},
    "Anger": {4: 1.0},  # prototypical 4, 7, 24; variants 10 (26%), 17 (52%), 23 (29%) — only 4 is ours
    "Disgust": {4: 0.31},  # prototypical 9, 10, 17; variants 4 (31%), 24 (26%)
    "Fear": {1: 1.0, 4: 1.0, 20: 1.0, 25: 1.0, 2: 0.57},  # variants 2 (57%), 5 (63%), 26 (33%)
    "Happiness": {12: 1.0, 25: 1.0, 6: 0.51},  # variant 6 (51%)
    "Sadness": {4: 1.0, 15: 1.0, 1: 0.60, 6: 0.50},  # variants 1 (60%), 6 (50%), 11 (26%), 17 (67%)
    "Surprise": {1: 1.0, 2: 1.0, 25: 1.0},  # prototypical 1, 2, 25, 26; variant 5 (66%)
}

AU_PRIORS = np.array(
    [[_DU_2014[e].get(au, 0.0) for au in ACTION_UNITS] for e in EXPRESSIONS], dtype=np.float32
)  # [7, 8]

# (valence, arousal) at full intensity; Russell's circumplex layout, values set by us.
VA_CENTROIDS = np.array(
    [
        [0.0, 0.0],  # Neutral
        [-0.6, 0.6],  # Anger
        [-0.6, 0.3],  # Disgust
        [-0.6, 0.7],  # Fear
        [0.7, 0.4],  # Happiness
        [-0.6, -0.4],  # Sadness
        [0.3, 0.7],  # Surprise
    ],
    dtype=np.float32,
)
CALM_VA = np.array([0.2, -0.4], dtype=np.float32)
FER_INTENSITY = 0.8
RAVDESS_INTENSITY = {1: 0.6, 2: 1.0}

# RAVDESS emotion code → ABAW expression index (calm joins neutral).
RAVDESS_TO_EXPRESSION = {1: 0, 2: 0, 3: 4, 4: 5, 5: 1, 6: 3, 7: 2, 8: 6}


def va_target(expression: int, intensity: float, calm: bool = False) -> np.ndarray:
    centre = CALM_VA if calm else VA_CENTROIDS[expression]
    return (centre * intensity).astype(np.float32)


def parse_ravdess_name(name: str) -> dict:
    """'03-01-EE-II-SS-RR-AA.flac' → fields (see ../shared/README.md)."""
    stem = name.rsplit("/", 1)[-1].split(".")[0]
    parts = [int(p) for p in stem.split("-")]
    if len(parts) != 7:
        raise ValueError(f"not a RAVDESS file name: {name}")
    modality, channel, emotion, intensity, statement, repetition, actor = parts
    return {
        "emotion": emotion,
        "intensity": intensity,
        "statement": statement,
        "repetition": repetition,
        "actor": actor,
        "expression": RAVDESS_TO_EXPRESSION[emotion],
    }
