"""Per-face AU targets measured from the Face Landmarker's 52 blendshapes, by the app's own table.

The same sources and calibration as src/core/au/blendshape-aus.ts (what the live page shows as "measured" AUs; the
table, its reasons and the data it was chosen on: MODEL_CARD.md "Action units measured by the landmarker").
tools/data/training-python.test.ts checks that these numbers and this function equal the TypeScript ones.

The AU head learns the activation ∈ [0, 1] (0 at rest, 0.5 at the presence threshold, 1 at full scale) by binary
cross-entropy with the activation as a soft target. Why not BCE on presence (activation ≥ 0.5): it throws away the
intensity that the CCC in `npm run evaluate` measures and that the page's bars show. Why not squared error on the
sigmoid: its gradient vanishes where the sigmoid saturates. BCE with soft target t is minimised at σ(logit) = t, so
the sigmoid output reproduces the calibrated activation, and the network's "present" (output ≥ 0.5) is the
landmarker's presence threshold.
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import numpy as np

from .targets import ACTION_UNITS

# AU → ("single", name) | ("pair-max", left, right) | ("lips-apart", jawOpen, mouthClose, [lips-apart names]).
BLENDSHAPE_AU_SOURCES: Dict[str, tuple] = {
    "AU1": ("single", "browInnerUp"),
    "AU2": ("pair-max", "browOuterUpLeft", "browOuterUpRight"),
    "AU4": ("pair-max", "browDownLeft", "browDownRight"),
    "AU6": ("pair-max", "eyeSquintLeft", "eyeSquintRight"),
    "AU12": ("pair-max", "mouthSmileLeft", "mouthSmileRight"),
    "AU15": ("pair-max", "mouthFrownLeft", "mouthFrownRight"),
    "AU20": ("pair-max", "mouthStretchLeft", "mouthStretchRight"),
    "AU25": ("lips-apart", "jawOpen", "mouthClose", ["mouthUpperUpLeft", "mouthUpperUpRight", "mouthLowerDownLeft", "mouthLowerDownRight"]),
}

# (restScore, presentScore, fullScore) per AU: BLENDSHAPE_AU_CALIBRATION in src/core/au/blendshape-aus.ts.
BLENDSHAPE_AU_CALIBRATION: Dict[str, Tuple[float, float, float]] = {
    "AU1": (0.036, 0.517, 0.933),
    "AU2": (0.134, 0.646, 0.935),
    "AU4": (0.042, 0.496, 0.808),
    "AU6": (0.393, 0.635, 0.809),
    "AU12": (0.0, 0.025, 0.951),
    "AU15": (0.003, 0.104, 0.42),
    "AU20": (0.004, 0.085, 0.751),
    "AU25": (0.009, 0.095, 0.724),
}

AU_NAMES = [f"AU{a}" for a in ACTION_UNITS]


def raw_au_scores(blendshapes: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """blendshapes float [N, K] with column names `names` → raw AU scores [N, 8] in ACTION_UNITS order."""
    column = {n: i for i, n in enumerate(names)}

    def get(name: str) -> np.ndarray:
        if name not in column:
            raise ValueError(f"blendshapes: expected a column {name!r}, got {len(names)} names ({', '.join(list(names)[:3])}…)")
        return blendshapes[:, column[name]].astype(np.float64)

    out = []
    for au in AU_NAMES:
        source = BLENDSHAPE_AU_SOURCES[au]
        if source[0] == "single":
            out.append(get(source[1]))
        elif source[0] == "pair-max":
            out.append(np.maximum(get(source[1]), get(source[2])))
        else:
            by_lips = np.mean([get(n) for n in source[3]], axis=0)
            out.append(np.maximum(np.maximum(0.0, get(source[1]) - get(source[2])), by_lips))
    return np.stack(out, 1)


def au_activation(raw: np.ndarray) -> np.ndarray:
    """Raw scores [N, 8] → activations ∈ [0, 1]: piecewise linear through (rest, 0), (present, 0.5), (full, 1)."""
    out = np.empty_like(raw, dtype=np.float64)
    for k, au in enumerate(AU_NAMES):
        rest, present, full = BLENDSHAPE_AU_CALIBRATION[au]
        x = raw[:, k]
        low = 0.5 * (x - rest) / (present - rest)
        high = 0.5 + 0.5 * (x - present) / (full - present)
        out[:, k] = np.where(x <= rest, 0.0, np.where(x >= full, 1.0, np.where(x < present, low, high)))
    return out


def blendshape_au_targets(blendshapes: np.ndarray, names: Sequence[str], found: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(activations float32 [N, 8], known bool [N, 8]): no target where the landmarker found no face."""
    activations = au_activation(raw_au_scores(np.asarray(blendshapes), list(names))).astype(np.float32)
    known = np.repeat(np.asarray(found, bool)[:, None], len(AU_NAMES), 1)
    return np.where(known, activations, 0.0).astype(np.float32), known


def table_as_json() -> dict:
    """The table in the TypeScript shapes (for the parity test)."""
    sources = {}
    for au, s in BLENDSHAPE_AU_SOURCES.items():
        if s[0] == "single":
            sources[au] = {"kind": "single", "blendshape": s[1]}
        elif s[0] == "pair-max":
            sources[au] = {"kind": "pair-max", "left": s[1], "right": s[2]}
        else:
            sources[au] = {"kind": "lips-apart", "jawOpen": s[1], "mouthClose": s[2], "lipsApart": list(s[3])}
    calibration = {au: {"restScore": r, "presentScore": p, "fullScore": f} for au, (r, p, f) in BLENDSHAPE_AU_CALIBRATION.items()}
    return {"sources": sources, "calibration": calibration}


def names_used() -> List[str]:
    names: List[str] = []
    for s in BLENDSHAPE_AU_SOURCES.values():
        names.extend(s[1:3] if s[0] != "lips-apart" else [s[1], s[2], *s[3]])
    return [n for n in names if isinstance(n, str)]
