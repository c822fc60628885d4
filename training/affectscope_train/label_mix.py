"""Ablation: how far apart issue 14's two face targets are at this width. Two phase-1 face streams, one trained on the
FER+ votes with FER2013's label as K more votes and one on FER2013's labels alone, are mixed at the output,
p = (1 − λ) · p_a + λ · p_b, and each mix is scored on FER2013 PublicTest against both label sets. Two whole networks
mixed is more than the one shipped network can be; if no λ meets both targets, no K of one stream of this width is
likely to either (MODEL_CARD.md, "FER2013's own label as more votes").

    cd training && /usr/bin/python3 -m affectscope_train.label_mix --cache cache \\
        --a cache/checkpoints/ablation-fer2013-label-votes-6/visual.epoch.pt \\
        --b cache/checkpoints/ablation-fer2013-labels-phase1/visual.epoch.pt
prints JSON to stdout."""
from __future__ import annotations

import argparse
import json
from typing import Dict, Sequence

import numpy as np
import torch

from .metrics import accuracy_by_label_set
from .model import NUM_AU, NUM_VA, activate
from .stream import load_stream_checkpoint, predict_faces, visual_stream


def accuracies(probs: np.ndarray, labels: Dict[str, np.ndarray]) -> Dict[str, float]:
    """Accuracy of argmax(probs) [N, 7] against each label set (name → [N], -1 where a face has no label)."""
    return {name: round(value, 4) for name, value in accuracy_by_label_set(probs.argmax(1), labels).items()}


def mix_curve(probs_a: np.ndarray, probs_b: np.ndarray, labels: Dict[str, np.ndarray],
              weights: Sequence[float] = (0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1)) -> list:
    """For each λ in weights: the accuracies of (1 − λ) · probs_a + λ · probs_b."""
    return [{"weightOfB": w, **accuracies((1 - w) * probs_a + w * probs_b, labels)} for w in weights]


def stream_probabilities(checkpoint: str, crops: np.ndarray) -> np.ndarray:
    """The expression probabilities [N, 7] of a phase-1 checkpoint (visual.epoch.pt) on uint8 crops."""
    stream, _ = load_stream_checkpoint(checkpoint, visual_stream)
    return activate(torch.from_numpy(predict_faces(stream, crops))).numpy()[:, NUM_VA + NUM_AU :]


def main(argv=None) -> None:
    from .train import face_data, parse_args as recipe_args

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="phase-1 checkpoint A (e.g. FER+ votes with FER2013's label as K votes)")
    parser.add_argument("--b", required=True, help="phase-1 checkpoint B (e.g. FER2013's labels alone)")
    own, rest = parser.parse_known_args(argv)
    args = recipe_args([*rest, "--out", "runs/label-mix"])
    torch.set_num_threads(args.threads)
    _, _, test, held_out = face_data(args)
    a, b = stream_probabilities(own.a, test.crops), stream_probabilities(own.b, test.crops)
    print(json.dumps({"a": own.a, "b": own.b, "faces": int(len(test.crops)), "curve": mix_curve(a, b, held_out.labels)}, indent=1))


if __name__ == "__main__":
    main()
