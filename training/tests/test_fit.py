"""Resumable training: a tiny run interrupted inside a phase and started again ends with the same weights, report and
history as one that was never interrupted; a checkpoint made with other settings is refused."""
import json
import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from affectscope_train import fit as fit_module  # noqa: E402
from affectscope_train import recurrent, visual  # noqa: E402
from affectscope_train.train import main  # noqa: E402
from synthetic import TINY_ARGS, write_cache  # noqa: E402


class Interrupted(Exception):
    pass


def interrupting_fit(after_epochs: int):
    """fit() that stops the process (an exception) once `after_epochs` epochs of this run are checkpointed."""

    def run(phase, checkpoint_dir, on_epoch_end=None):
        done = []

        def stop(epoch, entry):
            done.append(epoch)
            if len(done) == after_epochs:
                raise Interrupted(f"{phase.name} after epoch {epoch + 1}")

        return fit_module.fit(phase, checkpoint_dir, stop)

    return run


def without_seconds(history):
    return [{k: v for k, v in h.items() if k != "seconds"} for h in history]


class ResumableTraining(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.cache = os.path.join(cls.dir, "cache")
        write_cache(cls.cache)
        # 3 visual epochs, so that one stop falls between two of them.
        cls.args = ["--cache", cls.cache, "--ferplus-votes", cls.cache, "--labels", "ferplus-prob", *TINY_ARGS, "--visual-epochs", "3"]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def run_to(self, name: str) -> str:
        out = os.path.join(self.dir, name)
        main([*self.args, "--out", out])
        return out

    def read(self, out: str):
        with open(os.path.join(out, "model.safetensors"), "rb") as f:
            weights = f.read()
        with open(os.path.join(out, "report.json")) as f:
            report = json.load(f)
        return weights, report

    def test_interrupted_run_resumes_to_the_same_result(self):
        straight = self.read(self.run_to("straight"))
        out = os.path.join(self.dir, "interrupted")
        with mock.patch.object(visual, "fit", interrupting_fit(1)):
            with self.assertRaises(Interrupted):
                main([*self.args, "--out", out])
        with mock.patch.object(visual, "fit", interrupting_fit(1)):  # resumes after epoch 1, stops after epoch 2
            with self.assertRaises(Interrupted):
                main([*self.args, "--out", out])
        with mock.patch.object(recurrent, "fit", interrupting_fit(1)):
            with self.assertRaises(Interrupted):
                main([*self.args, "--out", out])
        self.assertFalse(os.path.exists(os.path.join(out, "model.safetensors")))
        resumed = self.read(self.run_to("interrupted"))
        self.assertEqual(straight[0], resumed[0], "weights differ after resuming")
        for phase in ("visualStream", "audioStream"):
            self.assertEqual(without_seconds(straight[1][phase]["history"]), without_seconds(resumed[1][phase]["history"]))
            self.assertEqual(len(resumed[1][phase]["history"]), {"visualStream": 3, "audioStream": 2}[phase])
        self.assertEqual(straight[1]["recurrent"]["arcface"]["faces"], resumed[1]["recurrent"]["arcface"]["faces"])

    def test_a_checkpoint_of_other_settings_is_refused(self):
        out = os.path.join(self.dir, "other")
        with mock.patch.object(visual, "fit", interrupting_fit(1)):
            with self.assertRaises(Interrupted):
                main([*self.args, "--out", out])
        with self.assertRaises(fit_module.CheckpointMismatch):
            main([*self.args, "--out", out, "--labels", "ferplus-ce"])


if __name__ == "__main__":
    unittest.main()
