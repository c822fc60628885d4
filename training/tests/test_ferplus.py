"""FER+ votes → targets, on hand-computed cases (column order: neutral, happiness, surprise, sadness, anger, disgust,
fear, contempt, unknown, NF; ABAW order: Neutral, Anger, Disgust, Fear, Happiness, Sadness, Surprise)."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.face_targets import fer_face_targets  # noqa: E402
from affectscope_train.ferplus import ferplus_distribution, graded_va, majority_labels, vote_targets  # noqa: E402
from affectscope_train.targets import AU_PRIORS  # noqa: E402

NO_ROW = [-1] * 10


class VoteTargets(unittest.TestCase):
    def test_distribution_follows_ferplus(self):
        cases = [
            # single votes are outliers; anger's 7 of 9 votes pass 75 % alone
            ([2, 0, 0, 1, 7, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0]),
            ([7, 2, 0, 0, 0, 0, 0, 0, 1, 0], [1, 0, 0, 0, 0, 0, 0]),
            # a 4–4 tie is taken together (8 of 10 ≥ 75 %): half neutral, half happiness
            ([4, 4, 0, 0, 0, 0, 0, 0, 2, 0], [0.5, 0, 0, 0, 0.5, 0, 0]),
            # 6 neutral then 3 contempt reach 75 %; contempt is dropped and the rest renormalised
            ([6, 0, 0, 0, 0, 0, 0, 3, 0, 0], [1, 0, 0, 0, 0, 0, 0]),
            # 5 happiness, 3 surprise, 2 fear: 5 < 7.5, 8 ≥ 7.5 → happiness 5/8, surprise 3/8
            ([0, 5, 3, 0, 0, 0, 2, 0, 0, 0], [0, 0, 0, 0, 5 / 8, 0, 3 / 8]),
        ]
        for votes, expected in cases:
            target, known = vote_targets(np.array([votes]))
            self.assertTrue(known[0], votes)
            np.testing.assert_allclose(target[0], expected, atol=1e-7, err_msg=str(votes))

    def test_faces_left_out(self):
        left_out = [
            NO_ROW,  # no FER+ row
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],  # every vote an outlier
            [3, 3, 2, 2, 0, 0, 0, 0, 0, 0],  # four classes needed for 75 %: FER+ calls it unknown
            [2, 0, 0, 0, 0, 0, 0, 0, 6, 2],  # unknown first
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 10],  # not a face
            [3, 0, 0, 0, 0, 0, 0, 7, 0, 0],  # contempt first
        ]
        target, known = vote_targets(np.array(left_out))
        self.assertFalse(known.any())
        self.assertTrue((target == 0).all())

    def test_unknown_after_an_emotion_is_dropped(self):
        # 6 neutral < 75 %; then happiness and unknown tie at 2: happiness is kept, unknown dropped → 6/8, 2/8
        np.testing.assert_allclose(ferplus_distribution([6, 2, 0, 0, 0, 0, 0, 0, 2, 0]), [0.75, 0.25, 0, 0, 0, 0, 0, 0, 0, 0])
        # a 4–4 tie of neutral and unknown holds 4 of 10 ≤ half: unknown
        self.assertEqual(ferplus_distribution([4, 0, 0, 0, 0, 0, 0, 0, 4, 2]).sum(), 0)

    def test_majority(self):
        votes = np.array([[2, 0, 0, 1, 7, 0, 0, 0, 0, 0], [4, 4, 0, 0, 0, 0, 0, 0, 2, 0], [0, 0, 0, 0, 0, 0, 0, 6, 2, 2],
                          NO_ROW, [0, 0, 0, 0, 0, 0, 6, 0, 1, 3]])
        np.testing.assert_array_equal(majority_labels(votes), [1, -1, -1, -1, 3])

    def test_graded_valence_arousal(self):
        votes = np.array([
            [0, 6, 0, 0, 4, 0, 0, 0, 0, 0],  # 60 % happiness, 40 % anger
            [0, 10, 0, 0, 0, 0, 0, 0, 0, 0],
            NO_ROW,
            [0, 0, 0, 0, 0, 0, 0, 5, 5, 0],  # no vote for one of the 7 classes
            [0, 9, 0, 0, 1, 0, 0, 0, 0, 0],  # anger's single vote is an outlier
        ])
        fallback = np.array([4, 4, 5, 0, 4])
        # 0.6·(0.7, 0.4) + 0.4·(−0.6, 0.6) = (0.18, 0.48), × intensity ½ + ½·0.6 = 0.8
        expected = [[0.144, 0.384], [0.7, 0.4], [-0.48, -0.32], [0.0, 0.0], [0.7, 0.4]]
        np.testing.assert_allclose(graded_va(votes, fallback), expected, atol=1e-6)


class FaceTargetModes(unittest.TestCase):
    votes = np.array([[0, 5, 3, 0, 0, 0, 2, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 10], [9, 0, 0, 0, 0, 0, 0, 0, 1, 0]])
    labels = np.array([4, 3, 0])

    def test_fer2013_mode_keeps_the_single_label(self):
        t = fer_face_targets(self.labels, "fer2013", self.votes)
        np.testing.assert_array_equal(t.expr.argmax(1), self.labels)
        self.assertTrue(t.expr_known.all())
        np.testing.assert_allclose(t.au, AU_PRIORS[self.labels])  # --au-targets priors (the default here)

    def test_probability_mode_draws_a_label_from_the_distribution(self):
        t = fer_face_targets(self.labels, "ferplus-prob", self.votes)
        np.testing.assert_array_equal(t.expr_known, [True, False, True])
        self.assertFalse(t.au_known[1].any() or t.va_known[1])
        rng = np.random.default_rng(0)
        draws = np.stack([t.expression_rows(np.array([0]), rng)[0] for _ in range(4000)])
        self.assertTrue(((draws == 0) | (draws == 1)).all() and (draws.sum(1) == 1).all())
        np.testing.assert_allclose(draws.mean(0), [0, 0, 0, 0, 5 / 8, 0, 3 / 8], atol=0.03)

    def test_cross_entropy_mode_keeps_the_distribution(self):
        t = fer_face_targets(self.labels, "ferplus-ce", self.votes)
        rows = t.batch(np.array([0, 2]), np.random.default_rng(0)).expr.numpy()
        np.testing.assert_allclose(rows, [[0, 0, 0, 0, 5 / 8, 0, 3 / 8], [1, 0, 0, 0, 0, 0, 0]], atol=1e-7)

    def test_fer2013_label_as_more_votes(self):
        # FER2013 says surprise on the split face (5 happiness, 3 surprise): 3 more votes tip it, (10·3/8 + 3) / 13;
        # it says sadness on the face 9 raters call neutral: they still win, 10/13 against 3/13; not-a-face stays out
        t = fer_face_targets(np.array([6, 3, 5]), "ferplus-ce", self.votes, fer2013_label_votes=3)
        np.testing.assert_allclose(t.expr, [[0, 0, 0, 0, 6.25 / 13, 0, 6.75 / 13], [0] * 7, [10 / 13, 0, 0, 0, 0, 3 / 13, 0]], atol=1e-6)
        np.testing.assert_array_equal(t.expr.argmax(1)[[0, 2]], [6, 0])
        np.testing.assert_array_equal(t.expr_known, [True, False, True])
        # where FER2013 agrees with the raters the target only sharpens; 0 votes leave the distribution as it was
        agree = fer_face_targets(self.labels, "ferplus-ce", self.votes, fer2013_label_votes=3).expr[0]
        np.testing.assert_allclose(agree, [0, 0, 0, 0, 9.25 / 13, 0, 3.75 / 13], atol=1e-6)
        np.testing.assert_array_equal(fer_face_targets(self.labels, "ferplus-ce", self.votes, fer2013_label_votes=0).expr,
                                      fer_face_targets(self.labels, "ferplus-ce", self.votes).expr)
        with self.assertRaises(ValueError):
            fer_face_targets(self.labels, "fer2013", self.votes, fer2013_label_votes=3)
        for bad_votes, bad_labels in ((float("nan"), self.labels), (-1, self.labels), (3, np.array([7, 3, 0])), (3, np.array([-1, 3, 0]))):
            with self.assertRaises(ValueError):  # a clear message, never NaN targets or a row that does not sum to 1
                fer_face_targets(bad_labels, "ferplus-ce", self.votes, fer2013_label_votes=bad_votes)


if __name__ == "__main__":
    unittest.main()
