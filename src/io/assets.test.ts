import { describe, expect, it } from 'vitest';
import { loadModelIndex, MODEL_INDEX_URL, modelManifestUrl } from './assets';

const ENTRY = { id: 'lite', name: 'Lite', trained: true, manifest: 'lite/manifest.json' };

describe('loadModelIndex', () => {
  it('fetches /models/index.json and returns its validated entries', async () => {
    const asked: string[] = [];
    const index = await loadModelIndex(async (url) => {
      asked.push(url);
      return { ok: true, json: async () => [ENTRY] };
    });
    expect(asked).toEqual([MODEL_INDEX_URL]);
    expect(index).toEqual([ENTRY]);
    expect(modelManifestUrl(index[0])).toBe('/models/lite/manifest.json');
  });

  it('says how to get the list when it is missing or unreachable', async () => {
    const missing = 'The model list /models/index.json is missing. Run `npm run setup` to generate the default model.';
    await expect(loadModelIndex(async () => ({ ok: false, json: async () => null }))).rejects.toMatchObject({ code: 'model-missing', message: missing });
    await expect(loadModelIndex(() => Promise.reject(new Error('offline')))).rejects.toMatchObject({ code: 'model-missing', message: missing });
  });

  it('refuses a list that is not JSON or not a list of models', async () => {
    await expect(loadModelIndex(async () => ({ ok: true, json: async () => JSON.parse('<html>') }))).rejects.toMatchObject({ code: 'model-manifest' });
    await expect(loadModelIndex(async () => ({ ok: true, json: async () => ({}) }))).rejects.toMatchObject({ code: 'model-manifest' });
  });
});
