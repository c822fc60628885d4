"""Trains the lite A/V-MT-VGG-RNN in three phases, following the paper's recipe (§4 III) within a CPU budget.

1. visual stream: MT-VGG (VGG body + fc1 + 17-unit head) on FER2013 train crops made by the app's own
   landmarker + alignment (luma copied to 3 channels), CCE + BCE + (1 − CCC);
2. audio stream: the same body on the app's own spectrogram windows of RAVDESS actors 01–16;
3. recurrent layers (visual GRU, audio GRU, fusion GRU) + output layer on frozen fc1 features, over
   sequences built as documented in MODEL_CARD.md (face segments from FER2013, label-matched RAVDESS clips,
   silence / a blank face when a modality is absent) — once with softmax CCE and once with ArcFace; the
   better on held-out data is exported.

Held out and never trained on: FER2013 PublicTest, RAVDESS actors 17–20.
Usage: /usr/bin/python3 -m affectscope_train.train --cache training/cache --out training/runs/lite
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from typing import Dict, List, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import safetensors_io
from .data import Faces, Ravdess, crops_to_unit, load_faces, load_ravdess
from .losses import arcface_logits, ccc, multitask_loss
from .model import NUM_AU, NUM_EXPR, NUM_VA, OUTPUT_UNITS, AvMtVggRnn, Config, Head, VggBody, activate, export_state
from .targets import AU_PRIORS, FER_INTENSITY, RAVDESS_INTENSITY, va_target, EXPRESSIONS

HELD_OUT_ACTORS = (17, 18, 19, 20)


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, flush=True)


# ---------------------------------------------------------------- metrics

def classification_report(pred: np.ndarray, true: np.ndarray) -> dict:
    confusion = np.zeros((NUM_EXPR, NUM_EXPR), dtype=np.int64)
    np.add.at(confusion, (true, pred), 1)
    recall = confusion.diagonal() / np.maximum(confusion.sum(1), 1)
    precision = confusion.diagonal() / np.maximum(confusion.sum(0), 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    return {
        "accuracy": float((pred == true).mean()),
        "macroF1": float(f1.mean()),
        "perClassRecall": {e: round(float(r), 4) for e, r in zip(EXPRESSIONS, recall)},
        "confusion": confusion.tolist(),
        "n": int(len(true)),
    }


# ---------------------------------------------------------------- augmentation

def augment_images(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """x [N, 1, S, S] ∈ [-1, 1]: flip, small rotation/scale/shift (alignment jitter), brightness/contrast."""
    n = x.shape[0]
    rand = lambda *shape: torch.rand(*shape, generator=generator)
    angle = (rand(n) * 2 - 1) * math.radians(10)
    scale = 1 + (rand(n) * 2 - 1) * 0.08
    shift = (rand(n, 2) * 2 - 1) * 0.06
    flip = torch.where(rand(n) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos * flip, -sin, shift[:, 0]], 1), torch.stack([sin * flip, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    contrast = 1 + (rand(n, 1, 1, 1) * 2 - 1) * 0.25
    brightness = (rand(n, 1, 1, 1) * 2 - 1) * 0.2
    return ((x - x.mean((2, 3), keepdim=True)) * contrast + x.mean((2, 3), keepdim=True) + brightness).clamp(-1, 1)


def augment_spectrograms(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """x [N, 1, T, F] ∈ [-1, 1]: gain (±6 dB = ±0.15), SpecAugment time and frequency masks (to silence)."""
    n, _, t, f = x.shape
    rand = lambda *shape: torch.rand(*shape, generator=generator)
    x = (x + (rand(n, 1, 1, 1) * 2 - 1) * 0.15).clamp(-1, 1)
    for _ in range(2):
        width = (rand(n) * 12).long()
        start = (rand(n) * (f - 12)).long()
        bins = torch.arange(f)[None, :]
        mask = (bins >= start[:, None]) & (bins < (start + width)[:, None])
        x = torch.where(mask[:, None, None, :], torch.tensor(-1.0), x)
    width = (rand(n) * 8).long()
    start = (rand(n) * (t - 8)).long()
    rows = torch.arange(t)[None, :]
    mask = (rows >= start[:, None]) & (rows < (start + width)[:, None])
    return torch.where(mask[:, None, :, None], torch.tensor(-1.0), x)


# ---------------------------------------------------------------- targets

def targets_for(expr: np.ndarray, va: np.ndarray) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    return torch.from_numpy(expr).long(), torch.from_numpy(AU_PRIORS[expr]), torch.from_numpy(va)


def fer_va(labels: np.ndarray) -> np.ndarray:
    return np.stack([va_target(int(l), FER_INTENSITY) for l in labels])


def clip_va(clip) -> np.ndarray:
    return va_target(clip.expression, RAVDESS_INTENSITY[clip.intensity], calm=clip.emotion == 2)


# ---------------------------------------------------------------- phase 1 and 2: the CNN streams

class Stream(nn.Module):
    """MT-VGG on one modality: VGG body (+BatchNorm for training) + fc1 → dropout → 17-unit head."""

    def __init__(self, body: VggBody, fc_units: int):
        super().__init__()
        self.body = body
        self.dropout = nn.Dropout(0.4)
        self.head = nn.Linear(fc_units, OUTPUT_UNITS)

    def forward(self, x):
        return self.head(self.dropout(self.body(x)))


def sgd_one_cycle(model: nn.Module, steps: int, max_lr: float):
    opt = torch.optim.SGD(model.parameters(), lr=max_lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    return opt, one_cycle(opt, max_lr, steps, 0.15)


def one_cycle(opt, max_lr: float, steps: int, warmup: float):
    # At least 2 warm-up steps: OneCycleLR divides by the warm-up length.
    return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=max(steps, 4), pct_start=max(warmup, 2.5 / max(steps, 4)))


def to_face_input(batch_u8: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(crops_to_unit(batch_u8))[:, None]  # [N, 1, S, S]


def luma3(x: torch.Tensor) -> torch.Tensor:
    """[N, 1, S, S] → [N, 3, S, S] channels_last: the app feeds luma copied to 3 channels."""
    return x.expand(-1, 3, -1, -1).contiguous(memory_format=torch.channels_last)


@torch.no_grad()
def predict_faces(stream: Stream, faces: Faces, batch: int = 256) -> np.ndarray:
    stream.eval()
    out = []
    for i in range(0, len(faces.labels), batch):
        out.append(stream(luma3(to_face_input(faces.crops[i : i + batch]))).numpy())
    return np.concatenate(out)


def train_visual(cfg: Config, train: Faces, test: Faces, epochs: int, batch: int, seed: int) -> Tuple[Stream, dict]:
    torch.manual_seed(seed)
    stream = Stream(VggBody(3, cfg.crop_size_px, cfg.crop_size_px, cfg, batch_norm=True), cfg.fc_units)
    stream = stream.to(memory_format=torch.channels_last)
    steps_per_epoch = len(train.labels) // batch
    opt, sched = sgd_one_cycle(stream, epochs * steps_per_epoch, 0.05)
    g = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    va_all = fer_va(train.labels)
    history = []
    for epoch in range(epochs):
        stream.train()
        order = rng.permutation(len(train.labels))
        t0, seen, losses = time.time(), 0, []
        for s in range(steps_per_epoch):
            idx = np.sort(order[s * batch : (s + 1) * batch])
            x = luma3(augment_images(to_face_input(train.crops[idx]), g))
            expr, au, va = targets_for(train.labels[idx], va_all[idx])
            loss, parts = multitask_loss(stream(x), expr, au, va, label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(parts["expr"])
            seen += len(idx)
            if s % 100 == 0:
                log(f"visual epoch {epoch + 1}/{epochs} step {s}/{steps_per_epoch} expr-loss {np.mean(losses[-100:]):.3f} {seen / (time.time() - t0):.0f} img/s")
        logits = predict_faces(stream, test)
        report = classification_report(logits[:, NUM_VA + NUM_AU :].argmax(1), test.labels)
        history.append({"epoch": epoch + 1, "trainExprLoss": float(np.mean(losses)), "publicTestAccuracy": report["accuracy"], "seconds": time.time() - t0})
        log(f"visual epoch {epoch + 1}: PublicTest accuracy {report['accuracy']:.4f} macro-F1 {report['macroF1']:.4f} ({time.time() - t0:.0f} s)")
    return stream, {"history": history, "publicTest": report}


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


def train_audio(cfg: Config, data: Ravdess, epochs: int, batch: int, seed: int) -> Tuple[Stream, dict]:
    torch.manual_seed(seed)
    stream = Stream(VggBody(1, cfg.context_frames, cfg.freq_bins, cfg, batch_norm=True), cfg.fc_units)
    train = [c for c in data.clips if c.actor not in HELD_OUT_ACTORS]
    test = [c for c in data.clips if c.actor in HELD_OUT_ACTORS]
    per_clip = 4
    steps_per_epoch = len(train) * per_clip // batch
    opt, sched = sgd_one_cycle(stream, epochs * steps_per_epoch, 0.03)
    g = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    history = []
    for epoch in range(epochs):
        stream.train()
        t0 = time.time()
        x_all, owner = audio_batch(data, train, rng, per_clip)
        order = rng.permutation(len(owner))
        losses = []
        for s in range(steps_per_epoch):
            idx = order[s * batch : (s + 1) * batch]
            x = augment_spectrograms(torch.from_numpy(x_all[idx])[:, None], g)
            clips = [train[o] for o in owner[idx]]
            expr = np.array([c.expression for c in clips])
            va = np.stack([clip_va(c) for c in clips])
            loss, parts = multitask_loss(stream(x), *targets_for(expr, va), label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses.append(parts["expr"])
        entry = {"epoch": epoch + 1, "trainExprLoss": float(np.mean(losses)), "seconds": time.time() - t0}
        if (epoch + 1) % 5 == 0 or epoch + 1 == epochs:
            probs = audio_clip_probabilities(stream, data, test)
            entry["heldOutClipAccuracy"] = float((probs.argmax(1) == np.array([c.expression for c in test])).mean())
            log(f"audio epoch {epoch + 1}/{epochs}: held-out actors clip accuracy {entry['heldOutClipAccuracy']:.4f}")
        history.append(entry)
    probs = audio_clip_probabilities(stream, data, test)
    report = classification_report(probs.argmax(1), np.array([c.expression for c in test]))
    return stream, {"history": history, "heldOutActors": report}


# ---------------------------------------------------------------- phase 3: recurrent layers on frozen features

@torch.no_grad()
def body_features(body: VggBody, inputs: np.ndarray, batch: int = 256, channels3: bool = False) -> np.ndarray:
    body.eval()
    out = []
    for i in range(0, len(inputs), batch):
        x = torch.from_numpy(np.ascontiguousarray(inputs[i : i + batch]))
        x = luma3(x) if channels3 else x
        out.append(body(x).numpy().astype(np.float16))
    return np.concatenate(out) if out else np.zeros((0, body.fc1.out_features), np.float16)


class Features:
    """fc1 features of everything phase 3 needs; the CNN bodies are frozen from here on."""

    def __init__(self, visual: VggBody, audio: VggBody, train: Faces, test: Faces, data: Ravdess, views: int, seed: int, cache_path: str):
        g = torch.Generator().manual_seed(seed)
        t0 = time.time()
        chunks = []
        for v in range(views):
            faces = []
            for i in range(0, len(train.labels), 512):
                x = to_face_input(train.crops[i : i + 512])
                faces.append(body_features(visual, (augment_images(x, g) if v > 0 else x).numpy(), channels3=True))
            chunks.append(np.concatenate(faces))
        self.train_faces = np.stack(chunks, 1)  # [N, views, fc]
        self.train_labels = train.labels
        self.test_faces = body_features(visual, to_face_input(test.crops).numpy(), channels3=True)
        self.test_labels = test.labels
        self.test_found = test.found
        log(f"face features: {self.train_faces.shape} train, {self.test_faces.shape} test ({time.time() - t0:.0f} s)")
        t0 = time.time()
        self.blank_face = body_features(visual, np.zeros((1, 1, cfg_size(visual), cfg_size(visual)), np.float32), channels3=True)[0]
        self.silence = body_features(audio, np.full((1, 1, data.context_frames, data.clips[0].frames.shape[1]), -1.0, np.float32))[0]
        self.clips = data.clips
        self.clip_features = audio_clip_features(audio, data, cache_path)
        log(f"audio features: {sum(len(f) for f in self.clip_features)} steps of {len(self.clips)} clips ({time.time() - t0:.0f} s)")
        self.by_label = [np.flatnonzero(self.train_labels == k) for k in range(NUM_EXPR)]


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


def state_digest(module: nn.Module) -> str:
    import hashlib

    h = hashlib.sha256()
    for name, value in sorted(module.state_dict().items()):
        h.update(name.encode())
        h.update(value.detach().cpu().numpy().tobytes())
    return h.hexdigest()


def cfg_size(body: VggBody) -> int:
    return body.out_hw[0] * 32


class Recurrent(nn.Module):
    """The recurrent part of A/V-MT-VGG-RNN on fc1 features (names as in AvMtVggRnn)."""

    def __init__(self, cfg: Config, cosine_scale: float):
        super().__init__()
        self.visual_gru = nn.GRU(cfg.fc_units, cfg.gru_units, cfg.gru_layers, batch_first=True)
        self.audio_gru = nn.GRU(cfg.fc_units, cfg.gru_units, cfg.gru_layers, batch_first=True)
        self.fusion_gru = nn.GRU(2 * cfg.gru_units, cfg.gru_units, cfg.gru_layers, batch_first=True)
        self.head = Head(cfg.gru_units, cosine_scale)

    def embed(self, v, a):
        hv, _ = self.visual_gru(v)
        ha, _ = self.audio_gru(a)
        h, _ = self.fusion_gru(torch.cat([hv, ha], -1))
        return h


class SequenceSampler:
    """Builds training sequences at 30 steps/s (MODEL_CARD.md, "Sequences"):
    - 'av' (50 %): a --sequence-steps (32) span of a RAVDESS training clip (from its first frame a quarter of the time), with a face track of the same expression
      (label-matched pairing): one FER2013 training face held for the span;
    - 'a' (20 %): the clip with a blank (mid-grey) face, as when only the voice carries the expression;
    - 'v' (30 %): 1–3 face segments (expressions may change between segments) with silence, 1–32 steps,
      a third of them a single step (what one photo gets)."""

    def __init__(self, feats: Features, rng: np.random.Generator, max_steps: int = 32):
        self.f = feats
        self.rng = rng
        self.max_steps = max_steps
        self.present = [k for k in range(NUM_EXPR) if len(feats.by_label[k])]
        # Label-matched pairing needs faces of the clip's expression.
        self.train_clips = [i for i, c in enumerate(feats.clips) if c.actor not in HELD_OUT_ACTORS and len(feats.by_label[c.expression])]

    def face_track(self, labels_per_step: np.ndarray) -> np.ndarray:
        out = np.empty((len(labels_per_step), self.f.train_faces.shape[2]), np.float32)
        start = 0
        while start < len(labels_per_step):
            label = labels_per_step[start]
            end = start
            while end < len(labels_per_step) and labels_per_step[end] == label:
                end += 1
            # One face per run of equal labels.
            image = self.rng.choice(self.f.by_label[label])
            view = self.rng.integers(self.f.train_faces.shape[1], size=end - start)
            out[start:end] = self.f.train_faces[image, view]
            start = end
        return out

    def sample(self):
        kind = self.rng.choice(["av", "a", "v"], p=[0.5, 0.2, 0.3])
        if kind in ("av", "a"):
            c = self.rng.choice(self.train_clips)
            clip = self.f.clips[c]
            # A span of max_steps video frames: from the clip's start a quarter of the time, else anywhere.
            total = len(self.f.clip_features[c])
            start = 0 if self.rng.random() < 0.25 else int(self.rng.integers(0, max(total - self.max_steps, 0) + 1))
            audio = self.f.clip_features[c][start : start + self.max_steps].astype(np.float32)
            steps = len(audio)
            labels = np.full(steps, clip.expression)
            va = np.tile(clip_va(clip), (steps, 1))
            face = self.face_track(labels) if kind == "av" else np.tile(self.f.blank_face.astype(np.float32), (steps, 1))
        else:
            steps = 1 if self.rng.random() < 0.33 else int(self.rng.integers(2, self.max_steps + 1))
            segments = int(self.rng.integers(1, 4))
            cuts = np.sort(self.rng.integers(1, max(steps, 2), size=segments - 1))
            labels = np.empty(steps, np.int64)
            for k, (a, b) in enumerate(zip(np.r_[0, cuts], np.r_[cuts, steps])):
                labels[a:b] = self.rng.choice(self.present)
            face = self.face_track(labels)
            audio = np.tile(self.f.silence.astype(np.float32), (steps, 1))
            va = fer_va(labels)
        return face, audio, labels, va

    def batch(self, size: int):
        items = [self.sample() for _ in range(size)]
        t = max(len(i[0]) for i in items)
        fc = items[0][0].shape[1]
        face = np.zeros((size, t, fc), np.float32)
        audio = np.zeros((size, t, fc), np.float32)
        labels = np.zeros((size, t), np.int64)
        va = np.zeros((size, t, 2), np.float32)
        mask = np.zeros((size, t), bool)
        for b, (f, a, l, v) in enumerate(items):
            n = len(f)
            face[b, :n], audio[b, :n], labels[b, :n], va[b, :n], mask[b, :n] = f, a, l, v, True
        return [torch.from_numpy(x) for x in (face, audio, labels, va, mask)]


def feature_noise(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    keep = (torch.rand(x.shape, generator=g) > 0.2).float() / 0.8
    return x * keep


@torch.no_grad()
def evaluate_recurrent(model: Recurrent, feats: Features, centroids: torch.Tensor | None = None) -> dict:
    """FER2013 PublicTest: one step from a zero state with silence (what one photo gets in the app).
    RAVDESS actors 17–20: the whole clip with a blank face, mean expression probability over the steps."""
    model.eval()
    v = torch.from_numpy(feats.test_faces.astype(np.float32))[:, None]
    a = torch.from_numpy(feats.silence.astype(np.float32)).expand(len(v), 1, -1)
    probs = expression_probabilities(model, model.embed(v, a)[:, 0], centroids)
    faces = classification_report(probs.argmax(1).numpy(), feats.test_labels)
    faces["detectedOnlyAccuracy"] = float((probs.argmax(1).numpy() == feats.test_labels)[feats.test_found].mean())
    preds, truth = [], []
    for clip, f in zip(feats.clips, feats.clip_features):
        if clip.actor not in HELD_OUT_ACTORS:
            continue
        a = torch.from_numpy(f.astype(np.float32))[None]
        v = torch.from_numpy(feats.blank_face.astype(np.float32)).expand(1, a.shape[1], -1)
        p = expression_probabilities(model, model.embed(v, a)[0], centroids).mean(0)
        preds.append(int(p.argmax()))
        truth.append(clip.expression)
    speech = classification_report(np.array(preds), np.array(truth))
    return {"ferPublicTest": faces, "ravdessHeldOutActors": speech}


def expression_probabilities(model: Recurrent, h: torch.Tensor, centroids: torch.Tensor | None) -> torch.Tensor:
    if centroids is not None:
        cos = F.normalize(h, dim=-1) @ F.normalize(centroids, dim=-1).t()
        return torch.softmax(model.head.cosine_scale * cos, -1)
    return torch.softmax(model.head(h)[..., NUM_VA + NUM_AU :], -1)


def train_recurrent(cfg: Config, feats: Features, loss_kind: str, epochs: int, steps_per_epoch: int, seed: int,
                    arc_scale: float, arc_margin: float, sequence_steps: int) -> Tuple[Recurrent, dict]:
    torch.manual_seed(seed)
    model = Recurrent(cfg, arc_scale if loss_kind == "arcface" else 0.0)
    rng = np.random.default_rng(seed)
    g = torch.Generator().manual_seed(seed)
    sampler = SequenceSampler(feats, rng, sequence_steps)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = one_cycle(opt, 2e-3, epochs * steps_per_epoch, 0.1)
    history = []
    for epoch in range(epochs):
        model.train()
        t0, losses = time.time(), []
        for _ in range(steps_per_epoch):
            face, audio, labels, va, mask = sampler.batch(32)
            h = model.embed(feature_noise(face, g), feature_noise(audio, g))[mask]
            logits = model.head.linear(h)
            y = labels[mask]
            expression_logits = None
            if loss_kind == "arcface":
                expression_logits = arcface_logits(model.head.expression_cosines(h), y, arc_scale, arc_margin)
            loss, parts = multitask_loss(logits, y, torch.from_numpy(AU_PRIORS)[y], va[mask], expression_logits=expression_logits)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            losses.append(parts["expr"])
        entry = {"epoch": epoch + 1, "trainExprLoss": float(np.mean(losses)), "seconds": time.time() - t0}
        history.append(entry)
        log(f"recurrent[{loss_kind}] epoch {epoch + 1}/{epochs} expr-loss {entry['trainExprLoss']:.3f} ({entry['seconds']:.0f} s)")
    centroids = class_centroids(model, sampler) if loss_kind == "arcface" else None
    report = evaluate_recurrent(model, feats, centroids)
    if centroids is not None:
        # The centroid classifier (paper §4 IV) in the app's form: class centres as the expression rows of the head.
        with torch.no_grad():
            model.head.linear.weight[NUM_VA + NUM_AU :] = F.normalize(centroids, dim=-1)
            model.head.linear.bias[NUM_VA + NUM_AU :] = 0
    return model, {"history": history, **report, "loss": loss_kind}


@torch.no_grad()
def class_centroids(model: Recurrent, sampler: SequenceSampler, batches: int = 60) -> torch.Tensor:
    """Mean normalised embedding per expression over training sequences (the paper's 7 cluster centres)."""
    model.eval()
    sums = torch.zeros(NUM_EXPR, model.head.linear.in_features)
    for _ in range(batches):
        face, audio, labels, va, mask = sampler.batch(32)
        h = F.normalize(model.embed(face, audio)[mask], dim=-1)
        sums.index_add_(0, labels[mask], h)
    return F.normalize(sums, dim=-1)


# ---------------------------------------------------------------- export

def assemble(cfg: Config, visual: Stream, audio: Stream, recurrent: Recurrent) -> AvMtVggRnn:
    model = AvMtVggRnn(cfg, recurrent.head.cosine_scale, batch_norm=True)
    model.visual.load_state_dict(visual.body.state_dict())
    model.audio.load_state_dict(audio.body.state_dict())
    for name in ("visual_gru", "audio_gru", "fusion_gru", "head"):
        getattr(model, name).load_state_dict(getattr(recurrent, name).state_dict())
    return model.eval()


DERIVED_OUTPUTS = {
    "actionUnits": "Not annotated in the training data: trained on expression → AU occurrence priors "
    "(Du, Tao & Martinez 2014, Table 1: prototypical AUs 1.0, variants at their observed frequency). "
    "The bars show how typical each AU is of the expression the model sees, not a measured AU.",
    "valenceArousal": "Not annotated in the training data: trained on a fixed valence/arousal point per expression "
    "(Russell's circumplex layout, values set by us), scaled by RAVDESS intensity (normal 0.6, strong 1.0; FER2013 0.8).",
}


def provenance(result: dict, chosen: str, timings: Dict[str, float], args) -> dict:
    """What the manifest says about these weights (the app shows it; MODEL_CARD.md has the details)."""
    fer, speech = result["ferPublicTest"], result["ravdessHeldOutActors"]
    return {
        "data": "FER2013 Training (28,709 faces) for the face stream; RAVDESS speech of actors 01-16 (960 clips) for the "
        "audio stream; fused on label-matched pairs. Held out: FER2013 PublicTest, RAVDESS actors 17-20.",
        "licence": "CC BY-NC-SA 4.0 (inherited from RAVDESS); FER2013 is for research use: non-commercial research use only",
        "heldOutMetrics": {
            "ferPublicTestAccuracy": round(fer["accuracy"], 4),
            "ferPublicTestMacroF1": round(fer["macroF1"], 4),
            "ravdessHeldOutActorsAccuracy": round(speech["accuracy"], 4),
            "ravdessHeldOutActorsMacroF1": round(speech["macroF1"], 4),
            "measuredWith": "training/affectscope_train (PyTorch, cached crops from the app's own preprocessing)",
        },
        "notes": f"Trained by affectscope (npm run train) on {args.threads} CPU threads: {phase_minutes(timings)}; "
        f"expression head: {'ArcFace (cosine to class centroids)' if chosen == 'arcface' else 'softmax'}. "
        "Expressions are learned from real labels; AUs and valence/arousal from derived targets. See MODEL_CARD.md.",
        "derivedOutputs": DERIVED_OUTPUTS,
    }


def phase_minutes(timings: Dict[str, float]) -> str:
    """Each phase's time, a checkpointed phase at the time recorded when it was trained (not the seconds to load it)."""
    recurrent = sum(v for k, v in timings.items() if k.startswith("recurrent_")) + timings.get("featureSeconds", 0)
    visual, audio = timings.get("visualSeconds", 0), timings.get("audioSeconds", 0) + timings.get("audioFeatureSeconds", 0)
    return (f"visual stream {visual / 60:.0f} min, audio stream {audio / 60:.0f} min, recurrent layers {recurrent / 60:.1f} min "
            f"({(visual + audio + recurrent) / 60:.0f} min of training)")


def audio_stage(args, cfg: Config, data: Ravdess, timings: Dict[str, float]):
    """Phase 2 (or its checkpoint), then the audio features phase 3 uses (cached next to the checkpoint)."""
    path = os.path.join(args.out, "audio.pt")
    audio = Stream(VggBody(1, cfg.context_frames, cfg.freq_bins, cfg, batch_norm=True), cfg.fc_units)
    t0 = time.time()
    if os.path.exists(path):
        saved = torch.load(path)
        audio.load_state_dict(saved["state"])
        report = saved["report"]
        log("audio stream: loaded", path)
    else:
        audio, report = train_audio(cfg, data, args.audio_epochs, args.batch, args.seed)
        report["seconds"] = time.time() - t0
        torch.save({"state": audio.state_dict(), "report": report}, path)
    timings["audioSeconds"] = report.get("seconds", time.time() - t0)
    log(f"audio stream: held-out actors clip accuracy {report['heldOutActors']['accuracy']:.4f}")
    t0 = time.time()
    audio_clip_features(audio.body, data, os.path.join(args.out, "audio_features.npz"))
    timings["audioFeatureSeconds"] = time.time() - t0
    return audio, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", default="training/cache")
    parser.add_argument("--out", default="training/runs/lite")
    parser.add_argument("--width", type=float, default=0.125)
    parser.add_argument("--visual-epochs", type=int, default=16)
    parser.add_argument("--audio-epochs", type=int, default=24)
    # Short on purpose: 8 × 300 batches fitted the training sequences better and did worse on held-out data
    # (training/reports/ablation-longer-recurrent.json).
    parser.add_argument("--recurrent-epochs", type=int, default=2)
    parser.add_argument("--recurrent-steps", type=int, default=110, help="batches of 32 sequences per epoch")
    parser.add_argument("--sequence-steps", type=int, default=32, help="longest training sequence, video frames (30/s)")
    parser.add_argument("--views", type=int, default=1, help="face feature views per training image (1 clean + augmented)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--arc-scale", type=float, default=16.0)
    parser.add_argument("--arc-margin", type=float, default=0.3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--limit", type=int, default=0, help="use only N training faces (smoke tests)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only-audio", action="store_true", help="train the audio stream (and cache its features), then stop")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    started = time.time()
    cfg = Config(width_multiplier=args.width)
    if args.only_audio:
        data = load_ravdess(args.cache, cfg.context_frames)
        audio_stage(args, cfg, data, {})
        return
    train = load_faces(args.cache, "fer2013_train")
    test = load_faces(args.cache, "fer2013_PublicTest")
    if args.limit:
        keep = np.random.default_rng(0).permutation(len(train.labels))[: args.limit]
        keep.sort()
        train = Faces(train.crops[keep], train.labels[keep], train.found[keep])
    data = load_ravdess(args.cache, cfg.context_frames)
    if args.limit:
        data.clips = data.clips[::37]
    log(f"faces: {len(train.labels)} train, {len(test.labels)} PublicTest; clips: {len(data.clips)}; device: cpu × {args.threads}")
    timings: Dict[str, float] = {}

    def checkpoint(name: str):
        return os.path.join(args.out, f"{name}.pt")

    t0 = time.time()
    visual = Stream(VggBody(3, cfg.crop_size_px, cfg.crop_size_px, cfg, batch_norm=True), cfg.fc_units)
    if os.path.exists(checkpoint("visual")):
        saved = torch.load(checkpoint("visual"))
        visual.load_state_dict(saved["state"])
        visual_report = saved["report"]
        log("visual stream: loaded", checkpoint("visual"))
    else:
        visual, visual_report = train_visual(cfg, train, test, args.visual_epochs, args.batch, args.seed)
        visual_report["seconds"] = time.time() - t0
        torch.save({"state": visual.state_dict(), "report": visual_report}, checkpoint("visual"))
    timings["visualSeconds"] = visual_report.get("seconds", time.time() - t0)

    audio, audio_report = audio_stage(args, cfg, data, timings)

    t0 = time.time()
    feats = Features(visual.body, audio.body, train, test, data, args.views, args.seed, os.path.join(args.out, "audio_features.npz"))
    timings["featureSeconds"] = time.time() - t0
    results = {}
    models = {}
    for kind in ("softmax", "arcface"):
        t0 = time.time()
        models[kind], results[kind] = train_recurrent(cfg, feats, kind, args.recurrent_epochs, args.recurrent_steps, args.seed,
                                                      args.arc_scale, args.arc_margin, args.sequence_steps)
        timings[f"recurrent_{kind}Seconds"] = time.time() - t0
        r = results[kind]
        log(f"{kind}: FER PublicTest {r['ferPublicTest']['accuracy']:.4f} (macro-F1 {r['ferPublicTest']['macroF1']:.4f}), "
            f"RAVDESS held-out {r['ravdessHeldOutActors']['accuracy']:.4f}")
    score = lambda r: r["ferPublicTest"]["accuracy"] + r["ravdessHeldOutActors"]["accuracy"]
    chosen = max(results, key=lambda k: score(results[k]))
    log(f"exporting the {chosen} head (mean of FER and RAVDESS held-out accuracy)")
    model = assemble(cfg, visual, audio, models[chosen])
    timings["totalSeconds"] = time.time() - started
    report = {
        "config": cfg.to_manifest(),
        "args": vars(args),
        "visualStream": visual_report,
        "audioStream": audio_report,
        "recurrent": results,
        "chosen": chosen,
        "timings": timings,
        "torch": torch.__version__,
        "threads": args.threads,
    }
    metadata = {
        "architecture": "av-mt-vgg-rnn",
        "config": json.dumps(cfg.to_manifest()),
        "report": json.dumps({"chosen": chosen, "ferPublicTest": results[chosen]["ferPublicTest"]["accuracy"],
                              "ravdessHeldOutActors": results[chosen]["ravdessHeldOutActors"]["accuracy"]}),
    }
    if chosen == "arcface":
        metadata["expressionHead"] = json.dumps({"kind": "cosine", "scale": args.arc_scale})
    safetensors_io.save(os.path.join(args.out, "model.safetensors"), export_state(model), metadata)
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(args.out, "provenance.json"), "w") as f:
        json.dump(provenance(results[chosen], chosen, timings, args), f, indent=1)
    log(f"wrote {args.out}/model.safetensors and report.json in {timings['totalSeconds'] / 60:.1f} min")


if __name__ == "__main__":
    main()
