import { describe, expect, it } from 'vitest';
import { chooseModel, requireModel, validateModelIndex, type ModelIndexEntry } from './model-index';

const INDEX: ModelIndexEntry[] = [
  { id: 'init', name: 'untrained', trained: false, manifest: 'init/manifest.json' },
  { id: 'lite', name: 'trained', trained: true, manifest: 'lite/manifest.json' },
];

describe('model index', () => {
  it('defaults to the first trained model, else the first', () => {
    expect(chooseModel(INDEX, null)?.id).toBe('lite');
    expect(chooseModel([INDEX[0]], null)?.id).toBe('init');
    expect(chooseModel(INDEX, 'init')?.id).toBe('init');
    expect(chooseModel(INDEX, 'other')).toBeNull();
  });

  it('requireModel names the model that is missing', () => {
    expect(() => requireModel(INDEX, 'other')).toThrow('unknown model "other"; known: init, lite');
    expect(() => requireModel([], null)).toThrow('/models/index.json lists no model.');
    expect(requireModel(INDEX, 'init')).toBe(INDEX[0]);
  });

  it('validates the parsed file and copies only the known fields', () => {
    expect(validateModelIndex([{ ...INDEX[1], extra: 1 }])).toEqual([INDEX[1]]);
    expect(() => validateModelIndex({})).toThrow('/models/index.json: expected an array of models, got object');
    expect(() => validateModelIndex([{ id: 'x', name: 'x', manifest: 'x' }])).toThrow('/models/index.json[0].trained: expected a boolean, got undefined');
    const thrown = (() => {
      try {
        validateModelIndex([null]);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toMatchObject({ code: 'model-manifest', message: '/models/index.json[0]: expected an object, got null' });
  });
});
