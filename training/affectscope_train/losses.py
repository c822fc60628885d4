"""The paper's losses (§3, eqs. 1–4): categorical cross-entropy, binary cross-entropy, 1 − CCC, ArcFace."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .model import NUM_AU, NUM_VA


def ccc(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Concordance correlation coefficient of two 1-D tensors (eq. 3)."""
    mx, my = x.mean(), y.mean()
    vx, vy = x.var(unbiased=False), y.var(unbiased=False)
    cov = ((x - mx) * (y - my)).mean()
    return 2 * cov / (vx + vy + (mx - my) ** 2 + 1e-8)


def ccc_loss(va_pred: torch.Tensor, va_true: torch.Tensor) -> torch.Tensor:
    """1 − ½(ρ_valence + ρ_arousal) over the rows of [N, 2]."""
    return 1 - 0.5 * (ccc(va_pred[:, 0], va_true[:, 0]) + ccc(va_pred[:, 1], va_true[:, 1]))


def arcface_logits(cosines: torch.Tensor, labels: torch.Tensor, scale: float, margin: float) -> torch.Tensor:
    """s · cos(θ_j + m·[j = y]) (ArcFace, Deng et al. 2019; paper eq. 4 with θ_y → θ_y + m)."""
    cos = cosines.clamp(-1 + 1e-6, 1 - 1e-6)
    theta = torch.acos(cos)
    target = torch.cos(theta + margin)
    # Where θ + m would pass π the margin would help the wrong way: fall back to cos − m·sin(m) (as in ArcFace).
    target = torch.where(theta + margin < math.pi, target, cos - margin * math.sin(margin))
    one_hot = F.one_hot(labels, cosines.shape[-1]).bool()
    return scale * torch.where(one_hot, target, cos)


@dataclass
class Targets:
    """A batch's targets and which of them are known (rows of the 17 outputs: VA | AUs | expressions)."""

    expr: torch.Tensor  # float [N, 7]: a distribution (one-hot for a single label)
    expr_known: torch.Tensor  # bool [N]
    au: torch.Tensor  # float [N, 8] ∈ [0, 1]
    au_known: torch.Tensor  # bool [N, 8]
    va: torch.Tensor  # float [N, 2] ∈ [-1, 1]
    va_known: torch.Tensor  # bool [N]

    def select(self, mask: torch.Tensor) -> "Targets":
        return Targets(*(x[mask] for x in (self.expr, self.expr_known, self.au, self.au_known, self.va, self.va_known)))


def soft_cross_entropy(logits: torch.Tensor, target: torch.Tensor, label_smoothing: float = 0.0) -> torch.Tensor:
    """Mean over rows of −Σ_k t_k log softmax(logits)_k, t smoothed towards uniform by label_smoothing."""
    t = target * (1 - label_smoothing) + label_smoothing / target.shape[-1]
    return -(t * F.log_softmax(logits, -1)).sum(-1).mean()


def multitask_loss(
    logits: torch.Tensor,
    targets: Targets,
    weights=(1.0, 0.5, 0.5),
    label_smoothing: float = 0.0,
    expression_logits: torch.Tensor | None = None,
):
    """CCE(expr) + w_au·BCE(AU) + w_va·(1 − CCC)(VA) on rows of [N, 17], each over the rows (AUs: the entries) whose
    target is known; a task with no known target in the batch adds 0. Returns (total, parts)."""
    zero = logits.sum() * 0
    expr_logits = expression_logits if expression_logits is not None else logits[:, NUM_VA + NUM_AU :]
    known = targets.expr_known
    l_expr = soft_cross_entropy(expr_logits[known], targets.expr[known], label_smoothing) if known.any() else zero
    au_logits = logits[:, NUM_VA : NUM_VA + NUM_AU]
    au_known = targets.au_known
    l_au = F.binary_cross_entropy_with_logits(au_logits[au_known], targets.au[au_known]) if au_known.any() else zero
    # CCC needs a spread: fewer than 2 known rows give no VA loss.
    va_known = targets.va_known
    l_va = ccc_loss(torch.tanh(logits[va_known, :NUM_VA]), targets.va[va_known]) if int(va_known.sum()) > 1 else zero
    total = weights[0] * l_expr + weights[1] * l_au + weights[2] * l_va
    return total, {"expr": float(l_expr), "au": float(l_au), "va": float(l_va)}


def distillation_loss(student_logits: torch.Tensor, teacher_logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Hinton et al. 2015: T² · KL(softmax(teacher / T) ‖ softmax(student / T)), mean over rows (the T² keeps its
    gradient's scale that of the hard-label loss)."""
    teacher = F.softmax(teacher_logits / temperature, -1)
    log_ratio = torch.log(teacher.clamp_min(1e-12)) - F.log_softmax(student_logits / temperature, -1)
    return temperature**2 * (teacher * log_ratio).sum(-1).mean()
