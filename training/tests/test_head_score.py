"""Which of phase 3's two heads is exported: every output counts, not the expressions alone."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.train import head_score  # noqa: E402


def result(macro_f1, valence, arousal, au_f1, speech):
    return {"faces": {"accuracy": 0.85, "macroF1": macro_f1, "valenceCcc": valence, "arousalCcc": arousal, "actionUnits": {"meanF1": au_f1}},
            "ravdessHeldOutActors": {"accuracy": speech}}


class HeadScore(unittest.TestCase):
    def test_is_the_abaw_score_of_the_faces_plus_speech_accuracy(self):
        # 0.7 + (0.9 + 0.8) / 2 + 0.35 + 0.55
        self.assertAlmostEqual(head_score(result(0.7, 0.9, 0.8, 0.35, 0.55)), 2.45)

    def test_the_2026_12_02_heads_softmax_beats_arcface_which_won_on_accuracy_alone(self):
        softmax = result(0.7189, 0.892, 0.855, 0.350, 0.5583)  # av-mt-vgg-rnn-lite.json, previousRecurrent["auWeight4-2epochs"]
        arcface = result(0.7194, 0.786, 0.745, 0.243, 0.5833)
        self.assertGreater(head_score(softmax), head_score(arcface))

    def test_a_missing_output_counts_zero(self):
        r = result(0.7, None, float("nan"), None, 0.5)
        r["faces"].pop("actionUnits")
        r["ravdessHeldOutActors"] = None
        self.assertAlmostEqual(head_score(r), 0.7)


if __name__ == "__main__":
    unittest.main()
