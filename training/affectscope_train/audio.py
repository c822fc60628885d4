"""Phase 2: the audio stream (MT-VGG + BatchNorm) on the app's own spectrogram windows of RAVDESS speech, and the
fc1 features of every clip that phase 3 uses (cached on disk, keyed by the weights)."""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import nn

from .augment import augment_spectrograms
from .data import Clip, Ravdess
from .fit import Phase, fit, log
from .losses import Targets, distillation_loss, multitask_loss
from .metrics import classification_report
from .model import NUM_AU, NUM_VA, Config, VggBody
from .stream import Stream, audio_stream, load_stream_checkpoint, sgd_one_cycle
from .targets import NUM_EXPRESSIONS, RAVDESS_INTENSITY, va_target

HELD_OUT_ACTORS = (17, 18, 19, 20)
MAX_LR = 0.03
WINDOWS_PER_CLIP = 4


def clip_va(clip: Clip) -> np.ndarray:
    """Derived VA of a clip: its expression's circumplex point × RAVDESS's own intensity (normal 0.6, strong 1.0)."""
    return va_target(clip.expression, RAVDESS_INTENSITY[clip.intensity], calm=clip.emotion == 2)


def clip_targets(clips: Sequence[Clip]) -> Targets:
    """Expression and VA of each clip; no AU target (a voice shows no facial action)."""
    n = len(clips)
    expr = np.zeros((n, NUM_EXPRESSIONS), np.float32)
    expr[np.arange(n), [c.expression for c in clips]] = 1.0
    t = torch.from_numpy
    return Targets(t(expr), torch.ones(n, dtype=torch.bool), torch.zeros(n, NUM_AU), torch.zeros(n, NUM_AU, dtype=torch.bool),
                   t(np.stack([clip_va(c) for c in clips]).astype(np.float32)), torch.ones(n, dtype=torch.bool))


def audio_batch(data: Ravdess, clips, rng, count_per_clip: int) -> Tuple[np.ndarray, np.ndarray]:
    xs, owners = [], []
    for c, clip in enumerate(clips):
        times = data.step_times_ms(clip)
        # Times after the first 0.4 s, where the window holds some speech.
        start = min(12, len(times) - 1)
        chosen = rng.choice(times[start:], size=count_per_clip)
        xs.append(data.windows(clip, chosen))
        owners.extend([c] * count_per_clip)
    return np.concatenate(xs), np.array(owners)


@torch.no_grad()
def audio_clip_probabilities(stream: Stream, data: Ravdess, clips, stride: int = 3) -> np.ndarray:
    stream.eval()
    probs = []
    for clip in clips:
        windows = data.windows(clip, data.step_times_ms(clip)[::stride])
        logits = stream(torch.from_numpy(windows)[:, None])
        probs.append(torch.softmax(logits[:, NUM_VA + NUM_AU :], 1).mean(0).numpy())
    return np.stack(probs)


def mix_targets(targets: Targets, order: torch.Tensor, weight: float) -> Targets:
    """Mixup's targets: weight · t + (1 − weight) · t[order] for the expression distribution and VA (no AU target)."""
    mix = lambda a: weight * a + (1 - weight) * a[order]
    return Targets(mix(targets.expr), targets.expr_known, targets.au, targets.au_known, mix(targets.va), targets.va_known)


@dataclass
class Teacher:
    """A trained audio stream whose expression outputs a (narrower) stream learns to match: knowledge distillation."""

    stream: Stream
    weight: float  # α: loss = (1 − α) · multitask loss + α · distillation loss
    temperature: float
    source: str  # what it is, for the checkpoint key and the report

    @staticmethod
    def load(checkpoint: str, weight: float, temperature: float) -> "Teacher":
        """From a phase-2 checkpoint (<checkpoints>/audio.epoch.pt): its own width is in its key."""
        stream, cfg = load_stream_checkpoint(checkpoint, audio_stream)
        for p in stream.parameters():
            p.requires_grad_(False)
        return Teacher(stream, weight, temperature, f"phase-2 stream of width {cfg.width_multiplier:g}, weights {state_digest(stream)[:16]}")


def train_audio(cfg: Config, data: Ravdess, epochs: int, batch: int, seed: int, checkpoint_dir: Optional[str] = None,
                on_epoch_end: Optional[Callable[[int, dict], None]] = None, mixup: float = 0.0, warp: float = 0.0,
                stretch: float = 0.0, teacher: Optional[Teacher] = None) -> Tuple[Stream, dict]:
    """mixup > 0: each batch is blended with a shuffled copy of itself, weight ~ Beta(mixup, mixup) (Zhang et al. 2018).
    warp, stretch > 0: frequency and time warps of each window (augment.warp_spectrograms).
    teacher: the expression outputs also learn the teacher's on the same (augmented) windows (Teacher)."""
    torch.manual_seed(seed)
    stream = audio_stream(cfg)
    train = [c for c in data.clips if c.actor not in HELD_OUT_ACTORS]
    test = [c for c in data.clips if c.actor in HELD_OUT_ACTORS]
    steps_per_epoch = max(1, len(train) * WINDOWS_PER_CLIP // batch)
    opt, sched = sgd_one_cycle(stream, epochs * steps_per_epoch, MAX_LR)
    g = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)

    def run_epoch(epoch: int) -> dict:
        stream.train()
        t0 = time.time()
        x_all, owner = audio_batch(data, train, rng, WINDOWS_PER_CLIP)
        order = rng.permutation(len(owner))
        losses = []
        for s in range(steps_per_epoch):
            idx = order[s * batch : (s + 1) * batch]
            x = augment_spectrograms(torch.from_numpy(x_all[idx])[:, None], g, warp, stretch)
            targets = clip_targets([train[o] for o in owner[idx]])
            if mixup > 0:
                weight = float(rng.beta(mixup, mixup))
                partner = torch.from_numpy(rng.permutation(len(idx)))
                x, targets = weight * x + (1 - weight) * x[partner], mix_targets(targets, partner, weight)
            logits = stream(x)
            loss, parts = multitask_loss(logits, targets, label_smoothing=0.1)
            if teacher is not None:
                with torch.no_grad():
                    taught = teacher.stream(x)[:, NUM_VA + NUM_AU :]
                distilled = distillation_loss(logits[:, NUM_VA + NUM_AU :], taught, teacher.temperature)
                loss = (1 - teacher.weight) * loss + teacher.weight * distilled
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(parts["expr"])
        entry = {"epoch": epoch + 1, "trainExprLoss": float(np.mean(losses)), "seconds": time.time() - t0}
        if test and ((epoch + 1) % 5 == 0 or epoch + 1 == epochs):
            probs = audio_clip_probabilities(stream, data, test)
            entry["heldOutClipAccuracy"] = float((probs.argmax(1) == np.array([c.expression for c in test])).mean())
            log(f"audio epoch {epoch + 1}/{epochs}: held-out actors clip accuracy {entry['heldOutClipAccuracy']:.4f}")
        return entry

    key = {"phase": "audio", "epochs": epochs, "batch": batch, "seed": seed, "clips": [c.file for c in train], "config": cfg.to_manifest(),
           # an option left off leaves the key (and so the checkpoints of runs without it) as it was
           **{name: value for name, value in (("mixup", mixup), ("warp", warp), ("stretch", stretch)) if value > 0},
           **({"teacher": [teacher.source, teacher.weight, teacher.temperature]} if teacher is not None else {})}
    history = fit(Phase("audio", stream, opt, sched, epochs, run_epoch, key, {"augment": g}, {"windows": rng}), checkpoint_dir, on_epoch_end)
    report = None
    if test:
        probs = audio_clip_probabilities(stream, data, test)
        report = classification_report(probs.argmax(1), np.array([c.expression for c in test]))
    taught = {"teacher": {"source": teacher.source, "weight": teacher.weight, "temperature": teacher.temperature}} if teacher is not None else {}
    return stream, {"history": history, "heldOutActors": report, **taught}


@torch.no_grad()
def body_features(body: VggBody, inputs: np.ndarray, batch: int = 256, channels3: bool = False) -> np.ndarray:
    """fc1 features (float16) of inputs [N, 1, H, W]; channels3: luma copied to 3 channels (the face body)."""
    from .stream import luma3

    body.eval()
    out = []
    for i in range(0, len(inputs), batch):
        x = torch.from_numpy(np.ascontiguousarray(inputs[i : i + batch]))
        x = luma3(x) if channels3 else x
        out.append(body(x).numpy().astype(np.float16))
    return np.concatenate(out) if out else np.zeros((0, body.fc1.out_features), np.float16)


def silence_features(audio: VggBody, data: Ravdess) -> np.ndarray:
    """fc1 features [fc] (float16) of an empty spectrogram buffer (every bin −1): what the audio stream sees in silence."""
    return body_features(audio, np.full((1, 1, data.context_frames, data.clips[0].frames.shape[1]), -1.0, np.float32))[0]


def state_digest(module: nn.Module) -> str:
    h = hashlib.sha256()
    for name, value in sorted(module.state_dict().items()):
        h.update(name.encode())
        h.update(value.detach().cpu().numpy().tobytes())
    return h.hexdigest()


def audio_clip_features(audio: VggBody, data: Ravdess, cache_path: str) -> List[np.ndarray]:
    """fc1 features of the audio window at every video step of every clip ([steps, fc] per clip), cached on disk."""
    names = [c.file for c in data.clips]
    weights_key = state_digest(audio)
    if os.path.exists(cache_path):
        saved = np.load(cache_path, allow_pickle=False)
        if list(saved["names"]) == names and "weights" in saved.files and str(saved["weights"]) == weights_key:
            return np.split(saved["features"], saved["offsets"][1:-1])
    t0 = time.time()
    feats = []
    for i, c in enumerate(data.clips):
        feats.append(body_features(audio, data.windows(c, data.step_times_ms(c))[:, None]))
        if i % 100 == 0:
            log(f"audio features: clip {i}/{len(data.clips)} ({time.time() - t0:.0f} s)")
    offsets = np.cumsum([0] + [len(f) for f in feats])
    partial = cache_path[: -len(".npz")] + ".partial.npz"
    np.savez(partial, names=np.array(names), features=np.concatenate(feats), offsets=offsets, weights=np.array(weights_key))
    os.replace(partial, cache_path)  # never a half-written cache for another process to read
    return feats
