// `prepare-data audio`: speech clips → ffmpeg decode → the page's resampler + clipSpectrogram (bundled TypeScript,
// in Node) with the model's input.audio options, written as .npy + index under training/cache.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { decodeAudioFile, decodeAudioFiles } from './audio-decode.mjs';
import { log } from './face-runner.mjs';
import { encodeNpy } from './npy.mjs';
import { ROOT } from './tools-browser.mjs';
import { loadToolsNodeModule } from './tools-node.mjs';
import { CACHE, EXPRESSIONS, writeAtomic } from './training-cache.mjs';

export async function audioCommand(inputs, options) {
  const folder = inputs[0] ?? resolve(ROOT, '../shared/data/ravdess16k');
  const outPrefix = resolve(options.out ?? join(CACHE, 'ravdess'));
  const tools = await loadToolsNodeModule();
  const files = tools.listAudioFiles(folder);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'public/models', options.model ?? 'av-mt-vgg-rnn-lite-init', 'manifest.json'), 'utf8'));
  const { contextFrames, ...spectrogramOptions } = manifest.input.audio;
  const checked = tools.validateSpectrogramOptions(spectrogramOptions);
  const clips = [];
  const frames = [];
  let total = 0;
  const startedMs = Date.now();
  let dspMs = 0;
  const infos = files.map((file) => tools.parseRavdessName(basename(file))); // fail fast on a stray name
  let i = 0;
  for await (const { pcm, sampleRateHz } of decodeAudioFiles(files.map((file) => join(folder, file)))) {
    const file = files[i], info = infos[i];
    const t1 = Date.now();
    const clip = tools.clipFeatures(pcm, sampleRateHz, checked);
    dspMs += Date.now() - t1;
    clips.push({ file, offset: total, count: clip.frames.length, durationMs: (pcm.length * 1000) / sampleRateHz, sourceRateHz: sampleRateHz, ...info });
    frames.push(...clip.frames);
    total += clip.frames.length;
    i++;
    if (i % 100 === 0 || i === files.length) log(`audio: ${i}/${files.length} clips (${(i / ((Date.now() - startedMs) / 1000)).toFixed(1)} clips/s)`);
  }
  const seconds = (Date.now() - startedMs) / 1000;
  const matrix = new Float32Array(total * checked.freqBins);
  frames.forEach((frame, i) => matrix.set(frame, i * checked.freqBins));
  const hopSamples = tools.hopLengthSamples(checked), windowSamples = tools.windowLengthSamples(checked);
  writeAtomic(`${outPrefix}_frames.npy`, encodeNpy(matrix, [total, checked.freqBins]));
  const index = {
    type: 'affectscope-audio-cache',
    version: 1,
    source: resolve(folder),
    spectrogram: checked,
    contextFrames,
    hopMs: (hopSamples * 1000) / checked.sampleRateHz,
    windowMs: (windowSamples * 1000) / checked.sampleRateHz,
    hopSamples,
    windowSamples,
    frameEndMs: `frame i of a clip (row offset + i of ${basename(outPrefix)}_frames.npy) ends at (i · ${hopSamples} + ${windowSamples}) · 1000 / ${checked.sampleRateHz} ms from the clip start; the model input at video time t is the last ${contextFrames} frames with end ≤ t, oldest first, −1-padded at the start (core/audio contextWindowAt)`,
    emotionCodes: { 1: 'neutral', 2: 'calm', 3: 'happy', 4: 'sad', 5: 'angry', 6: 'fearful', 7: 'disgust', 8: 'surprised' },
    emotionToAbaw: tools.RAVDESS_TO_ABAW,
    abawClasses: EXPRESSIONS,
    clips,
    timing: { seconds, clipsPerSecond: files.length / seconds, dspMs, note: 'ffmpeg decode (4 processes at once) + DSP in Node; shared 2-core machine' },
    createdAt: new Date().toISOString(),
  };
  writeAtomic(`${outPrefix}_index.json`, JSON.stringify(index, null, 1));
  await writeParityFixture(tools, folder, files.slice(0, 2), checked, contextFrames, dirname(outPrefix));
  const summary = { clips: files.length, frames: total, seconds, clipsPerSecond: files.length / seconds, prefix: outPrefix };
  if (!options.out) writeAtomic(join(CACHE, 'READY-audio'), JSON.stringify(summary, null, 2));
  return summary;
}

/** contextWindowAt of two clips at 0, 500 and 1234.5 ms, for testing the Python window builder against the TS one. */
async function writeParityFixture(tools, folder, files, options, contextFrames, outDir) {
  const timesMs = [0, 500, 1234.5];
  const windows = new Float32Array(files.length * timesMs.length * contextFrames * options.freqBins);
  let k = 0;
  for (const file of files) {
    const { pcm, sampleRateHz } = await decodeAudioFile(join(folder, file));
    const clip = tools.clipFeatures(pcm, sampleRateHz, options);
    for (const t of timesMs) windows.set(tools.contextWindowAt(clip, t, contextFrames), (k++) * contextFrames * options.freqBins);
  }
  writeAtomic(join(outDir, 'parity_audio_windows.npy'), encodeNpy(windows, [files.length, timesMs.length, contextFrames, options.freqBins]));
  writeAtomic(join(outDir, 'parity_audio_windows.json'), JSON.stringify({
    array: 'parity_audio_windows.npy float32 (clips, times, contextFrames, freqBins)', files, timesMs, contextFrames, spectrogram: options,
  }, null, 2));
}
