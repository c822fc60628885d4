/**
 * The layering of STYLE.md, enforced: data flows io → core/model → app, and a lower layer never
 * imports a higher one. core is pure (no DOM, no tfjs, no clock), model is tfjs only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
type Layer = 'core' | 'model' | 'io' | 'workers' | 'app';

/** Which layers each layer may import from (itself included). */
const ALLOWED: Record<Layer, Layer[]> = {
  core: ['core'],
  model: ['core', 'model'],
  io: ['core', 'io', 'workers'], // io may import the workers' message types and the worklet URL only (checked below)
  workers: ['core', 'model', 'io', 'workers'],
  app: ['core', 'model', 'io', 'workers', 'app'],
};
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp>> = {
  core: /^(@tensorflow|@mediapipe|react)/,
  model: /^(@mediapipe|react)/,
  io: /^(@tensorflow|react)/,
  workers: /^react/,
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function layerOf(path: string): Layer | null {
  const top = relative(SRC, path).split('/')[0];
  return (['core', 'model', 'io', 'workers', 'app'] as const).find((l) => l === top) ?? null;
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
