"""The paper's losses (§3, eqs. 1–4): categorical cross-entropy, binary cross-entropy, 1 − CCC, ArcFace."""
from __future__ import annotations

import math

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


def multitask_loss(
    logits: torch.Tensor,
    expr: torch.Tensor,
    au: torch.Tensor,
    va: torch.Tensor,
    weights=(1.0, 0.5, 0.5),
    label_smoothing: float = 0.0,
    expression_logits: torch.Tensor | None = None,
):
    """CCE(expr) + w_au·BCE(AU priors) + w_va·(1 − CCC)(VA) on rows of [N, 17]; returns (total, parts)."""
    expr_logits = expression_logits if expression_logits is not None else logits[:, NUM_VA + NUM_AU :]
    l_expr = F.cross_entropy(expr_logits, expr, label_smoothing=label_smoothing)
    l_au = F.binary_cross_entropy_with_logits(logits[:, NUM_VA : NUM_VA + NUM_AU], au)
    l_va = ccc_loss(torch.tanh(logits[:, :NUM_VA]), va)
    total = weights[0] * l_expr + weights[1] * l_au + weights[2] * l_va
    return total, {"expr": l_expr.item(), "au": l_au.item(), "va": l_va.item()}
