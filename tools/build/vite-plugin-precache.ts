/**
 * Build step for the offline app (src/sw/sw.ts):
 * - emits the PNG app icons named by public/manifest.webmanifest;
 * - once the bundle and public/ are written, hashes every file in the output folder (hashed assets,
 *   pages, vendor wasm, models) into dist/precache-manifest.json, versioned by the hash of the list;
 * - bundles src/sw/sw.ts with that list embedded into dist/sw.js (root scope). Any changed file
 *   changes sw.js, which is how the browser notices an update.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';
import { PRECACHE_MANIFEST_URL, SERVICE_WORKER_URL, buildPrecacheManifest, offlineModelIds, withoutOtherModels, type PrecacheEntry } from '../../src/sw/precache';
import { encodePng, renderIconRgba } from './app-icon';

const ICON_SIZES_PX = [192, 512];
const SW_ENTRY = 'src/sw/sw.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (b) => hash.update(b)).on('error', reject).on('end', () => resolvePromise(hash.digest('hex')));
  });
}

/** Every file under `outDir` except the service worker and the list itself, as precache entries. */
export async function listOutputFiles(outDir: string): Promise<PrecacheEntry[]> {
  const skip = new Set([SERVICE_WORKER_URL, PRECACHE_MANIFEST_URL]);
  const entries: PrecacheEntry[] = [];
  for (const path of await filesUnder(outDir)) {
    const url = `/${relative(outDir, path).split(sep).join('/')}`;
    if (skip.has(url) || url.startsWith('/.vite/')) continue;
    entries.push({ url, sha256: await sha256OfFile(path), byteLength: (await stat(path)).size });
  }
  return entries;
}

/** src/sw/sw.ts as one classic script (no imports), with the precache list in place of its placeholder. */
async function bundleServiceWorker(root: string, precache: unknown): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    define: { __AFFECTSCOPE_PRECACHE__: JSON.stringify(precache) },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry: resolve(root, SW_ENTRY), formats: ['iife'], name: 'affectscopeServiceWorker', fileName: () => 'sw.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`service worker: expected one chunk, got ${chunks.map((c) => c.fileName).join(', ')}`);
  return chunks[0].code;
}

export function precacheServiceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'affectscope-precache',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle() {
      for (const sizePx of ICON_SIZES_PX) {
        this.emitFile({ type: 'asset', fileName: `icons/icon-${sizePx}.png`, source: encodePng(sizePx, sizePx, renderIconRgba(sizePx)) });
      }
    },
    // writeBundle runs after Vite has copied public/ (vendor wasm, models) into the output folder.
    writeBundle: {
      sequential: true,
      async handler() {
        const outDir = resolve(config.root, config.build.outDir);
        const index = JSON.parse(await readFile(join(outDir, 'models/index.json'), 'utf8').catch(() => '[]'));
        const manifest = await buildPrecacheManifest(withoutOtherModels(await listOutputFiles(outDir), offlineModelIds(index)));
        await writeFile(join(outDir, PRECACHE_MANIFEST_URL.slice(1)), `${JSON.stringify(manifest, null, 2)}\n`);
        await writeFile(join(outDir, SERVICE_WORKER_URL.slice(1)), await bundleServiceWorker(config.root, manifest));
        const totalMiB = manifest.entries.reduce((sum, e) => sum + e.byteLength, 0) / 2 ** 20;
        config.logger.info(`precache ${manifest.version}: ${manifest.entries.length} files, ${totalMiB.toFixed(1)} MiB → ${SERVICE_WORKER_URL}`);
      },
    },
  };
}
