"""Mixup's targets (audio.mix_targets): expression distributions and VA blended with the same weight as the inputs."""
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.audio import mix_targets  # noqa: E402
from affectscope_train.losses import Targets  # noqa: E402


class MixTargetsTest(unittest.TestCase):
    def test_blends_expressions_and_va_with_the_partner_row(self):
        expr = torch.tensor([[1.0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1.0, 0, 0]])
        va = torch.tensor([[0.0, 0.0], [0.8, 0.5]])
        targets = Targets(expr, torch.ones(2, dtype=torch.bool), torch.zeros(2, 8), torch.zeros(2, 8, dtype=torch.bool), va,
                          torch.ones(2, dtype=torch.bool))
        mixed = mix_targets(targets, torch.tensor([1, 0]), 0.75)
        # row 0: 0.75 · neutral + 0.25 · happiness; row 1 the other way round
        self.assertTrue(torch.allclose(mixed.expr[0], torch.tensor([0.75, 0, 0, 0, 0.25, 0, 0])))
        self.assertTrue(torch.allclose(mixed.expr[1], torch.tensor([0.25, 0, 0, 0, 0.75, 0, 0])))
        self.assertTrue(torch.allclose(mixed.va, torch.tensor([[0.2, 0.125], [0.6, 0.375]])))
        self.assertTrue(torch.allclose(mixed.expr.sum(1), torch.ones(2)))
        # no AU target on speech, before or after
        self.assertFalse(bool(mixed.au_known.any()))


if __name__ == "__main__":
    unittest.main()
