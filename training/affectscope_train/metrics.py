"""Held-out metrics (numpy): expression accuracy / F1, CCC (paper eq. 3), AU F1 and CCC, the ABAW MTL score."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

import numpy as np

from .targets import EXPRESSIONS


def classification_report(pred: np.ndarray, true: np.ndarray, classes: Sequence[str] = EXPRESSIONS) -> dict:
    k = len(classes)
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (true, pred), 1)
    recall = confusion.diagonal() / np.maximum(confusion.sum(1), 1)
    precision = confusion.diagonal() / np.maximum(confusion.sum(0), 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    return {
        "accuracy": float((pred == true).mean()) if len(true) else float("nan"),
        "macroF1": float(f1.mean()),
        "perClassRecall": {e: round(float(r), 4) for e, r in zip(classes, recall)},
        "perClassF1": {e: round(float(v), 4) for e, v in zip(classes, f1)},
        "confusion": confusion.tolist(),
        "n": int(len(true)),
    }


def accuracy_by_label_set(pred: np.ndarray, labels: Dict[str, np.ndarray]) -> Dict[str, float]:
    """Accuracy of the predicted classes [N] against each label set (name → [N], -1 where a face has no label)."""
    return {name: float(np.mean(pred[y >= 0] == y[y >= 0])) for name, y in labels.items()}


def ccc(x: np.ndarray, y: np.ndarray) -> float:
    """Concordance correlation coefficient 2·cov / (var x + var y + (mean x − mean y)²), population moments."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    if len(x) < 2:
        return float("nan")
    mx, my = x.mean(), y.mean()
    cov = ((x - mx) * (y - my)).mean()
    denominator = x.var() + y.var() + (mx - my) ** 2
    return float(2 * cov / denominator) if denominator > 0 else float("nan")


def binary_f1(pred: np.ndarray, true: np.ndarray) -> float:
    """F1 of the positive class; 0 when there is no true and no predicted positive."""
    pred, true = np.asarray(pred, bool), np.asarray(true, bool)
    tp = float((pred & true).sum())
    denominator = float(pred.sum() + true.sum())
    return 2 * tp / denominator if denominator > 0 else 0.0


def au_report(pred: np.ndarray, target: np.ndarray, known: Optional[np.ndarray], names: Sequence[str],
              target_is_binary: bool = False, thresholds: Optional[Sequence[float]] = None) -> dict:
    """pred [N, A] sigmoid outputs ∈ [0, 1]; target [N, A] activations ∈ [0, 1] (present = ≥ 0.5) or 0/1 labels.
    Per AU: F1 of presence (output ≥ its threshold: 0.5, or thresholds[k] when given), and CCC of the activation
    (omitted for binary labels)."""
    known = np.ones_like(target, bool) if known is None else known
    per: Dict[str, dict] = {}
    for k, name in enumerate(names):
        rows = known[:, k]
        if not rows.any():
            continue
        threshold = 0.5 if thresholds is None else thresholds[k]
        entry = {"f1": binary_f1(pred[rows, k] >= threshold, target[rows, k] >= 0.5), "n": int(rows.sum())}
        if not target_is_binary:
            entry["ccc"] = ccc(pred[rows, k], target[rows, k])
        per[name] = entry
    mean = lambda key: float(np.nanmean([v[key] for v in per.values()])) if per and key in next(iter(per.values())) else None
    return {"perAu": per, "meanF1": mean("f1"), "meanCcc": mean("ccc")}


def abaw_mtl_score(va_ccc: Sequence[float], expression_f1: float, au_f1: float) -> float:
    """ABAW MTL challenge score (seed 002, §4.1): mean of the valence and arousal CCC + expression F1 + AU F1."""
    return float(np.mean(va_ccc) + expression_f1 + au_f1)


# As src/core/au/thresholds.ts: candidates 0.05, 0.06, …, 0.95.
AU_THRESHOLD_GRID = [round(0.05 + i * 0.01, 2) for i in range(91)]


def choose_au_thresholds(pred: np.ndarray, present: np.ndarray, known: Optional[np.ndarray] = None) -> List[float]:
    """Per AU, the threshold of AU_THRESHOLD_GRID with the best F1 of pred ≥ t against `present` over the known rows
    (ties: the one nearest 0.5), as chooseActionUnitThresholds in src/core/au/thresholds.ts. Choose it on data the
    reported scores are not measured on."""
    known = np.ones_like(present, bool) if known is None else known
    chosen = []
    for k in range(pred.shape[1]):
        column, truth = pred[known[:, k], k], present[known[:, k], k]
        best_t, best_f1 = 0.5, binary_f1(column >= 0.5, truth)
        for t in AU_THRESHOLD_GRID:
            f1 = binary_f1(column >= t, truth)
            if f1 > best_f1 or (f1 == best_f1 and abs(t - 0.5) < abs(best_t - 0.5)):
                best_t, best_f1 = t, f1
        chosen.append(best_t)
    return chosen
