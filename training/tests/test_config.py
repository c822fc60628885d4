"""Config (model.py) against AvModelConfig (src/model/config.ts): an audio stream wider than the visual one."""
import unittest

import torch

from affectscope_train.app_model import known_config
from affectscope_train.model import AvMtVggRnn, Config


class ConfigTest(unittest.TestCase):
    def test_one_width_reads_and_writes_as_before(self):
        cfg = Config(width_multiplier=0.125)
        self.assertEqual((cfg.audio_width_multiplier, cfg.audio_fc_units), (0.125, 512))
        self.assertEqual(cfg.to_manifest()["audio"], {"contextFrames": 64, "freqBins": 128})  # checkpoint keys unchanged
        self.assertEqual(cfg.audio_config(), cfg)

    def test_a_wider_audio_stream(self):
        cfg = Config(width_multiplier=0.125, audio_width_multiplier=0.25)
        self.assertEqual((cfg.fc_units, cfg.audio_fc_units), (512, 1024))
        manifest = cfg.to_manifest()
        self.assertEqual(manifest["audio"], {"contextFrames": 64, "freqBins": 128, "widthMultiplier": 0.25, "fcUnits": 1024})
        self.assertEqual(Config.from_manifest(manifest), cfg)
        # phase 2 trains the audio stream as a network of one width: the key of a --width 0.25 run
        self.assertEqual(cfg.audio_config().to_manifest(), Config(width_multiplier=0.25).to_manifest())
        model = AvMtVggRnn(cfg)
        self.assertEqual(model.audio.fc1.weight.shape, torch.Size([1024, 128 * 2 * 4]))
        self.assertEqual(model.audio_gru.weight_ih_l0.shape, torch.Size([384, 1024]))
        self.assertEqual(model.visual.fc1.weight.shape, torch.Size([512, 64 * 3 * 3]))
        self.assertEqual(sum(p.numel() for p in model.parameters()), 3_633_385)  # as param-spec.test.ts counts it

    def test_the_converters_spelled_out_audio_width_is_known(self):
        written = {**Config().to_manifest(), "audio": {"contextFrames": 64, "freqBins": 128, "widthMultiplier": 0.125, "fcUnits": 512}}
        self.assertEqual(Config.from_manifest(written), Config())
        self.assertTrue(known_config(written, Config.from_manifest(written).to_manifest()))
        self.assertFalse(known_config({**written, "dropout": 0.5}, Config().to_manifest()))


if __name__ == "__main__":
    unittest.main()
