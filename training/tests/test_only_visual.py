"""`--only-visual`: phase 1 alone, for ablations of the face stream's targets; it needs no speech and exports nothing."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from affectscope_train.fit import CheckpointMismatch  # noqa: E402
from affectscope_train.train import main  # noqa: E402
from synthetic import TINY_ARGS, temporary_cache  # noqa: E402


class OnlyVisual(unittest.TestCase):
    def test_writes_the_face_streams_held_out_report_without_speech(self):
        folder, cache = temporary_cache(self)
        for name in ("ravdess_frames.npy", "ravdess_index.json"):  # a face ablation must not need the speech cache
            os.remove(os.path.join(cache, name))
        out = os.path.join(folder, "out")
        main(["--cache", cache, "--ferplus-votes", cache, "--labels", "ferplus-prob", *TINY_ARGS, "--only-visual", "--out", out])
        with open(os.path.join(out, "visual-report.json")) as f:
            report = json.load(f)
        self.assertEqual(report["args"]["labels"], "ferplus-prob")
        self.assertEqual([h["epoch"] for h in report["visualStream"]["history"]], [1, 2])
        held_out = report["visualStream"]["heldOut"]
        for labels in ("fer2013", "ferplusMajority"):
            self.assertGreaterEqual(held_out[labels]["accuracy"], 0)
            self.assertLessEqual(held_out[labels]["accuracy"], 1)
        self.assertFalse(os.path.exists(os.path.join(out, "model.safetensors")))

    def test_fer2013_label_votes_train_and_never_resume_a_raters_only_checkpoint(self):
        folder, cache = temporary_cache(self)
        out = os.path.join(folder, "out")
        common = ["--cache", cache, "--ferplus-votes", cache, "--labels", "ferplus-ce", *TINY_ARGS, "--only-visual", "--out", out]
        main(common + ["--fer2013-label-votes", "0"])  # raters only
        with self.assertRaises(CheckpointMismatch):  # other targets: the checkpoint under the same --out is refused, not resumed
            main(common + ["--fer2013-label-votes", "3"])
        main(common + ["--fer2013-label-votes", "3", "--checkpoints", os.path.join(folder, "k3")])
        with open(os.path.join(out, "visual-report.json")) as f:
            report = json.load(f)
        self.assertEqual(report["args"]["fer2013_label_votes"], 3)
        self.assertEqual([h["epoch"] for h in report["visualStream"]["history"]], [1, 2])
        with self.assertRaises(SystemExit):  # FER2013's labels are already the whole target there: refused before any training
            main(["--cache", cache, "--labels", "fer2013", *TINY_ARGS, "--only-visual", "--out", out, "--fer2013-label-votes", "3",
                  "--checkpoints", os.path.join(folder, "f")])

    def test_refuses_both_only_flags(self):
        with self.assertRaises(SystemExit):
            main(["--only-audio", "--only-visual"])
        with self.assertRaises(SystemExit):  # ABAW's own labels train the face stream: FER2013's cannot be weighed in
            main(["--abaw", "somewhere", "--fer2013-label-votes", "3"])


if __name__ == "__main__":
    unittest.main()
