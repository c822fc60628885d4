"""ABAW labels → targets (hand-computed), and a tiny run of the recipe on an ABAW cache scored with the MTL score."""
import json
import os
import shutil
import sys
import tempfile
import unittest
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from affectscope_train.abaw import abaw_targets  # noqa: E402
from affectscope_train.data import Faces  # noqa: E402
from affectscope_train.face_targets import FaceTargets  # noqa: E402
from affectscope_train.sequences import SequenceSampler  # noqa: E402
from affectscope_train.train import main  # noqa: E402
from synthetic import BLENDSHAPE_NAMES, TINY_ARGS, write_abaw_cache, write_cache  # noqa: E402


class AbawTargets(unittest.TestCase):
    def test_labels_become_targets_with_their_conventions(self):
        # ABAW_AUS order: AU1, AU2, AU4, AU6, AU7, AU10, AU12, AU15, AU23, AU24, AU25, AU26
        au = np.array([[1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0], [-1] * 12])
        va = np.array([[0.3, -0.2], [-5, -5]], np.float32)
        expr = np.array([7, 4])  # Other, Happiness
        blend = np.zeros((2, len(BLENDSHAPE_NAMES)), np.float32)
        blend[:, BLENDSHAPE_NAMES.index("mouthStretchLeft")] = 0.751  # AU20 at full scale
        faces = Faces(np.zeros((2, 96, 96), np.uint8), np.zeros(2), np.array([True, False]), blend, BLENDSHAPE_NAMES)
        t = abaw_targets(faces, va, au, expr)
        np.testing.assert_array_equal(t.expr_known, [False, True])
        np.testing.assert_array_equal(t.expr[1], [0, 0, 0, 0, 1, 0, 0])
        # ours: AU1, AU2, AU4, AU6, AU12, AU15, AU20, AU25
        np.testing.assert_array_equal(t.au[0], [1, 0, 0, 0, 1, 0, 1, 1])
        np.testing.assert_array_equal(t.au_known[0], [True] * 8)  # AU20 measured: the face was found
        np.testing.assert_array_equal(t.au_known[1], [False] * 8)  # all -1, and no face for AU20
        np.testing.assert_array_equal(t.va_known, [True, False])
        np.testing.assert_allclose(t.va[0], [0.3, -0.2])


class VideoSequences(unittest.TestCase):
    def test_face_only_sequences_follow_one_video_frame_by_frame(self):
        n = 12
        video = np.array([1, 0, 1, 0, 2, 0, 1, 2, 0, 1, 2, 2])
        frame = np.array([5, 1, 1, 3, 2, 2, 3, 1, 4, 9, 7, 3])
        known = np.ones(n, bool)
        known[6] = False  # video 1, frame 3: no label at all
        targets = FaceTargets(np.eye(7, dtype=np.float32)[np.arange(n) % 7], known, np.zeros((n, 8), np.float32),
                              np.zeros((n, 8), bool), np.zeros((n, 2), np.float32), np.zeros(n, bool), video=video, frame=frame)
        tracks = targets.video_tracks()
        # rows of each video in frame order; the unlabelled row is skipped
        self.assertEqual([list(t) for t in tracks], [[1, 5, 3, 8], [2, 0, 9], [7, 4, 11, 10]])
        feats = SimpleNamespace(targets=targets, train_faces=np.arange(n, dtype=np.float32)[:, None, None].repeat(4, 2),
                                by_label=[np.array([k]) for k in range(7)], clips=[], silence=np.zeros(4), blank_face=np.zeros(4))
        sampler = SequenceSampler(feats, np.random.default_rng(0), max_steps=3)
        for _ in range(20):
            run = sampler.video_run(3)
            self.assertTrue(any(len(run) <= len(t) and any(list(t[i : i + len(run)]) == list(run) for i in range(len(t))) for t in tracks))
            self.assertEqual(len(run), 3)


class AbawRun(unittest.TestCase):
    def test_tiny_run_reports_the_mtl_score(self):
        d = tempfile.mkdtemp()
        try:
            write_cache(os.path.join(d, "cache"))  # the RAVDESS part
            write_abaw_cache(os.path.join(d, "abaw"))
            out = os.path.join(d, "run")
            main(["--cache", os.path.join(d, "cache"), "--abaw", os.path.join(d, "abaw"), "--out", out, *TINY_ARGS])
            with open(os.path.join(out, "report.json")) as f:
                report = json.load(f)
            faces = report["recurrent"][report["chosen"]]["faces"]
            self.assertEqual(faces["primaryLabels"], "abaw")
            abaw = faces["abawChallenge"]
            va = (faces["valenceCcc"] + faces["arousalCcc"]) / 2
            self.assertAlmostEqual(abaw["mtlScore"], va + abaw["expressionF1"] + abaw["auMeanF1Over12"], places=9)
            self.assertNotIn("ccc", faces["actionUnits"]["perAu"]["AU1"])  # 0/1 labels: F1 only
            self.assertNotIn("AU20", faces["actionUnits"]["perAu"])  # ABAW does not label it
            with open(os.path.join(out, "provenance.json")) as f:
                provenance = json.load(f)
            self.assertIn("abawValidationAccuracy", provenance["heldOutMetrics"])
            self.assertIn("Aff-Wild2", provenance["data"])
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
