// Asset helpers for tools/build/setup.mjs: sha256 checks, where the MediaPipe model comes from,
// and idempotent copies. Plain Node 20 ESM, built-ins only, so setup runs before any build step.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The MediaPipe Face Landmarker bundle (float16/1) that the app is pinned to. */
export const FACE_LANDMARKER = Object.freeze({
  fileName: 'face_landmarker.task',
  sha256: '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff',
  url: 'https://storage.googleapis.com/mediapipe-models/face_landmarker/face_landmarker/float16/1/face_landmarker.task',
});

export const MIRROR_ENV_VAR = 'AFFECTSCOPE_MODEL_MIRROR';

/** A setup failure whose message is meant to be shown to the user as is. */
export class AssetError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssetError';
  }
}

/** Lower-case hex sha256 of a file, streamed. */
export async function sha256OfFile(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where to take a model file from, in order of precedence:
 * the mirror directory named by the env var, else `sharedDir` if it holds the file, else the URL.
 * Returns `{ kind: 'mirror' | 'shared', path }` or `{ kind: 'url', url }`.
 */
export async function resolveModelSource({ fileName, url, mirrorDir, sharedDir }) {
  if (mirrorDir) return { kind: 'mirror', path: join(mirrorDir, fileName) };
  if (sharedDir && (await exists(join(sharedDir, fileName)))) return { kind: 'shared', path: join(sharedDir, fileName) };
  return { kind: 'url', url };
}

/** The user-facing message for a model that could not be obtained or verified. */
export function describeModelFailure({ dest, fileName, sha256, url, reason }) {
  return [
    `setup: could not obtain a verified ${dest}`,
    `  reason: ${reason}`,
    `  expected sha256: ${sha256}`,
    `  Get ${fileName} one of three ways:`,
    `    1. set ${MIRROR_ENV_VAR} to a directory that contains ${fileName}`,
    `    2. put it at ../shared/models/${fileName} (next to the repository)`,
    `    3. let setup download it from ${url}`,
  ].join('\n');
}

async function download(url, dest, fetchImpl) {
  let response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    // undici reports only "fetch failed"; the cause holds ENOTFOUND, ECONNREFUSED, the timeout, …
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    throw new Error(`download of ${url} failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  if (!response.ok) throw new Error(`download of ${url} failed: HTTP ${response.status}`);
  await writeFile(dest, Buffer.from(await response.arrayBuffer()));
}

/**
 * Makes `dest` a file whose sha256 is `sha256`, taking it from `source` (see resolveModelSource)
 * unless a correct copy is already there. The new file is verified before it replaces `dest`.
 * Returns 'present' | 'copied' | 'downloaded'; throws AssetError with describeModelFailure's message.
 */
export async function ensureVerifiedFile({ dest, sha256, source, url, fetchImpl = globalThis.fetch }) {
  const fileName = basename(dest);
  const fail = (reason) => new AssetError(describeModelFailure({ dest, fileName, sha256, url: url ?? source.url, reason }));
  if (await exists(dest)) {
    if ((await sha256OfFile(dest)) === sha256) return 'present';
    await rm(dest); // never leave a known-bad model where the app would load it
  }
  await mkdir(dirname(dest), { recursive: true });
  const partial = `${dest}.part`;
  try {
    if (source.kind === 'url') {
      await download(source.url, partial, fetchImpl);
    } else {
      if (!(await exists(source.path))) throw new Error(`${source.path} does not exist (${source.kind})`);
      await copyFile(source.path, partial);
      await chmod(partial, 0o644); // a read-only mirror must not make the copy read-only
    }
    const actual = await sha256OfFile(partial);
    const from = source.kind === 'url' ? source.url : source.path;
    if (actual !== sha256) throw new Error(`sha256 of ${from} is ${actual}`);
    await rename(partial, dest);
  } catch (error) {
    await rm(partial, { force: true });
    throw fail(error instanceof Error ? error.message : String(error));
  }
  return source.kind === 'url' ? 'downloaded' : 'copied';
}

/** Writes `content` to `path` only if it differs; returns whether it wrote. */
export async function writeIfChanged(path, content) {
  try {
    if ((await readFile(path, 'utf8')) === content) return false;
  } catch {
    // missing: write it
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return true;
}

async function sameBytes(a, b) {
  const [sa, sb] = await Promise.all([stat(a), stat(b)]);
  if (sa.size !== sb.size) return false;
  const [ba, bb] = await Promise.all([readFile(a), readFile(b)]);
  return ba.equals(bb);
}

/**
 * Copies every file of `srcDir` accepted by `filter(name)` into `destDir`, skipping byte-identical ones
 * (npm gives package files a fixed mtime, so mtimes cannot tell an upgrade). Returns the counts.
 */
export async function syncFiles(srcDir, destDir, filter = () => true) {
  let names;
  try {
    names = (await readdir(srcDir, { withFileTypes: true })).filter((e) => e.isFile() && filter(e.name)).map((e) => e.name);
  } catch {
    throw new AssetError(`setup: ${srcDir} is missing — run \`npm install\` first`);
  }
  if (names.length === 0) throw new AssetError(`setup: no files to copy in ${srcDir} — is the package installed correctly?`);
  await mkdir(destDir, { recursive: true });
  let copied = 0;
  for (const name of names) {
    const src = join(srcDir, name);
    const dest = join(destDir, name);
    if ((await exists(dest)) && (await sameBytes(src, dest))) continue;
    await copyFile(src, dest);
    copied += 1;
  }
  return { copied, unchanged: names.length - copied };
}
