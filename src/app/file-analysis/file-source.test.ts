import { describe, expect, it } from 'vitest';
import type { AudioChunk, VideoFileInfo, VideoFileReader } from '../../io/video-file';
import type { ToModelWorker } from '../../workers/protocol';
import { AUDIO_LEAD_MS, AUDIO_PRE_ROLL_MS, SoundtrackFeed } from './file-source';

type FileAudioMessage = Extract<ToModelWorker, { type: 'file-audio' }>;

const INFO: VideoFileInfo = {
  fileName: 'a.mp4', mimeType: 'video/mp4', byteLength: 1, durationMs: 600_000, widthPx: 64, heightPx: 64, codec: 'avc1', frameCount: 18_000,
  frameRateHz: 30, firstFrameTimeMs: 0, audioSampleRateHz: 44_100, audioCodec: 'mp4a.40.2', audioDecodable: true,
};

/** AAC-like packets: 1024 samples at 44.1 kHz (23.22 ms), their times stored in whole ms, each filled with its index. */
function reader(options: { packets: number; holeAfterPacket?: number; failAfterPacket?: number }, starts: number[]): VideoFileReader {
  const rateHz = 44_100;
  const packetMs = (1024 * 1000) / rateHz;
  return {
    info: INFO,
    async *frames() {},
    async *audio(startMs = 0): AsyncGenerator<AudioChunk, void, undefined> {
      starts.push(startMs);
      for (let p = Math.floor(startMs / packetMs); p < options.packets; p++) {
        if (p === options.failAfterPacket) throw new Error('corrupt packet');
        // a 100 ms hole in the middle: the packets after it are 100 ms late
        const late = options.holeAfterPacket !== undefined && p > options.holeAfterPacket ? 100 : 0;
        yield { timestampMs: Math.round(p * packetMs + late), samples: new Float32Array(1024).fill(p), sampleRateHz: rateHz };
      }
    },
    dispose: () => undefined,
  };
}

function feed(r: VideoFileReader): { feedUntil: SoundtrackFeed; sent: FileAudioMessage[] } {
  const sent: FileAudioMessage[] = [];
  const f = new SoundtrackFeed(r, (message) => { if (message.type === 'file-audio') sent.push(message); });
  return { feedUntil: f, sent };
}

const samplesOf = (sent: FileAudioMessage[]) => sent.reduce((n, m) => n + m.samples.length, 0);

describe('SoundtrackFeed', () => {
  it('posts the soundtrack a little ahead of the frames, not all of it; packet times rounded to ms do not tear it', async () => {
    const { feedUntil: f, sent } = feed(reader({ packets: 26_000 }, [])); // 10 minutes
    f.start(0);
    await f.feedUntil(1000);
    const secondsSent = samplesOf(sent) / 44_100;
    expect(secondsSent).toBeGreaterThanOrEqual((1000 + AUDIO_LEAD_MS) / 1000);
    expect(secondsSent).toBeLessThan((1000 + AUDIO_LEAD_MS + 600) / 1000);
    expect(sent[0].restartAtMs).toBe(0);
    expect(sent.slice(1).every((m) => m.restartAtMs === null && !m.last)).toBe(true);
    // every packet once, whole, in order: no sample added or cut at the rounded times
    const all = new Float32Array(samplesOf(sent));
    let at = 0;
    for (const m of sent) { all.set(m.samples, at); at += m.samples.length; }
    all.forEach((v, i) => { if (v !== Math.floor(i / 1024)) throw new Error(`sample ${i} is ${v}`); });
  });

  it('a hole in the soundtrack is silence, so later sound keeps its time; the end is marked', async () => {
    const { feedUntil: f, sent } = feed(reader({ packets: 200, holeAfterPacket: 99 }, []));
    f.start(0);
    await f.feedUntil(60_000);
    expect(sent.at(-1)!.last).toBe(true);
    const total = samplesOf(sent);
    // 200 packets and 100 ms of silence (4,410 samples)
    expect(Math.abs(total - (200 * 1024 + 4410))).toBeLessThanOrEqual(44);
    expect(f.status).toBe('decoded');
  });

  it('a seek restarts the sound before its point; a decoding failure ends it with a status, and no step waits', async () => {
    const starts: number[] = [];
    const { feedUntil: f, sent } = feed(reader({ packets: 26_000, failAfterPacket: 4000 }, starts));
    f.start(0);
    await f.feedUntil(0);
    f.start(60_000);
    await f.feedUntil(60_000);
    expect(starts).toEqual([0, 60_000 - AUDIO_PRE_ROLL_MS]);
    const restart = sent.find((m, i) => i > 0 && m.restartAtMs !== null)!;
    expect(Math.abs(restart.restartAtMs! - (60_000 - AUDIO_PRE_ROLL_MS))).toBeLessThan(24);
    f.start(90_000); // past the corrupt packet (at 92.9 s)
    await f.feedUntil(95_000);
    expect(sent.at(-1)!.last).toBe(true);
    expect(f.status).toMatch(/^decoded up to 1:3\d, then it failed \(corrupt packet\)/);
  });

  it('a backward seek posts the new stretch up to the lead at once (not only when the frames pass the old point)', async () => {
    const { feedUntil: f, sent } = feed(reader({ packets: 26_000 }, []));
    f.start(0);
    await f.feedUntil(120_000);
    const before = sent.length;
    f.start(10_000);
    await f.feedUntil(10_000);
    const after = sent.slice(before);
    expect(after[0].restartAtMs).not.toBeNull();
    const secondsSent = samplesOf(after) / 44_100;
    // from 3 s before the seek's point to 2 s past it
    expect(secondsSent).toBeGreaterThanOrEqual((AUDIO_PRE_ROLL_MS + AUDIO_LEAD_MS) / 1000);
    expect(secondsSent).toBeLessThan((AUDIO_PRE_ROLL_MS + AUDIO_LEAD_MS + 600) / 1000);
  });
});
