"""How phases 1 and 3 report on held-out faces: expression against every label set the split has, the AU head
against the blendshape-measured targets of the same faces, valence/arousal against the (derived) targets."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

from .au_targets import AU_NAMES
from .metrics import abaw_mtl_score, au_report, ccc, classification_report
from .model import NUM_AU, NUM_VA
from .targets import EXPRESSIONS

ABAW_AUS = ["AU1", "AU2", "AU4", "AU6", "AU7", "AU10", "AU12", "AU15", "AU23", "AU24", "AU25", "AU26"]


@dataclass
class HeldOutFaces:
    labels: Dict[str, np.ndarray]  # label set name → int [N] ABAW order, -1 = no label in that set
    found: np.ndarray  # bool [N]
    au: Optional[np.ndarray] = None  # float [N, 8] activations
    au_known: Optional[np.ndarray] = None  # bool [N, 8]
    va: Optional[np.ndarray] = None  # float [N, 2]
    va_known: Optional[np.ndarray] = None  # bool [N]
    au_source: str = "blendshapes"
    primary: str = field(default="")
    au_binary: bool = False  # AU targets are 0/1 labels (ABAW): F1 only
    expr8: Optional[np.ndarray] = None  # ABAW's expression labels 0–7 (7 = Other, -1 = none): adds the MTL score

    def __post_init__(self):
        self.primary = self.primary or next(iter(self.labels))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def face_report(logits: np.ndarray, held_out: HeldOutFaces, expression_probabilities: Optional[np.ndarray] = None) -> dict:
    """logits [N, 17] raw outputs (VA | AU | expression); expression_probabilities overrides the expression part."""
    expr = expression_probabilities if expression_probabilities is not None else logits[:, NUM_VA + NUM_AU :]
    pred = expr.argmax(1)
    report: dict = {"primaryLabels": held_out.primary}
    for name, labels in held_out.labels.items():
        rows = labels >= 0
        entry = classification_report(pred[rows], labels[rows])
        entry["detectedOnlyAccuracy"] = float((pred == labels)[rows & held_out.found].mean()) if (rows & held_out.found).any() else None
        report[name] = entry
    report["accuracy"] = report[held_out.primary]["accuracy"]
    report["macroF1"] = report[held_out.primary]["macroF1"]
    if held_out.au is not None:
        au = sigmoid(logits[:, NUM_VA : NUM_VA + NUM_AU])
        report["actionUnits"] = {"source": held_out.au_source, **au_report(au, held_out.au, held_out.au_known, AU_NAMES, held_out.au_binary)}
        labels = held_out.labels[held_out.primary]
        report["actionUnits"]["meanByExpression"] = {
            e: [round(float(v), 4) for v in au[labels == k].mean(0)] for k, e in enumerate(EXPRESSIONS) if (labels == k).any()
        }
    if held_out.va is not None:
        va = np.tanh(logits[:, :NUM_VA])
        rows = held_out.va_known if held_out.va_known is not None else np.ones(len(va), bool)
        report["valenceCcc"], report["arousalCcc"] = ccc(va[rows, 0], held_out.va[rows, 0]), ccc(va[rows, 1], held_out.va[rows, 1])
    if held_out.expr8 is not None:
        report["abawChallenge"] = abaw_scores(pred, report, held_out.expr8)
    return report


def abaw_scores(pred: np.ndarray, report: dict, expr8: np.ndarray) -> dict:
    """ABAW MTL score (seed 002): mean VA CCC + expression F1 over the 8 classes (Other never predicted) + AU F1 over
    ABAW's 12 AUs (the 5 this network lacks count 0); beside it the means over what it predicts."""
    rows = expr8 >= 0
    f1_8 = classification_report(pred[rows], expr8[rows], [*EXPRESSIONS, "Other"])["macroF1"] if rows.any() else float("nan")
    per = report.get("actionUnits", {}).get("perAu", {})
    shared = [v["f1"] for name, v in per.items() if name in ABAW_AUS]
    va = np.mean([report.get("valenceCcc", np.nan), report.get("arousalCcc", np.nan)])
    return {"expressionF1": f1_8, "auMeanF1Over12": float(np.sum(shared) / len(ABAW_AUS)),
            "mtlScore": abaw_mtl_score([va], f1_8, float(np.sum(shared) / len(ABAW_AUS)))}
