#!/usr/bin/env node
/**
 * Export and re-import of a long synthetic session through the streamed zip writer and reader (issue 12
 * item 1): frames made on the fly (956 landmark values each) are written with writeSessionZip to a file
 * on disk, then read back by byte ranges with importSessionZipStream into a sink that checks sample frames
 * and counts. Prints JSON: seconds, peak heap/RSS/ArrayBuffers (process.memoryUsage sampled every batch),
 * zip size. The IndexedDB side (frame batches read by key range) is covered by src/io/session-store/streamed.test.ts.
 *
 * Options: --minutes=120 --fps=30 --media-mib=1100 (synthetic media; > 1 GiB by default) --out=PATH (default a temp file, deleted)
 */
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTypeScript } from '../tools/build/import-ts.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const minutes = Number(args.minutes ?? 120);
const fps = Number(args.fps ?? 30);
const mediaBytes = Math.round(Number(args['media-mib'] ?? 1100) * 1024 * 1024);
const out = args.out ?? join(tmpdir(), `affectscope-bench-export-${process.pid}.zip`);
const frameCount = Math.round(minutes * 60 * fps);
const BATCH_FRAMES = 16 * fps; // what SessionStore.frameBatches gives by default: 16 stored chunks of ~1 s
const MEDIA_CHUNK_BYTES = 1024 * 1024;

const m = await importTypeScript('bench/lib/export-entry.ts');

const peak = { heapUsedBytes: 0, rssBytes: 0, arrayBuffersBytes: 0 };
function sample() {
  const u = process.memoryUsage();
  peak.heapUsedBytes = Math.max(peak.heapUsedBytes, u.heapUsed);
  peak.rssBytes = Math.max(peak.rssBytes, u.rss);
  peak.arrayBuffersBytes = Math.max(peak.arrayBuffersBytes, u.arrayBuffers);
}

// One random MiB repeated: the content does not matter to the zip, only its size and hash.
const mediaPattern = Uint8Array.from({ length: MEDIA_CHUNK_BYTES }, () => Math.floor(Math.random() * 256));
function* mediaChunks() {
  for (let at = 0; at < mediaBytes; at += MEDIA_CHUNK_BYTES) {
    sample();
    yield mediaPattern.subarray(0, Math.min(MEDIA_CHUNK_BYTES, mediaBytes - at));
  }
}
function* frameBatches() {
  for (let k = 0; k < frameCount; k += BATCH_FRAMES) {
    sample();
    yield Array.from({ length: Math.min(BATCH_FRAMES, frameCount - k) }, (_, i) => m.syntheticFrame(k + i, fps));
  }
}
const mediaHash = new m.Sha256();
for (let at = 0; at < mediaBytes; at += MEDIA_CHUNK_BYTES) mediaHash.update(mediaPattern.subarray(0, Math.min(MEDIA_CHUNK_BYTES, mediaBytes - at)));
const mediaSha256 = mediaHash.digestHex();

const session = m.syntheticSessionHeader(frameCount, fps, mediaBytes);
const videoFrameTimesMs = Float64Array.from({ length: Math.floor((session.durationMs * fps) / 1000) }, (_, k) => (k * 1000) / fps);

// ─── export ───
const file = await open(out, 'w');
let t0 = performance.now();
const stats = await m.writeSessionZip({ session, frameBatches: frameBatches(), mediaChunks: mediaChunks() }, { appVersion: 'bench', videoFrameTimesMs }, async (bytes) => {
  await file.write(bytes);
});
await file.close();
const exportSeconds = (performance.now() - t0) / 1000;
const exportPeak = { ...peak };
Object.assign(peak, { heapUsedBytes: 0, rssBytes: 0, arrayBuffersBytes: 0 });

// ─── import ───
const input = await open(out, 'r');
const { size } = await input.stat();
const source = {
  size,
  read: async (offset, length) => {
    const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
    await input.read(buffer, 0, buffer.length, offset);
    return buffer;
  },
};
let framesRead = 0;
let mediaRead = 0;
let mismatches = 0;
const SAMPLE_EVERY = 9973; // a prime: samples land on every phase of the face-lost pattern
t0 = performance.now();
const imported = await m.importSessionZipStream(
  source,
  {
    begin: async () => undefined,
    media: async (bytes) => {
      mediaRead += bytes.length;
      sample();
    },
    frames: async (batch) => {
      for (let i = 0; i < batch.length; i++) {
        const k = framesRead + i;
        if (k % SAMPLE_EVERY === 0 || k === frameCount - 1) {
          if (JSON.stringify(batch[i]) !== JSON.stringify(m.syntheticFrame(k, fps))) mismatches++;
        }
      }
      framesRead += batch.length;
      sample();
    },
  },
);
const importSeconds = (performance.now() - t0) / 1000;
await input.close();
if (!args.out) await rm(out);

const MiB = 1024 * 1024;
const mib = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/Bytes$/, 'MiB'), Math.round(v / MiB)]));
console.log(
  JSON.stringify(
    {
      minutes,
      fps,
      frames: frameCount,
      landmarkValuesPerFrame: 956,
      mediaMiB: Math.round(mediaBytes / MiB),
      zipMiB: Math.round((stats.zipBytes / MiB) * 10) / 10,
      export: { seconds: Math.round(exportSeconds * 10) / 10, maxBatchFrames: stats.maxBatchFrames, peak: mib(exportPeak) },
      import: {
        seconds: Math.round(importSeconds * 10) / 10,
        frames: framesRead,
        mediaMiB: Math.round(mediaRead / MiB),
        sha256Matches: imported.session.media.sha256 === mediaSha256,
        sampledFramesDiffering: mismatches,
        peak: mib(peak),
      },
      node: process.version,
    },
    null,
    2,
  ),
);
