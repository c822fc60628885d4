"""The rater majority scored on FER2013's labels: faces without a majority count as misses, on a hand-computed case."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.label_agreement import label_agreement, label_vote_agreement  # noqa: E402


class LabelAgreement(unittest.TestCase):
    def test_faces_without_a_majority_count_against_the_majority(self):
        # FER2013: Neutral, Fear, Fear, Happiness, Sadness; raters: Neutral, Neutral, Fear, Happiness, none
        r = label_agreement(np.array([0, 0, 3, 4, -1]), np.array([0, 3, 3, 4, 5]))
        self.assertEqual((r["faces"], r["withRaterMajority"], r["agree"]), (5, 4, 3))
        self.assertAlmostEqual(r["majorityAccuracyOnFer2013Labels"], 3 / 5)
        self.assertAlmostEqual(r["majorityAccuracyOnFer2013LabelsWhereMajority"], 3 / 4)
        self.assertEqual(r["perFer2013Class"]["Fear"], {"fer2013Faces": 2, "raterMajorityAgrees": 1})
        self.assertEqual(r["perFer2013Class"]["Sadness"], {"fer2013Faces": 1, "raterMajorityAgrees": 0})

    def test_fer2013_label_as_more_votes_decides_split_faces_only(self):
        # votes (FER+ columns): 5 happiness, 3 surprise, 2 fear (no majority: 5 is not more than half of 10);
        # 9 neutral, 1 unknown; 10 not-a-face (no target). FER2013 says surprise, sadness, neutral.
        votes = np.array([[0, 5, 3, 0, 0, 0, 2, 0, 0, 0], [9, 0, 0, 0, 0, 0, 0, 0, 1, 0], [0] * 9 + [10]])
        rows = label_vote_agreement(votes, np.array([6, 5, 0]), label_votes=(0, 3))
        self.assertEqual([r["faces"] for r in rows], [2, 2])
        # K 0: happiness and neutral; K 3: (10·3/8 + 3)/13 > 10·5/8/13 makes the split face surprise, the neutral stays
        self.assertEqual([(r["agreesWithFerplusMajority"], r["agreesWithFer2013Labels"]) for r in rows], [(1.0, 0.0), (1.0, 0.5)])


if __name__ == "__main__":
    unittest.main()
