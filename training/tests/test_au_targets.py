"""Blendshapes → AU targets (the app's table) and the masked multi-task loss, on hand-computed cases."""
import os
import sys
import unittest

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.au_targets import AU_NAMES, au_activation, blendshape_au_targets, names_used, raw_au_scores  # noqa: E402
from affectscope_train.losses import Targets, multitask_loss, soft_cross_entropy  # noqa: E402

NAMES = sorted(set(names_used()))


def face(**scores):
    row = np.zeros((1, len(NAMES)), np.float32)
    for name, value in scores.items():
        row[0, NAMES.index(name)] = value
    return row


def activation(au: str, **scores) -> float:
    return float(au_activation(raw_au_scores(face(**scores), NAMES))[0, AU_NAMES.index(au)])


class BlendshapeAus(unittest.TestCase):
    def test_piecewise_linear_through_rest_threshold_full(self):
        # AU1 ← browInnerUp: rest 0.036, present 0.517, full 0.933
        for score, expected in [(0.0, 0.0), (0.036, 0.0), (0.2765, 0.25), (0.517, 0.5), (0.725, 0.75), (0.933, 1.0), (1.0, 1.0)]:
            self.assertAlmostEqual(activation("AU1", browInnerUp=score), expected, places=6, msg=str(score))

    def test_pairs_count_by_the_larger_side(self):
        # AU12: rest 0, present 0.025; a one-sided smile is as present as a full one
        self.assertAlmostEqual(activation("AU12", mouthSmileLeft=0.025), 0.5, places=6)
        self.assertAlmostEqual(activation("AU12", mouthSmileRight=0.025, mouthSmileLeft=0.01), 0.5, places=6)

    def test_lips_apart_by_jaw_or_by_lips(self):
        # AU25: rest 0.009, present 0.095, full 0.724. Jaw 0.5 − mouthClose 0.1 = 0.4 > lips 0.1:
        # 0.5 + 0.5 · (0.4 − 0.095) / (0.724 − 0.095) = 0.742448
        lips = dict(mouthUpperUpLeft=0.1, mouthUpperUpRight=0.1, mouthLowerDownLeft=0.1, mouthLowerDownRight=0.1)
        self.assertAlmostEqual(activation("AU25", jawOpen=0.5, mouthClose=0.1, **lips), 0.742448, places=5)
        # jaw closed over (0.05 − 0.2 < 0): the lips' mean (0.2 + 0 + 0.2 + 0) / 4 = 0.1 → 0.5 + 0.5 · 0.005 / 0.629
        lips = dict(mouthUpperUpLeft=0.2, mouthLowerDownLeft=0.2)
        self.assertAlmostEqual(activation("AU25", jawOpen=0.05, mouthClose=0.2, **lips), 0.503975, places=5)

    def test_no_target_without_a_face(self):
        rows = np.concatenate([face(browInnerUp=0.933), face(browInnerUp=0.933)])
        au, known = blendshape_au_targets(rows, NAMES, np.array([1, 0]))
        np.testing.assert_array_equal(known.all(1), [True, False])
        self.assertEqual(au[0, 0], 1.0)
        self.assertTrue((au[1] == 0).all())

    def test_a_missing_blendshape_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "browInnerUp"):
            raw_au_scores(np.zeros((1, 1)), ["jawOpen"])


class MaskedLoss(unittest.TestCase):
    def test_soft_cross_entropy_of_a_one_hot_is_cross_entropy(self):
        logits = torch.tensor([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
        labels = torch.tensor([2, 1])
        self.assertAlmostEqual(float(soft_cross_entropy(logits, F.one_hot(labels, 3).float(), 0.1)),
                               float(F.cross_entropy(logits, labels, label_smoothing=0.1)), places=6)

    def test_unknown_targets_add_nothing(self):
        torch.manual_seed(0)
        logits = torch.randn(4, 17)
        expr = F.one_hot(torch.tensor([1, 2, 3, 4]), 7).float()
        au = torch.rand(4, 8)
        va = torch.rand(4, 2) * 2 - 1
        known = torch.tensor([True, True, True, False])
        au_known = known[:, None].expand(4, 8).clone()
        full = Targets(expr, known, au, au_known, va, known)
        total, parts = multitask_loss(logits, full)
        kept = multitask_loss(logits[:3], Targets(expr[:3], known[:3], au[:3], au_known[:3], va[:3], known[:3]))[0]
        self.assertAlmostEqual(float(total), float(kept), places=6)
        # AU BCE by hand on the known entries: mean of −t log σ(x) − (1 − t) log(1 − σ(x))
        x, t = logits[:3, 2:10], au[:3]
        by_hand = -(t * torch.log(torch.sigmoid(x)) + (1 - t) * torch.log(1 - torch.sigmoid(x))).mean()
        self.assertAlmostEqual(parts["au"], float(by_hand), places=5)
        none = torch.zeros(4, dtype=torch.bool)
        total, parts = multitask_loss(logits, Targets(expr, none, au, none[:, None].expand(4, 8), va, none))
        self.assertEqual(float(total), 0.0)


if __name__ == "__main__":
    unittest.main()
