"""label_mix: two face streams' outputs mixed, scored on two label sets, on hand-computed cases."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.label_mix import accuracies, mix_curve  # noqa: E402


class LabelMixTest(unittest.TestCase):
    # three faces, three classes: stream A is sure of class 0 on every face; B of class 1, but only just on face 3
    a = np.array([[0.8, 0.1, 0.1]] * 3)
    b = np.array([[0.1, 0.9, 0.0], [0.1, 0.9, 0.0], [0.4, 0.6, 0.0]])
    labels = {"raters": np.array([0, 0, 0]), "single": np.array([1, 1, -1])}  # -1: no label, not scored

    def test_accuracy_counts_only_labelled_faces(self):
        self.assertEqual(accuracies(self.b, self.labels), {"raters": 0.0, "single": 1.0})

    def test_the_curve_moves_from_a_to_b_as_the_mix_says(self):
        curve = {c["weightOfB"]: (c["raters"], c["single"]) for c in mix_curve(self.a, self.b, self.labels, (0, 0.5, 0.6, 1))}
        self.assertEqual(curve[0], (1.0, 0.0))
        # λ 0.5: faces 1-2 (0.45, 0.5, 0.05) → class 1; face 3 (0.6, 0.35, 0.05) → class 0
        self.assertEqual(curve[0.5], (round(1 / 3, 4), 1.0))
        # λ 0.6: face 3 (0.56, 0.4, …) still class 0
        self.assertEqual(curve[0.6], (round(1 / 3, 4), 1.0))
        self.assertEqual(curve[1], (0.0, 1.0))


if __name__ == "__main__":
    unittest.main()
