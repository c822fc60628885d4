// public/models/index.json, the list of models the app offers, made from the manifests present:
// models this project trained (committed) and initialised test models (generated, gitignored).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Entries for every public/models/<id>/manifest.json: trained models first, then the narrowest (the first entry
 * is the page's default, so an untrained full-size model made for a benchmark never becomes it), then by id.
 */
export function buildModelsIndex(modelsDir) {
  const entries = [];
  const width = new Map();
  for (const id of readdirSync(modelsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const path = join(modelsDir, id, 'manifest.json');
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    if (manifest?.format !== 'affectscope-model' || manifest.id !== id) {
      throw new Error(`${path}: expected an affectscope-model manifest with id "${id}", got id ${JSON.stringify(manifest?.id)}`);
    }
    entries.push({ id, name: String(manifest.name), trained: manifest.trained === true, manifest: `${id}/manifest.json` });
    width.set(id, Number(manifest.config?.widthMultiplier ?? 1));
  }
  return entries.sort((a, b) => Number(b.trained) - Number(a.trained) || width.get(a.id) - width.get(b.id) || a.id.localeCompare(b.id));
}
