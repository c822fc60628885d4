// The project's TypeScript that the data scripts run in Node (audio DSP, RAVDESS names, metrics):
// src/app/pages/tools/node-entry.ts bundled with rolldown (as make-init-weights.mjs does), plus file listing.
import { readdirSync } from 'node:fs';
import { importTypeScript } from '../../build/import-ts.mjs';

const AUDIO_EXTENSIONS = /\.(flac|wav|mp3|ogg|opus|m4a|aac|webm)$/i;

/** Bundles (every call: it takes well under a second) and imports src/app/pages/tools/node-entry.ts. */
export async function loadToolsNodeModule() {
  const module = await importTypeScript('src/app/pages/tools/node-entry.ts');
  return { ...module, listAudioFiles };
}

/** Audio files directly in `folder`, sorted by name; throws when there is none. */
export function listAudioFiles(folder) {
  let names;
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new Error(`${folder}: cannot read the folder (${error.code ?? error.message})`);
  }
  const files = names.filter((name) => AUDIO_EXTENSIONS.test(name)).sort();
  if (files.length === 0) throw new Error(`${folder}: expected audio files (.flac, .wav, …), found none`);
  return files;
}
