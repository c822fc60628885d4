"""Phase 3's inputs: fc1 features of everything it needs (the CNN bodies are frozen from here on) and the training
sequences built from them at 30 steps/s (MODEL_CARD.md, "Sequences and fusion")."""
from __future__ import annotations

import hashlib
import time
from typing import List, Tuple

import numpy as np
import torch

from .audio import HELD_OUT_ACTORS, audio_clip_features, body_features, clip_va, silence_features
from .augment import augment_images
from .data import Faces, Ravdess
from .face_targets import FaceTargets
from .fit import log
from .losses import Targets
from .model import NUM_AU, VggBody
from .stream import to_face_input
from .targets import NUM_EXPRESSIONS


class Features:
    """fc1 features of the training faces (clean + augmented views), the held-out faces, a blank face, silence, and
    every clip's audio at every video step."""

    def __init__(self, visual: VggBody, audio: VggBody, train: Faces, targets: FaceTargets, test: Faces, data: Ravdess,
                 views: int, seed: int, cache_path: str):
        g = torch.Generator().manual_seed(seed)
        t0 = time.time()
        chunks = []
        for v in range(views):
            faces = []
            for i in range(0, len(train.crops), 512):
                x = to_face_input(train.crops[i : i + 512])
                faces.append(body_features(visual, (augment_images(x, g) if v > 0 else x).numpy(), channels3=True))
            chunks.append(np.concatenate(faces))
        self.train_faces = np.stack(chunks, 1)  # [N, views, fc]
        self.targets = targets
        self.test_faces = body_features(visual, to_face_input(test.crops).numpy(), channels3=True)
        log(f"face features: {self.train_faces.shape} train, {self.test_faces.shape} test ({time.time() - t0:.0f} s)")
        t0 = time.time()
        size = visual.out_hw[0] * 32
        self.blank_face = body_features(visual, np.zeros((1, 1, size, size), np.float32), channels3=True)[0]
        self.silence = silence_features(audio, data)
        self.clips = data.clips
        self.clip_features = audio_clip_features(audio, data, cache_path)
        log(f"audio features: {sum(len(f) for f in self.clip_features)} steps of {len(self.clips)} clips ({time.time() - t0:.0f} s)")
        trainable = np.zeros(len(targets.expr), bool)
        trainable[targets.trainable()] = True
        labels = targets.labels
        self.by_label = [np.flatnonzero(trainable & (labels == k)) for k in range(NUM_EXPRESSIONS)]
        h = hashlib.sha256()
        for a in (self.train_faces, self.blank_face, self.silence, *self.clip_features):
            h.update(np.ascontiguousarray(a).tobytes())
        self.digest = h.hexdigest()  # phase 3 checkpoints resume only on the same features


Step = Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class SequenceSampler:
    """Builds training sequences at 30 steps/s (MODEL_CARD.md, "Sequences"):
    - 'av' (50 %): a max_steps (32) span of a RAVDESS training clip (from its first frame a quarter of the time),
      with a face track of the same expression (label-matched pairing): one training face held for the span;
      targets: the clip's expression and VA, the face's AUs;
    - 'a' (20 %): the clip with a blank (mid-grey) face; no AU target;
    - 'v' (30 %): 1–3 face segments (expressions may change between segments) with silence, 1–32 steps, a third of
      them a single step (what one photo gets); targets: each face's own. When the faces are video frames (ABAW),
      a 'v' sequence is instead a run of one video's consecutive labelled frames, each with its own targets."""

    def __init__(self, feats: Features, rng: np.random.Generator, max_steps: int = 32):
        self.f = feats
        self.rng = rng
        self.max_steps = max_steps
        self.present = [k for k in range(NUM_EXPRESSIONS) if len(feats.by_label[k])]
        # Label-matched pairing needs faces of the clip's expression.
        self.train_clips = [i for i, c in enumerate(feats.clips) if c.actor not in HELD_OUT_ACTORS and len(feats.by_label[c.expression])]
        self.tracks = feats.targets.video_tracks()
        self.track_weights = np.array([len(t) for t in self.tracks], np.float64) / max(1, sum(len(t) for t in self.tracks))

    def video_run(self, steps: int) -> np.ndarray:
        """Up to `steps` consecutive frames (row indices) of one video, the video drawn by its number of frames."""
        track = self.tracks[self.rng.choice(len(self.tracks), p=self.track_weights)]
        start = int(self.rng.integers(0, max(len(track) - steps, 0) + 1))
        return track[start : start + steps]

    def face_track(self, labels_per_step: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """(features [T, fc], image index [T]): one face per run of equal labels."""
        out = np.empty((len(labels_per_step), self.f.train_faces.shape[2]), np.float32)
        images = np.empty(len(labels_per_step), np.int64)
        start = 0
        while start < len(labels_per_step):
            label = labels_per_step[start]
            end = start
            while end < len(labels_per_step) and labels_per_step[end] == label:
                end += 1
            image = self.rng.choice(self.f.by_label[label])
            view = self.rng.integers(self.f.train_faces.shape[1], size=end - start)
            out[start:end] = self.f.train_faces[image, view]
            images[start:end] = image
            start = end
        return out, images

    def face_targets(self, images: np.ndarray):
        t = self.f.targets
        # One draw per face run (probabilistic label drawing), not per step.
        unique, inverse = np.unique(images, return_inverse=True)
        expr = t.expression_rows(unique, self.rng)[inverse]
        return expr, t.expr_known[images], t.au[images], t.au_known[images], t.va[images], t.va_known[images]

    def sample(self) -> Step:
        kind = self.rng.choice(["av", "a", "v"], p=[0.5, 0.2, 0.3])
        if kind in ("av", "a"):
            c = self.rng.choice(self.train_clips)
            clip = self.f.clips[c]
            total = len(self.f.clip_features[c])
            start = 0 if self.rng.random() < 0.25 else int(self.rng.integers(0, max(total - self.max_steps, 0) + 1))
            audio = self.f.clip_features[c][start : start + self.max_steps].astype(np.float32)
            steps = len(audio)
            expr = np.zeros((steps, NUM_EXPRESSIONS), np.float32)
            expr[:, clip.expression] = 1.0
            va = np.tile(clip_va(clip), (steps, 1))
            if kind == "av":
                face, images = self.face_track(np.full(steps, clip.expression))
                au, au_known = self.f.targets.au[images], self.f.targets.au_known[images]
            else:
                face = np.tile(self.f.blank_face.astype(np.float32), (steps, 1))
                au, au_known = np.zeros((steps, NUM_AU), np.float32), np.zeros((steps, NUM_AU), bool)
            known = np.ones(steps, bool)
            return face, audio, expr, known, au, au_known, va, known
        steps = 1 if self.rng.random() < 0.33 else int(self.rng.integers(2, self.max_steps + 1))
        if self.tracks:
            images = self.video_run(steps)
            view = self.rng.integers(self.f.train_faces.shape[1], size=len(images))
            audio = np.tile(self.f.silence.astype(np.float32), (len(images), 1))
            return (self.f.train_faces[images, view].astype(np.float32), audio, *self.face_targets(images))
        segments = int(self.rng.integers(1, 4))
        cuts = np.sort(self.rng.integers(1, max(steps, 2), size=segments - 1))
        labels = np.empty(steps, np.int64)
        for a, b in zip(np.r_[0, cuts], np.r_[cuts, steps]):
            labels[a:b] = self.rng.choice(self.present)
        face, images = self.face_track(labels)
        audio = np.tile(self.f.silence.astype(np.float32), (steps, 1))
        return (face, audio, *self.face_targets(images))

    def batch(self, size: int) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor, Targets]:
        """(face [B, T, visual fc], audio [B, T, audio fc], mask [B, T], targets of the masked steps in row-major order)."""
        items: List[Step] = [self.sample() for _ in range(size)]
        t = max(len(i[0]) for i in items)
        face = np.zeros((size, t, items[0][0].shape[1]), np.float32)
        audio = np.zeros((size, t, items[0][1].shape[1]), np.float32)
        mask = np.zeros((size, t), bool)
        for b, item in enumerate(items):
            n = len(item[0])
            face[b, :n], audio[b, :n], mask[b, :n] = item[0], item[1], True
        flat = [np.concatenate([item[k] for item in items]) for k in range(2, 8)]
        targets = Targets(*(torch.from_numpy(np.ascontiguousarray(a)) for a in flat))
        return torch.from_numpy(face), torch.from_numpy(audio), torch.from_numpy(mask), targets
