"""Phase 3 distilling phase 1's own expression head (recurrent.FaceTeacher, --face-teacher-weight)."""
import json
import os
import sys
import unittest

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from affectscope_train.fit import CheckpointMismatch  # noqa: E402
from affectscope_train.losses import distillation_loss  # noqa: E402
from affectscope_train.model import NUM_AU, NUM_VA, OUTPUT_UNITS, Config  # noqa: E402
from affectscope_train.recurrent import FaceTeacher, Recurrent, face_distillation  # noqa: E402
from affectscope_train.train import main, parse_args  # noqa: E402
from synthetic import TINY_ARGS, temporary_cache  # noqa: E402

EXPR = slice(NUM_VA + NUM_AU, None)


class FaceDistillationTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        cfg = Config(width_multiplier=0.0625, context_frames=16, freq_bins=32)
        self.model = Recurrent(cfg, 0.0)
        self.teacher = FaceTeacher(nn.Linear(cfg.fc_units, OUTPUT_UNITS), 1.0, 2.0)
        self.blank = torch.zeros(cfg.fc_units)
        self.faces = torch.stack([torch.rand(cfg.fc_units), self.blank, torch.rand(cfg.fc_units)])
        self.h = torch.randn(3, cfg.gru_units)

    def test_only_steps_that_show_a_face_are_taught(self):
        got = face_distillation(self.model, self.h, self.faces, self.blank, self.teacher)
        shown = [0, 2]
        with torch.no_grad():
            expected = distillation_loss(self.model.head.linear(self.h[shown])[:, EXPR], self.teacher.head(self.faces[shown])[:, EXPR], 2.0)
        self.assertAlmostEqual(float(got), float(expected), places=6)
        self.assertGreater(float(got), 0.0)
        only_blank = face_distillation(self.model, self.h[1:2], self.faces[1:2], self.blank, self.teacher)
        self.assertEqual(float(only_blank), 0.0)

    def test_zero_when_the_student_says_what_the_teacher_says(self):
        with torch.no_grad():  # an output layer equal to the teacher's, fed the same vectors
            self.teacher.head.weight[:, : self.h.shape[1]] = self.model.head.linear.weight
            self.teacher.head.weight[:, self.h.shape[1] :] = 0
            self.teacher.head.bias[:] = self.model.head.linear.bias
        faces = torch.cat([self.h, torch.ones(3, self.faces.shape[1] - self.h.shape[1])], 1)
        self.assertAlmostEqual(float(face_distillation(self.model, self.h, faces, self.blank, self.teacher)), 0.0, places=6)

    def test_the_teacher_is_not_trained(self):
        loss = face_distillation(self.model, self.h, self.faces, self.blank, self.teacher)
        loss.backward()
        self.assertIsNone(self.teacher.head.weight.grad)
        self.assertIsNotNone(self.model.head.linear.weight.grad)


class FaceTeacherRunTest(unittest.TestCase):
    def test_a_run_with_the_teacher_says_so_and_does_not_resume_a_run_without(self):
        folder, cache = temporary_cache(self)
        args = ["--cache", cache, "--ferplus-votes", cache, *TINY_ARGS]
        out = os.path.join(folder, "taught")
        main([*args, "--out", out, "--face-teacher-weight", "1"])
        with open(os.path.join(out, "provenance.json")) as f:
            self.assertIn("phase-1 head on face steps (knowledge distillation, weight 1, temperature 2)", json.load(f)["notes"])
        with open(os.path.join(out, "report.json")) as f:
            self.assertEqual(json.load(f)["recurrent"]["softmax"]["faceTeacher"]["weight"], 1.0)
        with self.assertRaises(CheckpointMismatch):  # the same checkpoints, now without the teacher
            main([*args, "--out", out, "--face-teacher-weight", "0"])

    def test_refused_where_there_is_no_phase_1_head_or_a_bad_weight(self):
        for bad in (["--from-model", "public/models/x", "--face-teacher-weight", "1"], ["--face-teacher-weight", "nan"],
                    ["--face-teacher-weight", "-1"], ["--face-teacher-weight", "1", "--face-teacher-temperature", "0"]):
            with self.assertRaises(SystemExit, msg=bad):
                parse_args(bad)


if __name__ == "__main__":
    unittest.main()
