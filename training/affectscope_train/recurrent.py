"""Phase 3: the recurrent layers (visual GRU, audio GRU, fusion GRU) + output layer on frozen fc1 features, once
with softmax cross-entropy and once with ArcFace (paper §3, eq. 4; the better on held-out data is exported)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .audio import HELD_OUT_ACTORS, state_digest
from .evaluation import HeldOutFaces, face_report
from .fit import Phase, fit, log
from .losses import arcface_logits, distillation_loss, multitask_loss
from .metrics import classification_report
from .model import NUM_AU, NUM_EXPR, NUM_VA, Config, Head
from .sequences import Features, SequenceSampler
from .stream import one_cycle

BATCH_SEQUENCES = 32


class Recurrent(nn.Module):
    """The recurrent part of A/V-MT-VGG-RNN on fc1 features (names as in AvMtVggRnn)."""

    def __init__(self, cfg: Config, cosine_scale: float):
        super().__init__()
        self.visual_gru = nn.GRU(cfg.fc_units, cfg.gru_units, cfg.gru_layers, batch_first=True)
        self.audio_gru = nn.GRU(cfg.audio_fc_units, cfg.gru_units, cfg.gru_layers, batch_first=True)
        self.fusion_gru = nn.GRU(2 * cfg.gru_units, cfg.gru_units, cfg.gru_layers, batch_first=True)
        self.head = Head(cfg.gru_units, cosine_scale)

    def embed(self, v, a):
        hv, _ = self.visual_gru(v)
        ha, _ = self.audio_gru(a)
        h, _ = self.fusion_gru(torch.cat([hv, ha], -1))
        return h


@dataclass
class FaceTeacher:
    """Phase 1's own expression head (linear on the fc1 features phase 3 sees): phase 3's expression outputs also learn
    its softened outputs on every step that shows a face (knowledge distillation, Hinton et al. 2015, as the audio
    stream learns from its teacher). Phase 1's head scores better on held-out faces than phase 3 learns to on the same
    features (MODEL_CARD.md, "Where phase 3 loses")."""

    head: nn.Linear
    weight: float
    temperature: float

    @torch.no_grad()
    def logits(self, faces: torch.Tensor) -> torch.Tensor:
        return self.head(faces)[..., NUM_VA + NUM_AU :]

    def digest(self) -> str:
        return state_digest(self.head)[:16]


def face_distillation(model: "Recurrent", h: torch.Tensor, faces: torch.Tensor, blank: torch.Tensor, teacher: FaceTeacher) -> torch.Tensor:
    """The distillation loss on the steps whose face features are not the blank face's. h, faces: the same masked steps
    [S, gru], [S, fc] (faces before feature noise). The student's logits are those the head is trained on: the softmax
    head's expression logits, or ArcFace's scaled cosines (without the margin)."""
    shown = (faces != blank).any(-1)
    if not bool(shown.any()):
        return h.new_zeros(())
    student = model.head.cosine_scale * model.head.expression_cosines(h[shown]) if model.head.cosine_scale > 0 else model.head.linear(h[shown])[:, NUM_VA + NUM_AU :]
    return distillation_loss(student, teacher.logits(faces[shown]), teacher.temperature)


def feature_noise(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    keep = (torch.rand(x.shape, generator=g) > 0.2).float() / 0.8
    return x * keep


def expression_probabilities(model: Recurrent, h: torch.Tensor, centroids: Optional[torch.Tensor]) -> torch.Tensor:
    if centroids is not None:
        cos = F.normalize(h, dim=-1) @ F.normalize(centroids, dim=-1).t()
        return torch.softmax(model.head.cosine_scale * cos, -1)
    return torch.softmax(model.head(h)[..., NUM_VA + NUM_AU :], -1)


@torch.no_grad()
def single_step(model: Recurrent, faces: np.ndarray, silence: np.ndarray) -> Tuple[torch.Tensor, torch.Tensor]:
    """Each face's fc1 features [N, fc] alone: one step from a zero state with silence (what one photo gets in the
    app). Returns the fusion GRU's output h [N, gru] and the output layer's logits [N, 17]."""
    model.eval()
    v = torch.from_numpy(faces.astype(np.float32))[:, None]
    a = torch.from_numpy(silence.astype(np.float32)).expand(len(v), 1, -1)
    h = model.embed(v, a)[:, 0]
    return h, model.head.linear(h)


@torch.no_grad()
def evaluate_recurrent(model: Recurrent, feats: Features, held_out: HeldOutFaces, centroids: Optional[torch.Tensor] = None) -> dict:
    """Held-out faces: one step each (single_step). RAVDESS actors 17–20: the whole clip with a blank face, mean
    expression probability over the steps."""
    h, logits = single_step(model, feats.test_faces, feats.silence)
    logits = logits.numpy()
    faces = face_report(logits, held_out, expression_probabilities(model, h, centroids).numpy())
    preds, truth = [], []
    for clip, f in zip(feats.clips, feats.clip_features):
        if clip.actor not in HELD_OUT_ACTORS:
            continue
        a = torch.from_numpy(f.astype(np.float32))[None]
        v = torch.from_numpy(feats.blank_face.astype(np.float32)).expand(1, a.shape[1], -1)
        p = expression_probabilities(model, model.embed(v, a)[0], centroids).mean(0)
        preds.append(int(p.argmax()))
        truth.append(clip.expression)
    speech = classification_report(np.array(preds, np.int64), np.array(truth, np.int64)) if truth else None
    return {"faces": faces, "ravdessHeldOutActors": speech}


@torch.no_grad()
def class_centroids(model: Recurrent, sampler: SequenceSampler, batches: int = 60) -> torch.Tensor:
    """Mean normalised embedding per expression over training sequences (the paper's 7 cluster centres)."""
    model.eval()
    sums = torch.zeros(NUM_EXPR, model.head.linear.in_features)
    for _ in range(batches):
        face, audio, mask, targets = sampler.batch(BATCH_SEQUENCES)
        h = F.normalize(model.embed(face, audio)[mask], dim=-1)
        known = targets.expr_known
        sums.index_add_(0, targets.expr.argmax(1)[known], h[known])
    return F.normalize(sums, dim=-1)


def train_recurrent(cfg: Config, feats: Features, held_out: HeldOutFaces, loss_kind: str, epochs: int, steps_per_epoch: int,
                    seed: int, arc_scale: float, arc_margin: float, sequence_steps: int, checkpoint_dir: Optional[str] = None,
                    on_epoch_end: Optional[Callable[[int, dict], None]] = None, centroid_batches: int = 60, *,
                    au_weight: float, face_teacher: Optional[FaceTeacher] = None) -> Tuple[Recurrent, dict]:
    """au_weight: the AU loss (BCE) weight beside expression 1 and valence/arousal 0.5 (the recipe's is --recurrent-au-weight).
    face_teacher: + its weight · the distillation loss on face steps (FaceTeacher; None: the recipe as shipped)."""
    torch.manual_seed(seed)
    model = Recurrent(cfg, arc_scale if loss_kind == "arcface" else 0.0)
    rng = np.random.default_rng(seed)
    g = torch.Generator().manual_seed(seed)
    sampler = SequenceSampler(feats, rng, sequence_steps)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = one_cycle(opt, 2e-3, epochs * steps_per_epoch, 0.1)
    blank = torch.from_numpy(feats.blank_face.astype(np.float32))

    def run_epoch(epoch: int) -> dict:
        model.train()
        t0, losses = time.time(), []
        for _ in range(steps_per_epoch):
            face, audio, mask, targets = sampler.batch(BATCH_SEQUENCES)
            h = model.embed(feature_noise(face, g), feature_noise(audio, g))[mask]
            expression_logits = None
            if loss_kind == "arcface":
                expression_logits = arcface_logits(model.head.expression_cosines(h), targets.expr.argmax(1), arc_scale, arc_margin)
            loss, parts = multitask_loss(model.head.linear(h), targets, weights=(1.0, au_weight, 0.5), expression_logits=expression_logits)
            if face_teacher is not None:
                loss = loss + face_teacher.weight * face_distillation(model, h, face[mask], blank, face_teacher)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            losses.append(parts["expr"])
        entry = {"epoch": epoch + 1, "trainExprLoss": float(np.mean(losses)), "seconds": time.time() - t0}
        log(f"recurrent[{loss_kind}] epoch {epoch + 1}/{epochs} expr-loss {entry['trainExprLoss']:.3f} ({entry['seconds']:.0f} s)")
        return entry

    key = {"phase": f"recurrent-{loss_kind}", "epochs": epochs, "steps": steps_per_epoch, "seed": seed, "arc": [arc_scale, arc_margin],
           "sequenceSteps": sequence_steps, "config": cfg.to_manifest(), "targets": feats.targets.digest(), "features": feats.digest,
           **({"auWeight": au_weight} if au_weight != 0.5 else {}),
           **({"faceTeacher": [face_teacher.digest(), face_teacher.weight, face_teacher.temperature]} if face_teacher is not None else {})}
    phase = Phase(f"recurrent-{loss_kind}", model, opt, sched, epochs, run_epoch, key, {"noise": g}, {"sequences": rng})
    history = fit(phase, checkpoint_dir, on_epoch_end)
    centroids = class_centroids(model, sampler, centroid_batches) if loss_kind == "arcface" else None
    report = evaluate_recurrent(model, feats, held_out, centroids)
    if centroids is not None:
        # The centroid classifier (paper §4 IV) in the app's form: class centres as the expression rows of the head.
        with torch.no_grad():
            model.head.linear.weight[NUM_VA + NUM_AU :] = F.normalize(centroids, dim=-1)
            model.head.linear.bias[NUM_VA + NUM_AU :] = 0
    taught = {"faceTeacher": {"weight": face_teacher.weight, "temperature": face_teacher.temperature, "head": face_teacher.digest()}} if face_teacher is not None else {}
    return model, {"history": history, **report, "loss": loss_kind, **taught}
