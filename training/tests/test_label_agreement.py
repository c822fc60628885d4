"""The rater majority scored on FER2013's labels: faces without a majority count as misses, on a hand-computed case."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.label_agreement import label_agreement  # noqa: E402


class LabelAgreement(unittest.TestCase):
    def test_faces_without_a_majority_count_against_the_majority(self):
        # FER2013: Neutral, Fear, Fear, Happiness, Sadness; raters: Neutral, Neutral, Fear, Happiness, none
        r = label_agreement(np.array([0, 0, 3, 4, -1]), np.array([0, 3, 3, 4, 5]))
        self.assertEqual((r["faces"], r["withRaterMajority"], r["agree"]), (5, 4, 3))
        self.assertAlmostEqual(r["majorityAccuracyOnFer2013Labels"], 3 / 5)
        self.assertAlmostEqual(r["majorityAccuracyOnFer2013LabelsWhereMajority"], 3 / 4)
        self.assertEqual(r["perFer2013Class"]["Fear"], {"fer2013Faces": 2, "raterMajorityAgrees": 1})
        self.assertEqual(r["perFer2013Class"]["Sadness"], {"fer2013Faces": 1, "raterMajorityAgrees": 0})


if __name__ == "__main__":
    unittest.main()
