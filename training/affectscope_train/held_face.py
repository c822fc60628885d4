"""Ablation: an app model's held-out face accuracy when each face is held for T steps (silent audio), not one.

`npm run evaluate` scores a face as a photo: one step from a zero state. In the live page a face is seen at 30 steps/s,
so if the GRUs needed a few steps to settle, the photo protocol would understate the model. This feeds each held-out
FER2013 PublicTest face T times and scores the last step against each label set.

Usage: cd training && /usr/bin/python3 -m affectscope_train.held_face --cache cache \\
         --from-model ../public/models/av-mt-vgg-rnn-lite [--steps 1,2,3,5,10,30]
"""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from .app_model import load_app_model
from .audio import body_features, silence_features
from .data import load_ravdess
from .metrics import accuracy_by_label_set
from .model import NUM_AU, NUM_VA
from .stream import to_face_input
from .train import face_data, parse_args as recipe_args


@torch.no_grad()
def held_face_accuracy(model, faces: np.ndarray, silence: np.ndarray, labels: dict, steps: int) -> dict:
    """faces: fc1 features [N, fc]; silence: the audio fc1 features of an empty buffer; labels: name → [N] (-1: none)."""
    v = torch.from_numpy(faces.astype(np.float32))[:, None].expand(-1, steps, -1).contiguous()
    a = torch.from_numpy(silence.astype(np.float32))[None, None].expand(len(v), steps, -1).contiguous()
    logits = model.head.linear(model.top(v, a)[:, -1]).numpy()
    pred = logits[:, NUM_VA + NUM_AU :].argmax(1)
    return accuracy_by_label_set(pred, labels)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", default="1,2,3,5,10,30")
    own, rest = parser.parse_known_args(argv)
    args = recipe_args([*rest, "--out", "runs/held-face"])
    if not args.from_model:
        parser.error("--from-model is required")
    torch.set_num_threads(args.threads)
    model, _ = load_app_model(args.from_model)
    model.eval()
    _, _, test, held_out = face_data(args)
    faces = body_features(model.visual, to_face_input(test.crops).numpy(), channels3=True)
    silence = silence_features(model.audio, load_ravdess(args.cache, model.config.context_frames))
    result = {str(t): held_face_accuracy(model, faces, silence, held_out.labels, t) for t in (int(s) for s in own.steps.split(","))}
    print(json.dumps({"model": args.from_model, "accuracyByHeldSteps": result}, indent=1))


if __name__ == "__main__":
    main()
