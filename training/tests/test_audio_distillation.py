"""Knowledge distillation of the audio stream (audio.Teacher, losses.distillation_loss) on hand-computed cases."""
import json
import math
import os
import sys
import tempfile
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from affectscope_train.audio import Teacher  # noqa: E402
from affectscope_train.fit import CheckpointMismatch  # noqa: E402
from affectscope_train.train import main, parse_args  # noqa: E402
from synthetic import TINY_ARGS, temporary_cache  # noqa: E402
from affectscope_train.losses import distillation_loss  # noqa: E402
from affectscope_train.model import Config  # noqa: E402
from affectscope_train.stream import audio_stream  # noqa: E402


class DistillationLossTest(unittest.TestCase):
    def test_zero_when_the_student_matches(self):
        logits = torch.tensor([[0.3, -1.0, 2.0], [1.0, 1.0, 0.0]])
        self.assertAlmostEqual(float(distillation_loss(logits, logits, 2.0)), 0.0, places=6)

    def test_kl_at_temperature_scaled_by_t_squared(self):
        # teacher [0, ln 3] → (1/4, 3/4); student [0, 0] → (1/2, 1/2); KL = 1/4 ln(1/2) + 3/4 ln(3/2)
        kl = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)
        teacher, student = torch.tensor([[0.0, math.log(3)]]), torch.zeros(1, 2)
        self.assertAlmostEqual(float(distillation_loss(student, teacher, 1.0)), kl, places=6)
        # at T = 2 the teacher's logits doubled give the same distributions, and the loss is 2² times as large
        self.assertAlmostEqual(float(distillation_loss(student, 2 * teacher, 2.0)), 4 * kl, places=5)


class ProvenanceTest(unittest.TestCase):
    def test_a_whole_run_names_its_audio_teacher(self):
        from types import SimpleNamespace

        from affectscope_train.export import training_note

        timings = {"visualSeconds": 60.0, "audioSeconds": 120.0, "recurrent_softmaxSeconds": 30.0}
        args = SimpleNamespace(from_model="", threads=2, audio_teacher="/somewhere/audio.epoch.pt",
                               audio_teacher_source="phase-2 stream of width 0.25, weights 0123456789abcdef")
        note = training_note(timings, args)
        self.assertTrue(note.startswith("Trained by affectscope (npm run train) on 2 CPU threads: visual stream 1 min, audio stream 2 min"), note)
        self.assertIn("audio stream distilled from a phase-2 stream of width 0.25, weights 0123456789abcdef; ", note)
        self.assertNotIn("/somewhere", note)
        args.audio_teacher, args.audio_teacher_source = "", ""
        self.assertNotIn("distilled", training_note(timings, args))


class TeacherTest(unittest.TestCase):
    def test_loads_a_phase_2_checkpoint_of_another_width_frozen_in_eval_mode(self):
        torch.manual_seed(0)
        cfg = Config(width_multiplier=0.0625, context_frames=16, freq_bins=32)
        stream = audio_stream(cfg).eval()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "audio.epoch.pt")
            torch.save({"key": json.dumps({"phase": "audio", "config": cfg.to_manifest()}), "model": stream.state_dict()}, path)
            teacher = Teacher.load(path, 0.5, 2.0)
        x = torch.rand(3, 1, 16, 32) * 2 - 1
        with torch.no_grad():
            self.assertTrue(torch.equal(teacher.stream(x), stream(x)))
        self.assertFalse(teacher.stream.training)
        self.assertFalse(any(p.requires_grad for p in teacher.stream.parameters()))
        self.assertRegex(teacher.source, r"^phase-2 stream of width 0\.0625, weights [0-9a-f]{16}$")

    def test_a_narrower_stream_trains_with_a_wider_teacher(self):
        folder, cache = temporary_cache(self)
        run = lambda out, *extra: main(["--cache", cache, *TINY_ARGS, "--only-audio", "--out", os.path.join(folder, out), *extra])
        run("wide", "--width", "0.0625", "--audio-teacher-width", "0")  # itself taught by no one
        teacher = os.path.join(cache, "checkpoints", "wide", "audio.epoch.pt")
        run("taught", "--audio-teacher", teacher, "--audio-teacher-weight", "0.7")
        with open(os.path.join(folder, "taught", "audio-report.json")) as f:
            report = json.load(f)["audioStream"]
        self.assertEqual({k: report["teacher"][k] for k in ("weight", "temperature")}, {"weight": 0.7, "temperature": 2.0})
        self.assertTrue(report["teacher"]["source"].startswith("phase-2 stream of width 0.0625"))
        key = json.loads(torch.load(os.path.join(cache, "checkpoints", "taught", "audio.epoch.pt"))["key"])
        self.assertEqual(key["config"]["widthMultiplier"], 0.03125)  # the student keeps its own width
        self.assertEqual(key["teacher"][1:], [0.7, 2.0])  # and a checkpoint taught otherwise is never resumed

    def test_one_command_trains_the_teacher_first_then_resumes_both(self):
        folder, cache = temporary_cache(self)
        argv = ["--cache", cache, *TINY_ARGS, "--only-audio", "--out", os.path.join(folder, "one"), "--audio-teacher-width", "0.0625"]
        main(argv)
        checkpoints = os.path.join(cache, "checkpoints", "one")
        teacher_path = os.path.join(checkpoints, "audio-teacher", "audio.epoch.pt")
        self.assertEqual(json.loads(torch.load(teacher_path)["key"])["config"]["widthMultiplier"], 0.0625)
        with open(os.path.join(folder, "one", "audio-report.json")) as f:
            report = json.load(f)
        self.assertEqual(report["audioStream"]["teacherStream"]["width"], 0.0625)
        self.assertEqual(len(report["audioStream"]["teacherStream"]["history"]), 2)
        self.assertGreater(report["timings"]["audioTeacherSeconds"], 0)
        source = Teacher.load(teacher_path, 0.5, 2.0).source
        self.assertEqual(report["audioStream"]["teacher"]["source"], source)  # the student learned from that teacher
        student = torch.load(os.path.join(checkpoints, "audio.epoch.pt"))
        self.assertEqual(json.loads(student["key"])["teacher"][0], source)
        main(argv)  # again: both phases are taken as finished, nothing is trained again
        again = torch.load(os.path.join(checkpoints, "audio.epoch.pt"))
        self.assertTrue(all(torch.equal(student["model"][k], again["model"][k]) for k in student["model"]))
        self.assertEqual(Teacher.load(teacher_path, 0.5, 2.0).source, source)

    def test_an_audio_stream_trained_without_a_teacher_is_refused_before_the_teacher_trains(self):
        folder, cache = temporary_cache(self)
        argv = ["--cache", cache, *TINY_ARGS, "--only-audio", "--out", os.path.join(folder, "old")]
        main([*argv, "--audio-teacher-width", "0"])  # as a run from before the default teacher
        with self.assertRaisesRegex(CheckpointMismatch, "--audio-teacher-width 0"):
            main([*argv, "--audio-teacher-width", "0.0625"])
        self.assertFalse(os.path.exists(os.path.join(cache, "checkpoints", "old", "audio-teacher")))


class RecipeDefaultsTest(unittest.TestCase):
    """`npm run train` alone is the shipped recipe (MODEL_CARD.md, "Training"); each part is off where it cannot apply."""

    def settings(self, *argv):
        args = parse_args(list(argv))
        return args.fer2013_label_votes, args.face_teacher_weight, args.audio_teacher_width

    def test_the_shipped_recipe_by_default(self):
        self.assertEqual(self.settings(), (6.0, 1.0, 0.25))

    def test_off_where_it_cannot_apply(self):
        self.assertEqual(self.settings("--from-model", "m"), (6.0, 0.0, 0.0))  # no phase-1 head; the model's own audio stream
        self.assertEqual(self.settings("--labels", "fer2013"), (0.0, 1.0, 0.25))  # FER2013's labels are the target already
        self.assertEqual(self.settings("--ferplus-votes", ""), (0.0, 1.0, 0.25))
        self.assertEqual(self.settings("--abaw", "a"), (0.0, 1.0, 0.25))
        self.assertEqual(self.settings("--audio-teacher", "t.pt")[2], 0.0)  # a teacher trained already
        self.assertEqual(self.settings("--only-audio", "--width", "0.25")[2], 0.0)  # no teacher as wide as its student
        self.assertEqual(self.settings("--only-visual")[2], 0.0)

    def test_each_can_be_set_or_turned_off(self):
        self.assertEqual(self.settings("--fer2013-label-votes", "0", "--face-teacher-weight", "0", "--audio-teacher-width", "0"), (0.0, 0.0, 0.0))
        self.assertEqual(self.settings("--fer2013-label-votes", "3", "--audio-teacher-width", "0.5"), (3.0, 1.0, 0.5))
        for bad in (["--audio-teacher", "t.pt", "--audio-teacher-width", "0.25"], ["--audio-teacher-width", "nan"], ["--audio-teacher-width", "-1"],
                    ["--audio-teacher-width", "inf"], ["--audio-teacher-width", "0.125"], ["--audio-width", "0.25", "--audio-teacher-width", "0.25"],
                    ["--only-visual", "--audio-teacher-width", "0.25"], ["--labels", "fer2013", "--fer2013-label-votes", "6"],
                    ["--ferplus-votes", "", "--fer2013-label-votes", "3"], ["--fer2013-label-votes", "-1"], ["--fer2013-label-votes", "nan"]):
            with self.assertRaises(SystemExit, msg=bad):
                parse_args(bad)


if __name__ == "__main__":
    unittest.main()
