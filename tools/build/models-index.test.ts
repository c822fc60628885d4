import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModelsIndex } from './models-index.mjs';

function model(dir: string, id: string, trained: boolean, manifestId = id, widthMultiplier = 0.125) {
  mkdirSync(join(dir, id), { recursive: true });
  const manifest = { format: 'affectscope-model', id: manifestId, name: `${id} name`, trained, config: { widthMultiplier } };
  writeFileSync(join(dir, id, 'manifest.json'), JSON.stringify(manifest));
}

describe('buildModelsIndex', () => {
  it('lists every manifest, trained models first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    model(dir, 'b-init', false);
    model(dir, 'a-init', false);
    model(dir, 'z-trained', true);
    mkdirSync(join(dir, 'empty'));
    expect(buildModelsIndex(dir).map((e) => [e.id, e.trained, e.manifest])).toEqual([
      ['z-trained', true, 'z-trained/manifest.json'],
      ['a-init', false, 'a-init/manifest.json'],
      ['b-init', false, 'b-init/manifest.json'],
    ]);
  });

  it('puts the narrowest untrained model before a full-size one, whatever their ids (the first is the default)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    model(dir, 'av-full-init', false, 'av-full-init', 1);
    model(dir, 'av-lite-init', false, 'av-lite-init', 0.125);
    expect(buildModelsIndex(dir).map((e) => e.id)).toEqual(['av-lite-init', 'av-full-init']);
  });

  it('refuses a manifest whose id does not match its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    model(dir, 'x', false, 'y');
    expect(() => buildModelsIndex(dir)).toThrow(/id "x"/);
  });
});
