"""The app model read back into PyTorch (app_model.py) and phase 3 trained again on it (train.py --from-model), driven by
tools/data/training-python.test.ts around the app's own converter (npm run convert-weights):

  python3 tests/app_model_roundtrip.py train DIR   a tiny synthetic run → DIR/run/model.safetensors
  (the test converts it: DIR/roundtrip, float32)
  python3 tests/app_model_roundtrip.py check DIR   prints JSON: the read-back model against the PyTorch export, and a
                                                   --from-model run on DIR/roundtrip
  python3 tests/app_model_roundtrip.py wider DIR   a --from-model run on DIR/roundtrip with an audio stream twice as wide
                                                   → DIR/wider/model.safetensors (the test converts it: DIR/app/wider)
  python3 tests/app_model_roundtrip.py check-wider DIR   prints JSON: DIR/app/wider read back against its export, and a
                                                   --from-model run whose audio stream learns from the wider one's
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from affectscope_train import safetensors_io  # noqa: E402
from affectscope_train.app_model import load_app_model  # noqa: E402
from affectscope_train.model import AvMtVggRnn, Config  # noqa: E402
from affectscope_train.train import main  # noqa: E402
from synthetic import TINY_ARGS, write_cache  # noqa: E402


def exported_model(path: str) -> AvMtVggRnn:
    tensors, metadata = safetensors_io.load(path)
    model = AvMtVggRnn(Config.from_manifest(json.loads(metadata["config"])))
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()})
    return model.eval()


def train(folder: str) -> None:
    write_cache(os.path.join(folder, "cache"))
    main(["--cache", os.path.join(folder, "cache"), "--ferplus-votes", os.path.join(folder, "cache"), *TINY_ARGS, "--out", os.path.join(folder, "run")])


def check(folder: str) -> None:
    original = exported_model(os.path.join(folder, "run", "model.safetensors"))
    loaded, manifest = load_app_model(os.path.join(folder, "roundtrip"))
    result = same_outputs(original, loaded)

    main(["--cache", os.path.join(folder, "cache"), "--ferplus-votes", os.path.join(folder, "cache"), *TINY_ARGS,
          "--from-model", os.path.join(folder, "roundtrip"), "--recurrent-au-weight", "2", "--out", os.path.join(folder, "again")])
    again = exported_model(os.path.join(folder, "again", "model.safetensors"))
    result["streamsKept"] = same(again.visual, loaded.visual) and same(again.audio, loaded.audio)
    result["recurrentRetrained"] = not same(again.fusion_gru, loaded.fusion_gru)
    with open(os.path.join(folder, "again", "report.json")) as f:
        report = json.load(f)
    with open(os.path.join(folder, "again", "provenance.json")) as f:
        provenance = json.load(f)
    result["visualFrom"] = report["visualStream"]["fromModel"]["id"]
    result["audioFrom"] = report["audioStream"]["fromModel"]["id"]
    result["manifestId"] = manifest["id"]
    result["auWeight"] = report["args"]["recurrent_au_weight"]
    result["notes"] = provenance["notes"]
    print(json.dumps(result))


def same(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def same_outputs(original: AvMtVggRnn, loaded: AvMtVggRnn) -> dict:
    cfg = original.config
    g = torch.Generator().manual_seed(3)
    faces = torch.rand(2, 5, cfg.channels, cfg.crop_size_px, cfg.crop_size_px, generator=g) * 2 - 1
    audios = torch.rand(2, 5, 1, cfg.context_frames, cfg.freq_bins, generator=g) * 2 - 1
    with torch.no_grad():
        expected, got = original(faces, audios), loaded(faces, audios)
    return {"outputMaxAbsDiff": float((expected - got).abs().max()), "outputMaxAbs": float(expected.abs().max())}


def wider(folder: str) -> None:
    main(["--cache", os.path.join(folder, "cache"), "--ferplus-votes", os.path.join(folder, "cache"), *TINY_ARGS,
          "--from-model", os.path.join(folder, "roundtrip"), "--audio-width", "0.0625", "--out", os.path.join(folder, "wider")])


def check_wider(folder: str) -> None:
    original = exported_model(os.path.join(folder, "wider", "model.safetensors"))
    loaded, manifest = load_app_model(os.path.join(folder, "app", "wider"))
    first, _ = load_app_model(os.path.join(folder, "roundtrip"))
    result = same_outputs(original, loaded)
    result["visualKept"] = same(loaded.visual, first.visual)
    result["config"] = manifest["config"]
    result["audioConvChannels"] = [conv.out_channels for conv in loaded.audio.convs]
    with open(os.path.join(folder, "wider", "provenance.json")) as f:
        result["notes"] = json.load(f)["notes"]

    # the model's own width, its audio stream distilled from the wider one
    teacher = os.path.join(folder, "cache", "checkpoints", "wider", "audio.epoch.pt")
    main(["--cache", os.path.join(folder, "cache"), "--ferplus-votes", os.path.join(folder, "cache"), *TINY_ARGS,
          "--from-model", os.path.join(folder, "roundtrip"), "--audio-teacher", teacher, "--out", os.path.join(folder, "taught")])
    taught = exported_model(os.path.join(folder, "taught", "model.safetensors"))
    result["taughtVisualKept"] = same(taught.visual, first.visual)
    result["taughtAudioRetrained"] = not same(taught.audio, first.audio)
    result["taughtConfig"] = taught.config.to_manifest()
    with open(os.path.join(folder, "taught", "provenance.json")) as f:
        result["taughtNotes"] = json.load(f)["notes"]
    print(json.dumps(result))


if __name__ == "__main__":
    {"train": train, "check": check, "wider": wider, "check-wider": check_wider}[sys.argv[1]](sys.argv[2])
