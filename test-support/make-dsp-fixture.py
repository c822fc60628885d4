#!/usr/bin/python3
"""Independent reference for src/core/audio (numpy/scipy), written to
src/core/audio/fixtures/dsp_fixture.json.

Paper pre-processing (Kollias & Zafeiriou 2019, section 3): spectrogram frames over a 33 ms
window with 11 ms overlap (hop 22 ms), intensities scaled to [-1, 1]. At 16 kHz: window 528
samples, hop 352, periodic Hann (scipy.signal.get_window), rfft of length 1024, 128 output
bins = means of groups of 4 FFT bins, dB re sum(window)/2, [-80, 0] dB -> [-1, 1].

Run: /usr/bin/python3 test-support/make-dsp-fixture.py
"""
import json
import os

import numpy as np
from scipy.signal import get_window

RATE_HZ = 16000
DURATION_S = 0.2
WINDOW = round(33 * RATE_HZ / 1000)
HOP = round((33 - 11) * RATE_HZ / 1000)
FFT_SIZE = 1024
FREQ_BINS = 128
MIN_DB, MAX_DB = -80.0, 0.0
MAG_FRAMES = 2  # magnitude spectra stored per signal
UNIT_FRAMES = 4  # [-1, 1] frames stored per signal
NOISE_SEED = 20190101


def signals():
    n = int(RATE_HZ * DURATION_S)
    t = np.arange(n) / RATE_HZ
    impulse = np.zeros(n)
    impulse[WINDOW // 2] = 1.0
    noise = np.random.default_rng(NOISE_SEED).uniform(-0.5, 0.5, n)
    return {
        # TS regenerates the deterministic ones from these formulas; noise samples are stored
        'sine1k': {'formula': 'sin(2*pi*1000*t)', 'x': np.sin(2 * np.pi * 1000 * t)},
        'mix440_3k': {'formula': '0.5*sin(2*pi*440*t) + 0.25*sin(2*pi*3000*t)',
                      'x': 0.5 * np.sin(2 * np.pi * 440 * t) + 0.25 * np.sin(2 * np.pi * 3000 * t)},
        'impulse': {'formula': f'x[{WINDOW // 2}] = 1, else 0', 'x': impulse},
        'noise': {'formula': f'numpy default_rng({NOISE_SEED}).uniform(-0.5, 0.5)', 'x': noise, 'store': True},
    }


def main():
    window = get_window('hann', WINDOW)  # periodic
    reference = window.sum() / 2
    group = (FFT_SIZE // 2) // FREQ_BINS
    out = {
        'description': 'numpy/scipy reference for src/core/audio; see test-support/make-dsp-fixture.py',
        'sampleRateHz': RATE_HZ, 'windowLength': WINDOW, 'hopLength': HOP, 'fftSize': FFT_SIZE,
        'freqBins': FREQ_BINS, 'minDb': MIN_DB, 'maxDb': MAX_DB,
        'signalLength': int(RATE_HZ * DURATION_S),
        'window': [float(v) for v in window[:8]],
        'windowSum': float(window.sum()),
        'signals': {},
    }
    for name, spec in signals().items():
        x = spec['x'].astype(np.float32).astype(np.float64)  # the TS side works from float32 samples
        frames = 1 + (len(x) - WINDOW) // HOP
        mags, units = [], []
        for f in range(frames):
            seg = x[f * HOP: f * HOP + WINDOW] * window
            mag = np.abs(np.fft.rfft(seg, n=FFT_SIZE))
            pooled = mag[: FREQ_BINS * group].reshape(FREQ_BINS, group).mean(axis=1)
            db = 20 * np.log10(pooled / reference + 1e-10)
            unit = np.clip((db - MIN_DB) / (MAX_DB - MIN_DB) * 2 - 1, -1, 1)
            if f < MAG_FRAMES:
                mags.append([float(f'{v:.7g}') for v in mag])
            if f < UNIT_FRAMES:
                units.append([float(f'{v:.7g}') for v in unit])
        entry = {'formula': spec['formula'], 'frameCount': frames, 'magnitude': mags, 'unit': units}
        if spec.get('store'):
            needed = WINDOW + (UNIT_FRAMES - 1) * HOP
            entry['samples'] = [float(f'{v:.9g}') for v in spec['x'][:needed].astype(np.float32)]  # 9 digits round-trip float32
        out['signals'][name] = entry
    path = os.path.join(os.path.dirname(__file__), '..', 'src', 'core', 'audio', 'fixtures', 'dsp_fixture.json')
    with open(path, 'w') as fh:
        json.dump(out, fh, separators=(',', ':'))
        fh.write('\n')
    print(f'wrote {os.path.normpath(path)} ({os.path.getsize(path)} bytes)')


if __name__ == '__main__':
    main()
