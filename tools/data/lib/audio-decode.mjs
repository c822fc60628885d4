// Decodes an audio file to mono float32 PCM at its own sample rate with ffmpeg (resampling to the model's
// rate is left to the page's StreamingResampler, src/app/pages/tools/clip-audio.ts, as in the live page).
// One ffmpeg process per file writing a float WAV to stdout: its header carries the rate (no ffprobe call;
// process start-up dominates on this machine).
import { execFile } from 'node:child_process';

/** Parses ffmpeg's streamed float32 mono WAV; the data chunk runs to the end (a pipe cannot be seeked back to fill in sizes). */
export function parseFloatWav(bytes, what = 'wav') {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${what}: expected a RIFF/WAVE stream from ffmpeg`);
  let offset = 12;
  let sampleRateHz = 0, channels = 0, bits = 0;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ') {
      channels = view.getUint16(offset + 10, true);
      sampleRateHz = view.getUint32(offset + 12, true);
      bits = view.getUint16(offset + 22, true);
    } else if (id === 'data') {
      if (channels !== 1 || bits !== 32) throw new Error(`${what}: expected mono float32 PCM, got ${channels} channels of ${bits} bits`);
      const start = offset + 8;
      const length = Math.floor((bytes.length - start) / 4);
      return { pcm: new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + length * 4)), sampleRateHz };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error(`${what}: no data chunk in ffmpeg's output`);
}

/** {pcm: Float32Array ∈ [-1, 1], sampleRateHz} of the first audio stream, channels averaged (ffmpeg -ac 1). */
export function decodeAudioFile(path) {
  return new Promise((resolve, reject) => {
    execFile('ffmpeg', ['-v', 'error', '-nostdin', '-i', path, '-map', '0:a:0', '-f', 'wav', '-acodec', 'pcm_f32le', '-ac', '1', '-'], { encoding: 'buffer', maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${path}: ffmpeg could not decode it (${String(stderr).trim() || error.message})`));
        return;
      }
      try {
        resolve(parseFloatWav(new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength), path));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

/** Decodes `paths` with up to `concurrency` ffmpeg processes at once, yielding results in order. */
export async function* decodeAudioFiles(paths, concurrency = 4) {
  const pending = [];
  let next = 0;
  const fill = () => {
    while (pending.length < concurrency && next < paths.length) {
      const promise = decodeAudioFile(paths[next++]);
      promise.catch(() => {}); // rejected promises are awaited in order below
      pending.push(promise);
    }
  };
  fill();
  while (pending.length > 0) {
    const result = await pending.shift();
    fill();
    yield result;
  }
}
