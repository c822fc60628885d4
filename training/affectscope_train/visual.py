"""Phase 1: the visual stream (MT-VGG + BatchNorm) on the prepared face crops, all three heads (paper §4 III)."""
from __future__ import annotations

import time
from typing import Callable, Optional, Tuple

import numpy as np
import torch

from .augment import augment_images
from .data import Faces
from .evaluation import HeldOutFaces, face_report
from .face_targets import FaceTargets
from .fit import Phase, fit, log
from .losses import multitask_loss
from .model import Config
from .stream import Stream, luma3, predict_faces, sgd_one_cycle, to_face_input, visual_stream

MAX_LR = 0.05


def train_visual(cfg: Config, train: Faces, targets: FaceTargets, test: Faces, held_out: HeldOutFaces, epochs: int,
                 batch: int, seed: int, checkpoint_dir: Optional[str] = None,
                 on_epoch_end: Optional[Callable[[int, dict], None]] = None) -> Tuple[Stream, dict]:
    """Trains on the faces with a known target (targets.trainable()); reports on `test` after every epoch."""
    torch.manual_seed(seed)
    stream = visual_stream(cfg)
    rows = targets.trainable()
    steps_per_epoch = max(1, len(rows) // batch)
    opt, sched = sgd_one_cycle(stream, epochs * steps_per_epoch, MAX_LR)
    g = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)

    def run_epoch(epoch: int) -> dict:
        stream.train()
        order = rng.permutation(rows)
        t0, seen, losses = time.time(), 0, []
        for s in range(steps_per_epoch):
            idx = np.sort(order[s * batch : (s + 1) * batch])
            x = luma3(augment_images(to_face_input(train.crops[idx]), g))
            loss, parts = multitask_loss(stream(x), targets.batch(idx, rng), label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(parts["expr"])
            seen += len(idx)
            if s % 100 == 0:
                log(f"visual epoch {epoch + 1}/{epochs} step {s}/{steps_per_epoch} expr-loss {np.mean(losses[-100:]):.3f} {seen / (time.time() - t0):.0f} img/s")
        report = face_report(predict_faces(stream, test.crops), held_out)
        log(f"visual epoch {epoch + 1}: held-out accuracy {report['accuracy']:.4f} macro-F1 {report['macroF1']:.4f} ({time.time() - t0:.0f} s)")
        return {"epoch": epoch + 1, "trainExprLoss": float(np.mean(losses)), "heldOutAccuracy": report["accuracy"], "seconds": time.time() - t0}

    key = {"phase": "visual", "epochs": epochs, "batch": batch, "seed": seed, "rows": int(len(rows)), "config": cfg.to_manifest(),
           "targets": targets.digest()}
    phase = Phase("visual", stream, opt, sched, epochs, run_epoch, key, {"augment": g}, {"order": rng})
    history = fit(phase, checkpoint_dir, on_epoch_end)
    return stream, {"history": history, "heldOut": face_report(predict_faces(stream, test.crops), held_out)}
