"""held_face scores what the whole network computes when one photo is shown for T steps."""
import unittest

import numpy as np
import torch

from affectscope_train.held_face import held_face_accuracy
from affectscope_train.model import NUM_AU, NUM_VA, AvMtVggRnn, Config


class HeldFaceTest(unittest.TestCase):
    def test_matches_the_full_network_on_repeated_frames(self):
        torch.manual_seed(0)
        cfg = Config(width_multiplier=0.0625, context_frames=16, freq_bins=32)
        model = AvMtVggRnn(cfg).eval()
        s = cfg.crop_size_px
        faces = torch.rand(6, 3, s, s) * 2 - 1
        empty = torch.full((1, 1, cfg.context_frames, cfg.freq_bins), -1.0)
        with torch.no_grad():
            fc_faces = model.visual(faces).numpy()
            silence = model.audio(empty)[0].numpy()
            for steps in (1, 4):
                full = model(faces[:, None].expand(-1, steps, -1, -1, -1), empty[None].expand(6, steps, -1, -1, -1))
                pred = full[:, -1, NUM_VA + NUM_AU :].argmax(1).numpy()
                labels = {"right": pred, "wrong": (pred + 1) % 7, "half": np.where(np.arange(6) < 3, pred, -1)}
                got = held_face_accuracy(model, fc_faces, silence, labels, steps)
                self.assertEqual(got, {"right": 1.0, "wrong": 0.0, "half": 1.0})


if __name__ == "__main__":
    unittest.main()
