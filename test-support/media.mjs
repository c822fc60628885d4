// Fake camera and microphone inputs for Chromium, generated at test time (never committed).
// Paths are fixed absolute paths because Chromium's launch flags must be known when the config loads.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATED_DIR = fileURLToPath(new URL('./.generated/', import.meta.url)).replace(/\/$/, '');

export const MEDIA_FIXTURES = Object.freeze({
  /** 640×480, 30 fps, 1 s, yuv420p: an upright frontal face (skimage's astronaut), padded to 4:3. */
  face: join(GENERATED_DIR, 'face.y4m'),
  /**
   * 640×480, 30 fps, 1 s, yuv420p: two copies of the face photo's head on a grey background, the left one
   * about twice as tall as the right one (see ensureTwoFacesY4m for the geometry).
   */
  twofaces: join(GENERATED_DIR, 'twofaces.y4m'),
  /**
   * 640×480, 30 fps, 6 s, yuv420p: two copies of the head walking past each other, a larger one high in the frame and a
   * smaller one low: they cross at 1 s, stand on the far side, and walk back, so the looped clip has no jump
   * (see ensureCrossingY4m).
   */
  crossing: join(GENERATED_DIR, 'crossing.y4m'),
  /** 640×480, 30 fps, 1 s: colour gradients, no face anywhere. */
  noface: join(GENERATED_DIR, 'noface.y4m'),
  /** 48 kHz mono 16-bit PCM: two sentences of espeak-ng speech. */
  speech: join(GENERATED_DIR, 'speech.wav'),
});

const FACE_PNG_CACHE = join(GENERATED_DIR, 'astronaut.png');
const SPEECH_TEXT = 'Hello, this is a test of the affect scope. I am speaking calmly and clearly into the microphone.';

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Runs `make(tmpPath)` and renames the result onto `target`, so a crash never leaves a half-written fixture. */
function generateOnce(target, make) {
  if (existsSync(target)) return target;
  mkdirSync(GENERATED_DIR, { recursive: true });
  const tmpPath = `${target}.tmp-${process.pid}${target.slice(target.lastIndexOf('.'))}`;
  try {
    make(tmpPath);
    renameSync(tmpPath, target);
  } finally {
    rmSync(tmpPath, { force: true });
  }
  return target;
}

/** astronaut.png from an installed python3-skimage, or from its Debian package (apt-get download, no root needed). */
function astronautFromDebian() {
  const installed = '/usr/lib/python3/dist-packages/skimage/data/astronaut.png';
  if (existsSync(installed)) return installed;
  const work = mkdtempSync(join(tmpdir(), 'affectscope-skimage-'));
  try {
    run('apt-get', ['download', 'python3-skimage'], work);
    const deb = readdirSync(work).find((name) => name.startsWith('python3-skimage_') && name.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download python3-skimage produced no .deb');
    run('dpkg-deb', ['-x', join(work, deb), join(work, 'x')]);
    const extracted = join(work, 'x', installed);
    if (!existsSync(extracted)) throw new Error(`${deb} has no ${installed}`);
    copyFileSync(extracted, `${FACE_PNG_CACHE}.tmp`); // copy, not rename: /tmp may be another filesystem
    renameSync(`${FACE_PNG_CACHE}.tmp`, FACE_PNG_CACHE);
    return FACE_PNG_CACHE;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A face sample shipped by an npm package, if one is installed (none is a dependency today). */
function faceFromNpm() {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@vladmandic/face-api/package.json');
  const sample = join(pkg, '..', 'demo', 'sample1.jpg');
  if (!existsSync(sample)) throw new Error(`${sample} is missing`);
  return sample;
}

/** Path of a photo with one upright frontal face; cached under test-support/.generated/. */
export function faceImage() {
  if (existsSync(FACE_PNG_CACHE)) return FACE_PNG_CACHE;
  mkdirSync(GENERATED_DIR, { recursive: true });
  const failures = [];
  for (const [name, find] of [
    ['python3-skimage', astronautFromDebian],
    ['@vladmandic/face-api', faceFromNpm],
  ]) {
    try {
      return find();
    } catch (error) {
      failures.push(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`no face photo for the fake camera: ${failures.join('; ')}`);
}

export function ensureFaceY4m() {
  return generateOnce(MEDIA_FIXTURES.face, (tmp) => {
    // Scale the longer side to 480 and pad to 640×480: the face stays upright and undistorted.
    const vf = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p';
    run('ffmpeg', ['-nostdin', '-y', '-loglevel', 'error', '-loop', '1', '-i', faceImage(), '-t', '1', '-r', '30', '-vf', vf, '-f', 'yuv4mpegpipe', tmp]);
  });
}

/**
 * Head crop of the face photo (for the 512×512 astronaut: hair to chin, ~180×216 px). Each copy is that crop
 * scaled to TWO_FACES_HEIGHTS_PX; the face's landmark box is about 0.5× the copy's height (measured: 209 px for 420).
 */
const HEAD_CROP = 'crop=iw*180/512:ih*216/512:iw*135/512:ih*30/512';
export const TWO_FACES_HEIGHTS_PX = Object.freeze({ left: 420, right: 200 });

export function ensureTwoFacesY4m() {
  return generateOnce(MEDIA_FIXTURES.twofaces, (tmp) => {
    const { left, right } = TWO_FACES_HEIGHTS_PX;
    const graph = [
      `[1]${HEAD_CROP},split[a][b]`,
      `[a]scale=-2:${left}[big]`,
      `[b]scale=-2:${right}[small]`,
      `[0][big]overlay=40:(H-h)/2[t]`,
      `[t][small]overlay=W-w-40:(H-h)/2,format=yuv420p`,
    ].join(';');
    run('ffmpeg', [
      '-nostdin', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x808080:s=640x480:r=30:d=1', '-loop', '1', '-i', faceImage(),
      '-filter_complex', graph, '-t', '1', '-r', '30', '-f', 'yuv4mpegpipe', tmp,
    ]);
  });
}

/**
 * Geometry of MEDIA_FIXTURES.crossing, px: each head copy's height, its top edge, and the left edge it starts at and
 * walks to. Each walks for walkSeconds, stands for pauseSeconds, walks back and stands again (the loop). The rows never
 * overlap, so neither face hides the other.
 */
export const CROSSING = Object.freeze({
  walkSeconds: 2,
  pauseSeconds: 1,
  big: { heightPx: 260, topPx: 0, fromXPx: 20, toXPx: 403 },
  small: { heightPx: 200, topPx: 275, fromXPx: 453, toXPx: 20 },
});

export function ensureCrossingY4m() {
  return generateOnce(MEDIA_FIXTURES.crossing, (tmp) => {
    const { walkSeconds: walk, pauseSeconds: pause, big, small } = CROSSING;
    const seconds = 2 * (walk + pause);
    // 0 → 1 while walking over, 1 while standing, 1 → 0 walking back, 0 while standing: a seamless loop.
    const there = `if(lt(t,${walk + pause}),min(1,t/${walk}),max(0,1-(t-${walk + pause})/${walk}))`;
    const x = ({ fromXPx, toXPx }) => `'${fromXPx}+(${toXPx - fromXPx})*${there}'`;
    const graph = [
      `[1]${HEAD_CROP},split[a][b]`,
      `[a]scale=-2:${big.heightPx}[big]`,
      `[b]scale=-2:${small.heightPx}[small]`,
      `[0][big]overlay=x=${x(big)}:y=${big.topPx}:eval=frame[t]`,
      `[t][small]overlay=x=${x(small)}:y=${small.topPx}:eval=frame,format=yuv420p`,
    ].join(';');
    run('ffmpeg', [
      '-nostdin', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=0x808080:s=640x480:r=30:d=${seconds}`, '-loop', '1', '-i', faceImage(),
      '-filter_complex', graph, '-t', String(seconds), '-r', '30', '-f', 'yuv4mpegpipe', tmp,
    ]);
  });
}

export function ensureNoFaceY4m() {
  return generateOnce(MEDIA_FIXTURES.noface, (tmp) => {
    const src = 'gradients=s=640x480:r=30:d=1:seed=7';
    run('ffmpeg', ['-nostdin', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', src, '-vf', 'format=yuv420p', '-f', 'yuv4mpegpipe', tmp]);
  });
}

export function ensureSpeechWav() {
  return generateOnce(MEDIA_FIXTURES.speech, (tmp) => {
    const raw = `${tmp}.raw.wav`;
    try {
      run('espeak-ng', ['-w', raw, SPEECH_TEXT]);
      run('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', tmp]);
    } finally {
      rmSync(raw, { force: true });
    }
  });
}

/** Zoom oscillating ±10 % around the face every 2 s, so consecutive frames differ. */
const ZOOM_PAN = "zoompan=z='1+0.1*sin(2*PI*on/60)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=640x480:fps=30";

/** Video files for the file-analysis tests: the face photo animated by ZOOM_PAN with the espeak-ng speech, 30 fps. */
export const VIDEO_FIXTURES = Object.freeze({
  /** 4 s, VP8 + Opus in WebM */
  webm: join(GENERATED_DIR, 'face-speech.webm'),
  /** 3 s, H.264 + AAC in MP4 */
  mp4: join(GENERATED_DIR, 'face-speech.mp4'),
  /** 1 s, VP8 in WebM, no soundtrack */
  silent: join(GENERATED_DIR, 'face-silent.webm'),
  /** 2 s, VP8 + Opus in WebM: MEDIA_FIXTURES.twofaces (a large head on the left, a small one on the right) with the speech */
  twofaces: join(GENERATED_DIR, 'two-faces-speech.webm'),
  /** VIDEO_FIXTURES.mp4 as a phone stores a portrait video: its pixels turned 90° clockwise (480×640), and a display
   * matrix (rotation 90) that turns them back upright in a player (ffmpeg's own autorotation shows the face upright) */
  sideways: join(GENERATED_DIR, 'face-speech-sideways.mp4'),
});

/** VIDEO_FIXTURES.sideways: two passes, since ffmpeg 5 writes the rotation tag only when it copies the stream. */
function ensureSidewaysVideo() {
  const upright = ensureFaceVideo('mp4');
  return generateOnce(VIDEO_FIXTURES.sideways, (tmp) => {
    const turned = `${tmp}.turned.mp4`;
    try {
      run('ffmpeg', ['-nostdin', '-y', '-loglevel', 'error', '-i', upright, '-vf', 'transpose=1', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'copy', turned]);
      run('ffmpeg', ['-nostdin', '-y', '-loglevel', 'error', '-i', turned, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', tmp]);
    } finally {
      rmSync(turned, { force: true });
    }
  });
}

/** VIDEO_FIXTURES.twofaces: the two-face still for 2 s, with the speech. */
function ensureTwoFacesVideo() {
  return generateOnce(VIDEO_FIXTURES.twofaces, (tmp) => {
    run('ffmpeg', [
      '-nostdin', '-y', '-loglevel', 'error', '-stream_loop', '1', '-i', ensureTwoFacesY4m(), '-i', ensureSpeechWav(),
      '-t', '2', '-r', '30', '-c:v', 'libvpx', '-b:v', '1M', '-c:a', 'libopus', '-b:a', '64k', tmp,
    ]);
  });
}

/** A face video (VIDEO_FIXTURES[kind]): with speech in WebM (VP8 + Opus) or MP4 (H.264 + AAC), or silent; or the two faces. */
export function ensureFaceVideo(kind = 'webm') {
  if (kind === 'twofaces') return ensureTwoFacesVideo();
  if (kind === 'sideways') return ensureSidewaysVideo();
  const target = VIDEO_FIXTURES[kind];
  if (!target) throw new Error(`unknown video fixture ${kind}`);
  const seconds = { webm: 4, mp4: 3, silent: 1 }[kind];
  return generateOnce(target, (tmp) => {
    const vf = `scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,${ZOOM_PAN},format=yuv420p`;
    const codecs = {
      webm: ['-c:v', 'libvpx', '-b:v', '1M', '-c:a', 'libopus', '-b:a', '64k'],
      mp4: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart'],
      silent: ['-c:v', 'libvpx', '-b:v', '1M', '-an'],
    }[kind];
    run('ffmpeg', [
      '-nostdin', '-y', '-loglevel', 'error', '-loop', '1', '-framerate', '30', '-i', faceImage(), '-i', ensureSpeechWav(),
      '-t', String(seconds), '-vf', vf, '-r', '30', ...codecs, tmp,
    ]);
  });
}

/** Video frames in `path`, counted by decoding every one with ffprobe (independent of the app's demuxer). */
export function countVideoFrames(path) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  const frames = Number(out.trim().split(/\s+/)[0]);
  if (!Number.isInteger(frames) || frames <= 0) throw new Error(`ffprobe counted no frames in ${path}: ${out}`);
  return frames;
}

/** The codec of each stream in `path` by ffprobe, e.g. ['h264', 'opus']. */
export function streamCodecs(path) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return out.trim().split(/\s+/).filter(Boolean);
}

/** Generates every missing fixture; returns their paths. */
export function ensureMediaFixtures() {
  ensureFaceY4m();
  ensureNoFaceY4m();
  ensureTwoFacesY4m();
  ensureCrossingY4m();
  ensureSpeechWav();
  return MEDIA_FIXTURES;
}
