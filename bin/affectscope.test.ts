import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli } from './lib/analyze-cli.mjs';
import { appendRows, isComplete, listVideos, lockOutDir, startResult, writeResult, type TrackFilesOutcome } from './lib/analyze-results.mjs';

const CLI = fileURLToPath(new URL('./affectscope.mjs', import.meta.url));

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

  it('gives every video its own folder: names that fold together get a short hash of the file name', () => {
    const dir = folder(['a b.mp4', 'a_b.mp4', 'a?b.mp4', 'x.mp4', 'X.mp4']);
    const names = listVideos(dir).map((v) => v.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(5); // distinct also on a case-insensitive disk
    for (const name of names) expect(name).toMatch(/^(a_b|x|X)_mp4_[0-9a-f]{8}$/);
    expect(listVideos(dir).map((v) => v.name)).toEqual(names); // deterministic
  });

  it('keeps letters and digits of any script', () => {
    const dir = folder(['张三.mp4', '李四.mp4', 'Ünïcode 2.webm', '.hidden.mp4', '???.mp4']);
    expect(listVideos(dir).map((v) => v.name).sort()).toEqual(['hidden', 'video', 'Ünïcode_2', '张三', '李四'].sort());
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

describe('affectscope analyze: the per-track files', () => {
  const TASKS = ['VA_Estimation', 'EXPR_Recognition', 'AU_Detection'];
  const outcome = (trackFiles: TrackFilesOutcome) => ({
    ok: true, framesAnalysed: 2, frameCount: 2, repeatedFrameTimes: 0, frameRateHz: 30, durationMs: 66, model: { id: 'm' }, backend: 'wasm', audio: 'decoded', trackFiles,
  });
  /** a result folder being written for clip.mp4, with track 1 and 2's files streamed */
  function streamed() {
    const input = folder(['clip.mp4']);
    const out = folder([]);
    const video = { path: join(input, 'clip.mp4'), name: 'clip' };
    const target = { dir: startResult(out, video) };
    const rows: Record<string, string> = {};
    for (const id of [1, 2]) for (const task of TASKS) rows[`track${id}_${task}.txt`] = `header\nrow of track ${id}\n`;
    appendRows(target, rows);
    return { out, video, target };
  }
  const files = (stem: string) => TASKS.map((task) => `${stem}_${task}.txt`);

  it('the page streams track<id>_ files; any other name is refused', () => {
    const { target } = streamed();
    expect(readFileSync(join(target.dir, 'track2_AU_Detection.txt'), 'utf8')).toBe('header\nrow of track 2\n');
    for (const name of ['left_VA_Estimation.txt', 'track1_notes.txt', '../track1_VA_Estimation.txt', 'track_VA_Estimation.txt']) {
      expect(() => appendRows(target, { [name]: 'x' })).toThrow(`rows for an unknown file ${JSON.stringify(name)}`);
    }
  });

  it('two faces: the files are renamed left_/right_ as the page says and listed in done.json, which a rerun checks', () => {
    const { out, video } = streamed();
    const set = (trackId: number, name: string) => ({ trackId, name, frames: 2, firstMs: 0, lastMs: 33, files: files(`track${trackId}`).map((from, i) => ({ from, to: files(name)[i] })) });
    const marker = writeResult(out, video, outcome({ tracks: [set(1, 'right'), set(2, 'left')], remove: [] }), 1000);
    const dir = join(out, 'clip');
    expect(readFileSync(join(dir, 'left_VA_Estimation.txt'), 'utf8')).toBe('header\nrow of track 2\n');
    expect(readFileSync(join(dir, 'right_AU_Detection.txt'), 'utf8')).toBe('header\nrow of track 1\n');
    expect(readdirSync(dir).filter((n) => n.startsWith('track'))).toEqual([]);
    const done = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8'));
    expect(done).toEqual(JSON.parse(JSON.stringify(marker)));
    expect(done.outputs).toEqual(['frames.csv', 'frames.json', ...TASKS.map((t) => `${t}.txt`), ...files('right'), ...files('left')]);
    expect(done.tracks).toEqual([
      { trackId: 1, name: 'right', frames: 2, firstMs: 0, lastMs: 33, files: files('right') },
      { trackId: 2, name: 'left', frames: 2, firstMs: 0, lastMs: 33, files: files('left') },
    ]);
    expect(isComplete(out, video, 'm')).toBe(true);
    rmSync(join(dir, 'left_EXPR_Recognition.txt'));
    expect(isComplete(out, video, 'm')).toBe(false);
  });

  it('no two faces in one frame: the track files are removed, the result is the files written before tracks', () => {
    const { out, video } = streamed();
    const marker = writeResult(out, video, outcome({ tracks: [], remove: [...files('track1'), ...files('track2')] }), 1000);
    expect(readdirSync(join(out, 'clip')).sort()).toEqual(['AU_Detection.txt', 'EXPR_Recognition.txt', 'VA_Estimation.txt', 'done.json', 'frames.csv', 'frames.json']);
    expect(marker.outputs).toEqual(['frames.csv', 'frames.json', 'VA_Estimation.txt', 'EXPR_Recognition.txt', 'AU_Detection.txt']);
    expect(marker.tracks).toEqual([]);
  });

  it('a name from the page that is not a track file is refused, not renamed or removed', () => {
    const { out, video } = streamed();
    expect(() => writeResult(out, video, outcome({ tracks: [], remove: ['frames.csv'] }), 1000)).toThrow('the page named an unexpected track file "frames.csv"');
    const escape = { trackId: 1, name: 'x', frames: 1, firstMs: 0, lastMs: 0, files: [{ from: 'track1_VA_Estimation.txt', to: '../x_VA_Estimation.txt' }] };
    expect(() => writeResult(out, video, outcome({ tracks: [escape], remove: [] }), 1000)).toThrow('the page named an unexpected track file "../x_VA_Estimation.txt"');
  });
});

describe('affectscope analyze: the --out folder', () => {
  it('is locked against a second run, with the other run\'s pid; a lock left by a dead process is taken over', () => {
    const out = folder([]);
    const release = lockOutDir(out);
    expect(() => lockOutDir(out)).toThrow(`another affectscope analyze (pid ${process.pid}) is writing to ${out}: wait for it to finish, or delete ${join(out, '.affectscope-analyze.lock')} if it is not running`);
    release();
    expect(existsSync(join(out, '.affectscope-analyze.lock'))).toBe(false);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(out, '.affectscope-analyze.lock'), JSON.stringify({ pid: dead }));
    const again = lockOutDir(out);
    expect(JSON.parse(readFileSync(join(out, '.affectscope-analyze.lock'), 'utf8')).pid).toBe(process.pid);
    again();
  });

  function run(args: string[]) {
    const result = spawnSync(process.execPath, [CLI, 'analyze', ...args], { encoding: 'utf8' });
    return { code: result.status, stderr: result.stderr };
  }

  it('a second concurrent run exits 2 with one line, and leaves the first run\'s lock alone', () => {
    const input = folder(['clip.mp4']);
    const out = folder([]);
    const release = lockOutDir(out);
    const second = run([join(input, 'clip.mp4'), '--out', out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`affectscope analyze: another affectscope analyze (pid ${process.pid}) is writing to ${out}: wait for it to finish, or delete ${join(out, '.affectscope-analyze.lock')} if it is not running\n`);
    expect(existsSync(join(out, '.affectscope-analyze.lock'))).toBe(true);
    release();
  });

  it('an --out that cannot be written is one line, not a stack trace, exit 2; a finished run removes its lock', () => {
    const input = folder(['clip.mp4']);
    const blocker = join(folder(['file']), 'file');
    const unwritable = run([join(input, 'clip.mp4'), '--out', join(blocker, 'results')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(new RegExp(`^affectscope analyze: cannot write results to ${join(blocker, 'results')}: ENOTDIR[^\n]*\n$`));
    const out = folder([]);
    const noChromium = run([join(input, 'clip.mp4'), '--out', out, '--chromium', '/nonexistent/chromium']);
    expect(noChromium.code).toBe(2);
    expect(noChromium.stderr).toContain('Chromium not found at /nonexistent/chromium');
    expect(existsSync(join(out, '.affectscope-analyze.lock'))).toBe(false);
  });
});

describe('affectscope analyze: failures', () => {
  it('a system error (here: a built app without models/index.json) is one line, not a stack trace', () => {
    const input = folder(['clip.mp4']);
    const dist = folder(['analyze.html']);
    const out = folder([]);
    const result = spawnSync(process.execPath, [CLI, 'analyze', join(input, 'clip.mp4'), '--out', out, '--dist', dist, '--chromium', process.execPath], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`affectscope analyze: ENOENT: no such file or directory, open '${join(dist, 'models/index.json')}'\n`);
    expect(existsSync(join(out, '.affectscope-analyze.lock'))).toBe(false);
  });
});
