import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isComplete, listVideos, parseCli } from './analyze.mjs';

const dirs: string[] = [];
function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'affectscope-analyze-test-'));
  dirs.push(dir);
  for (const f of files) writeFileSync(join(dir, f), f);
  return dir;
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('affectscope analyze: arguments', () => {
  it('reads the input, --out and the options, with or without the "analyze" word', () => {
    const a = parseCli(['analyze', 'clip.mp4', '--out', 'res', '--chromium=/opt/chrome', '--backend', 'cpu', '--force']);
    expect(a).toMatchObject({ out: expect.stringMatching(/\/res$/), chromium: '/opt/chrome', backend: 'cpu', force: true });
    expect(a.inputs).toHaveLength(1);
    expect(parseCli(['clip.mp4', '--out=res']).backend).toBe('wasm');
  });

  it('refuses what it cannot run, saying why', () => {
    expect(() => parseCli(['clip.mp4'])).toThrow('--out <dir> is required');
    expect(() => parseCli(['--out', 'x'])).toThrow('expected one video file or folder');
    expect(() => parseCli(['a.mp4', 'b.mp4', '--out', 'x'])).toThrow('expected one video file or folder');
    expect(() => parseCli(['a.mp4', '--out', 'x', '--backend', 'tpu'])).toThrow('--backend: expected');
    expect(() => parseCli(['a.mp4', '--out', 'x', '--fast'])).toThrow('unknown option --fast');
    expect(() => parseCli(['a.mp4', '--out'])).toThrow('--out needs a value');
  });
});

describe('affectscope analyze: videos of a folder', () => {
  it('takes video extensions only, sorted; a stem shared by two files gets the extension', () => {
    const dir = folder(['b.mp4', 'a.webm', 'a.MOV', 'notes.txt', 'c d.mkv']);
    mkdirSync(join(dir, 'sub.mp4'));
    expect(listVideos(dir).map((v) => v.name)).toEqual(['a_mov', 'a_webm', 'b', 'c_d']);
  });

  it('a single file is taken whatever its extension', () => {
    const dir = folder(['clip.avi']);
    expect(listVideos(join(dir, 'clip.avi'))).toEqual([{ path: join(dir, 'clip.avi'), name: 'clip' }]);
  });
});

describe('affectscope analyze: complete results', () => {
  it('needs done.json for this very file (size, mtime) and model, and every output', () => {
    const input = folder(['clip.mp4']);
    const out = folder([]);
    const video = { path: join(input, 'clip.mp4'), name: 'clip' };
    const dir = join(out, 'clip');
    mkdirSync(dir);
    const outputs = ['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt'];
    for (const f of outputs) writeFileSync(join(dir, f), '');
    const stat = statSync(video.path);
    const marker = (over: object) => writeFileSync(join(dir, 'done.json'), JSON.stringify({ input: { byteLength: stat.size, mtimeMs: Math.round(stat.mtimeMs) }, model: { id: 'm' }, ...over }));
    marker({});
    expect(isComplete(out, video, 'm')).toBe(true);
    expect(isComplete(out, video, 'other-model')).toBe(false);
    marker({ input: { byteLength: stat.size + 1, mtimeMs: Math.round(stat.mtimeMs) } });
    expect(isComplete(out, video, 'm')).toBe(false);
    marker({});
    rmSync(join(dir, 'AU_Detection.txt'));
    expect(isComplete(out, video, 'm')).toBe(false);
    rmSync(join(dir, 'done.json'));
    expect(isComplete(out, video, 'm')).toBe(false);
  });
});
