"""Python's audio window builder equals the app's contextWindowAt (TS) on the fixture prepare-data writes."""
import json
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from affectscope_train.data import load_ravdess  # noqa: E402
from affectscope_train.targets import AU_PRIORS, ACTION_UNITS, EXPRESSIONS, parse_ravdess_name  # noqa: E402

CACHE = os.environ.get("AFFECTSCOPE_TRAINING_CACHE", os.path.join(os.path.dirname(__file__), "..", "cache"))


class AudioWindowParity(unittest.TestCase):
    @unittest.skipUnless(os.path.exists(os.path.join(CACHE, "parity_audio_windows.json")), "run `npm run prepare-data -- audio` first")
    def test_windows_equal_typescript(self):
        fixture = json.load(open(os.path.join(CACHE, "parity_audio_windows.json")))
        expected = np.load(os.path.join(CACHE, "parity_audio_windows.npy"))
        data = load_ravdess(CACHE, fixture["contextFrames"])
        by_name = {c.file: c for c in data.clips}
        for i, name in enumerate(fixture["files"]):
            got = data.windows(by_name[name], np.array(fixture["timesMs"]))
            np.testing.assert_array_equal(got, expected[i])


class Targets(unittest.TestCase):
    def test_du_2014_priors(self):
        row = dict(zip(ACTION_UNITS, AU_PRIORS[EXPRESSIONS.index("Happiness")]))
        np.testing.assert_allclose([row[12], row[25], row[6], row[4]], [1.0, 1.0, 0.51, 0.0], rtol=1e-6)
        self.assertTrue((AU_PRIORS[EXPRESSIONS.index("Neutral")] == 0).all())

    def test_ravdess_names(self):
        fields = parse_ravdess_name("03-01-02-02-01-02-17.flac")
        self.assertEqual((fields["emotion"], fields["intensity"], fields["actor"], fields["expression"]), (2, 2, 17, 0))
        self.assertEqual(parse_ravdess_name("03-01-07-01-01-01-01.flac")["expression"], EXPRESSIONS.index("Disgust"))


if __name__ == "__main__":
    unittest.main()
