"""AU F1 at per-AU thresholds (what the app reports with its calibrated thresholds), on a hand-computed case."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.metrics import au_report  # noqa: E402


class AuReport(unittest.TestCase):
    pred = np.array([[0.3, 0.9], [0.6, 0.2], [0.1, 0.4], [0.45, 0.7]])
    target = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])

    def test_at_05_each_au_is_scored_on_output_at_least_half(self):
        r = au_report(self.pred, self.target, None, ["A", "B"], target_is_binary=True)
        # A: predicted {1}, true {0, 1}: tp 1 → 2·1 / (1 + 2); B: predicted {0, 3}, true {0, 2}: tp 1 → 2 / 4
        self.assertAlmostEqual(r["perAu"]["A"]["f1"], 2 / 3)
        self.assertAlmostEqual(r["perAu"]["B"]["f1"], 0.5)

    def test_thresholds_replace_05_per_au_and_unknown_rows_are_left_out(self):
        known = np.array([[True, True], [True, True], [True, True], [False, True]])
        r = au_report(self.pred, self.target, known, ["A", "B"], target_is_binary=True, thresholds=[0.25, 0.35])
        # A over rows 0–2 at 0.25: predicted {0, 1}, true {0, 1} → 1; B at 0.35: predicted {0, 2, 3}, true {0, 2} → 4 / 5
        self.assertAlmostEqual(r["perAu"]["A"]["f1"], 1.0)
        self.assertEqual(r["perAu"]["A"]["n"], 3)
        self.assertAlmostEqual(r["perAu"]["B"]["f1"], 0.8)
        self.assertAlmostEqual(r["meanF1"], 0.9)


if __name__ == "__main__":
    unittest.main()
