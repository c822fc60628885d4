/**
 * The layering of STYLE.md, enforced: data flows io → core/model → app, and a lower layer never
 * imports a higher one. core is pure (no DOM, no tfjs, no clock), model is tfjs only, the service worker
 * (sw) uses core only. Outside src/: the package's bin runs on a user's install (runtime dependencies
 * only), and nothing in src/ imports the repository's scripts (bin/, bench/, tools/, test-support/).
 */
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(SRC, '..');
type Layer = 'core' | 'model' | 'io' | 'workers' | 'app' | 'sw';
const LAYERS: readonly Layer[] = ['core', 'model', 'io', 'workers', 'app', 'sw'];

/** Which layers each layer may import from (itself included). */
const ALLOWED: Record<Layer, Layer[]> = {
  core: ['core'],
  model: ['core', 'model'],
  io: ['core', 'io', 'workers'], // io may import the workers' message types and the worklet URL only (checked below)
  workers: ['core', 'model', 'io', 'workers'],
  app: ['core', 'model', 'io', 'workers', 'app'],
  sw: ['core', 'sw'], // the service worker is its own bundle (tools/build/vite-plugin-precache.ts): no tfjs, no React
};
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp>> = {
  core: /^(@tensorflow|@mediapipe|react)/,
  model: /^(@mediapipe|react)/,
  io: /^(@tensorflow|react)/,
  workers: /^react/,
  sw: /^(@tensorflow|@mediapipe|react)/,
};

function files(dir: string, pattern = /\.tsx?$/, withTests = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return files(path, pattern, withTests);
    return pattern.test(name) && (withTests || !/\.test\.tsx?$/.test(name)) ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function layerOf(path: string): Layer | null {
  const top = relative(SRC, path).split('/')[0];
  return LAYERS.find((l) => l === top) ?? null;
}

describe('layers', () => {
  const sources = files(SRC).filter((f) => layerOf(f) !== null);

  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(40);
  });

  it('no layer imports a layer above it, nor a package it must not use', () => {
    const violations: string[] = [];
    for (const file of sources) {
      const layer = layerOf(file)!;
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = layerOf(resolve(dirname(file), spec));
          if (target && !ALLOWED[layer].includes(target)) violations.push(`${relative(SRC, file)} → ${spec}`);
          if (layer === 'io' && target === 'workers' && !/(protocol|worklet)/.test(spec)) violations.push(`${relative(SRC, file)} → ${spec} (io may only use worker protocols)`);
        } else if (FORBIDDEN_PACKAGES[layer]?.test(spec)) {
          violations.push(`${relative(SRC, file)} → ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('core reads no DOM, browser API or clock: time comes in as timestampMs', () => {
    const violations = sources
      .filter((f) => layerOf(f) === 'core')
      .filter((f) => /\b(document\.|window\.|navigator\.|performance\.now|Date\.now|new Date\(\))/.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((f) => relative(SRC, f));
    expect(violations).toEqual([]);
  });
});

/** The repository's top-level code folders outside src/, and which of them (and src/) each may import. */
type Area = 'src' | 'bin' | 'bench' | 'tools' | 'test-support' | 'e2e';
const AREA_MAY_IMPORT: Record<Area, Area[]> = {
  src: ['src'], // the product never imports the CLI, benchmarks, tools or test helpers
  bin: ['bin'], // the package's CLI: shipped, so it takes nothing from the repository's other folders
  'test-support': ['test-support'], // fixtures and the fake-media browser, shared by e2e, bench and tools
  tools: ['tools', 'src', 'bin', 'test-support'],
  bench: ['bench', 'tools', 'src', 'bin', 'test-support'],
  e2e: ['e2e', 'src', 'test-support'],
};
const SCRIPT_FILE = /\.(tsx?|mts|mjs|js)$/;

function areaOf(path: string): Area | null {
  const top = relative(REPO, path).split('/')[0];
  return (Object.keys(AREA_MAY_IMPORT) as Area[]).find((a) => a === top) ?? null;
}

/** Relative imports of `path`, resolved to files (a TypeScript import may leave out `.ts`). */
function localImports(path: string): string[] {
  return importsOf(path).filter((spec) => spec.startsWith('.')).map((spec) => {
    const target = resolve(dirname(path), spec);
    return [target, `${target}.ts`, `${target}.tsx`, join(target, 'index.ts')].find((f) => statSync(f, { throwIfNoEntry: false })?.isFile()) ?? target;
  });
}

describe('repository folders', () => {
  const areaFiles = (Object.keys(AREA_MAY_IMPORT) as Area[]).flatMap((area) => files(join(REPO, area), SCRIPT_FILE, true));

  it('finds the scripts', () => {
    for (const area of ['bin', 'bench', 'tools', 'test-support'] as const) {
      expect(areaFiles.filter((f) => areaOf(f) === area).length, area).toBeGreaterThan(1);
    }
  });

  it('each folder imports only the folders it may (src/: none of bin/, bench/, tools/, test-support/, e2e/)', () => {
    const violations: string[] = [];
    for (const file of areaFiles) {
      const area = areaOf(file)!;
      for (const target of localImports(file)) {
        const to = areaOf(target);
        if (to !== null && !AREA_MAY_IMPORT[area].includes(to)) violations.push(`${relative(REPO, file)} → ${relative(REPO, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the package's bin imports only Node built-ins, runtime dependencies and files under bin/ (a user's install has no devDependencies)", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    const entries = Object.values(pkg.bin as Record<string, string>).map((p) => join(REPO, p));
    expect(entries.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const target of localImports(file)) visit(target);
      for (const spec of importsOf(file).filter((s) => !s.startsWith('.'))) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    };
    entries.forEach(visit);
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].filter((f) => areaOf(f) !== 'bin').map((f) => relative(REPO, f))).toEqual([]);
    const notInstalled = [...packages].filter((p) => !p.startsWith('node:') && !builtinModules.includes(p) && !(p in pkg.dependencies));
    expect(notInstalled).toEqual([]);
  });
});
