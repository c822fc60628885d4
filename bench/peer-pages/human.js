// @vladmandic/human: face detector (BlazeFace) + mesh (FaceMesh) + emotion, on tfjs wasm, models from its npm package.
// ?maxFaces=N  ?caching=1: human's own frame cache and skip rules (detector and emotion reused while the input
// changes little; on a still clip that is almost every frame); without it, every model runs on every frame.
import { Human } from '../vendor/human/dist/human.esm.js';
import { runPeerBench } from '../bench-loop.js';

const params = new URLSearchParams(location.search);
const maxFaces = Number(params.get('maxFaces') ?? 4);
const caching = params.get('caching') === '1';
const human = new Human({
  backend: 'wasm',
  wasmPath: '/vendor/tfjs-backend-wasm/dist/',
  modelBasePath: '/vendor/human/models/',
  cacheModels: false, // every run loads from the server, as a first visit does
  warmup: 'none',
  debug: false,
  cacheSensitivity: caching ? 0.7 : 0, // 0.7: human's default
  filter: { enabled: false },
  gesture: { enabled: false },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
  face: {
    enabled: true,
    detector: { maxDetected: maxFaces, rotation: false },
    mesh: { enabled: true },
    iris: { enabled: false },
    emotion: { enabled: true },
    description: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
});

runPeerBench('human', async () => {
  await human.load();
  await human.tf.ready();
  return { backend: human.tf.getBackend(), tfjs: human.tf.version_core, human: human.version, maxFaces, caching };
}, async (video) => {
  const result = await human.detect(video);
  if (result.error) throw new Error(`human: ${result.error}`);
  return result.face.filter((f) => f.emotion?.length).length;
});
