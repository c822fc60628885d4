"""The speech augmentation's frequency and time warps move a tone and an onset where a speaker with another vocal
tract or speaking rate would put them, and fill with silence, on hand-computed cases."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.augment import augment_spectrograms, warp_by  # noqa: E402

T, F_BINS = 64, 128


def tone(bin_index: int) -> torch.Tensor:
    x = torch.full((1, 1, T, F_BINS), -1.0)
    x[..., bin_index] = 1.0
    return x


class WarpBy(unittest.TestCase):
    def test_factor_one_is_the_identity(self):
        x = torch.rand(3, 1, T, F_BINS) * 2 - 1
        torch.testing.assert_close(warp_by(x, torch.ones(3), torch.ones(3)), x, atol=1e-4, rtol=0)

    def test_a_frequency_factor_moves_a_tone_about_0_hz(self):
        up = warp_by(tone(40), torch.tensor([1.1]), torch.ones(1))[0, 0, 10]
        self.assertEqual(int(up.argmax()), 44)  # bin 40 · 1.1
        down = warp_by(tone(40), torch.tensor([0.9]), torch.ones(1))[0, 0, 10]
        self.assertEqual(int(down.argmax()), 36)
        # the top bins of a lowered spectrum come from above the input's last bin: silence
        self.assertEqual(float(warp_by(torch.ones(1, 1, T, F_BINS), torch.tensor([0.9]), torch.ones(1))[0, 0, 0, -1]), -1.0)

    def test_a_time_factor_stretches_about_the_newest_frame(self):
        x = torch.full((1, 1, T, F_BINS), -1.0)
        x[:, :, 53] = 1.0  # an onset 10 frames before the newest
        slower = warp_by(x, torch.ones(1), torch.tensor([1.2]))[0, 0, :, 0]
        self.assertEqual(int(slower.argmax()), 51)  # 63 − 10 · 1.2
        self.assertAlmostEqual(float(slower[63]), -1.0)
        # faster speech: the window holds more of it, and its oldest frames come from before the input's, silence
        faster = warp_by(torch.ones(1, 1, T, F_BINS), torch.ones(1), torch.tensor([0.8]))[0, 0, :, 0]
        self.assertEqual(float(faster[0]), -1.0)
        self.assertEqual(float(faster[63]), 1.0)


class DefaultRecipe(unittest.TestCase):
    def test_without_warps_the_augmentation_draws_as_before(self):
        x = torch.rand(4, 1, T, F_BINS) * 2 - 1
        a = augment_spectrograms(x, torch.Generator().manual_seed(3))
        b = augment_spectrograms(x, torch.Generator().manual_seed(3), 0.0, 0.0)
        torch.testing.assert_close(a, b)


if __name__ == "__main__":
    unittest.main()
