"""Ablation: the AU loss weight (and the epoch count) of phase 3, on the streams of an app model (as shipped), all else
as the recipe.

Phase 3 sees the faces' fc1 features and must carry the AUs through three GRUs to the output layer; with the recipe's
former AU weight (0.5) its held-out AU F1 fell well below phase 1's (training/reports/av-mt-vgg-rnn-lite.json). This
trains the softmax head once per weight (× epoch count, with --epochs) on the same features and reports, on held-out
PublicTest faces, the AU F1 at 0.5 and at thresholds chosen on training faces (as `npm run evaluate -- --calibrate-au`
does in the app), beside expression accuracy and RAVDESS actors 17–20, so the trade is visible.

Usage: cd training && /usr/bin/python3 -m affectscope_train.ablate_recurrent_au --cache cache \\
         --from-model ../public/models/av-mt-vgg-rnn-lite --weights 0.5,1,2,4 --out runs/ablation-recurrent-au
       (add --epochs 2,6,12 to train each weight for 2, 6 and 12 epochs of --recurrent-steps batches)
       The training options are train.py's, defaults included: since 2026-12-03 FER2013's label counts as 6 more votes in
       the faces' targets (--fer2013-label-votes 6); the reports made before then ran at 0 (add --fer2013-label-votes 0).
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import torch

from .app_model import load_app_model
from .au_targets import AU_NAMES
from .data import load_ravdess
from .fit import log
from .metrics import au_report, choose_au_thresholds
from .model import NUM_AU, NUM_VA
from .recurrent import single_step, train_recurrent
from .sequences import Features
from .train import face_data, parse_args as recipe_args

CALIBRATION_FACES = 4000


def single_step_au(model, faces: np.ndarray, silence: np.ndarray) -> np.ndarray:
    """P(AU) [N, 8] for each face alone (recurrent.single_step)."""
    return torch.sigmoid(single_step(model, faces, silence)[1][:, NUM_VA : NUM_VA + NUM_AU]).numpy()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default="0.5,1,2,4")
    parser.add_argument("--epochs", default="", help="phase-3 epoch counts to try with each weight (default: the recipe's --recurrent-epochs)")
    parser.add_argument("--out", required=True)
    own, rest = parser.parse_known_args(argv)
    args = recipe_args([*rest, "--out", own.out])
    if not args.from_model:
        parser.error("--from-model is required")
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    shipped, manifest = load_app_model(args.from_model)
    cfg = shipped.config
    data = load_ravdess(args.cache, cfg.context_frames)
    train, targets, test, held_out = face_data(args)
    t0 = time.time()
    os.makedirs(args.checkpoints, exist_ok=True)
    feats = Features(shipped.visual, shipped.audio, train, targets, test, data, args.views, args.seed,
                     os.path.join(args.checkpoints, "audio_features.npz"))
    feature_seconds = time.time() - t0
    # Calibration faces: evenly spaced training faces with measured AUs (as the app's --calibrate-au --limit 4000).
    measured = np.flatnonzero(targets.au_known.any(1))
    calibration = measured[np.linspace(0, len(measured) - 1, min(CALIBRATION_FACES, len(measured))).astype(int)]
    runs = {}
    epoch_counts = [int(e) for e in own.epochs.split(",")] if own.epochs else [args.recurrent_epochs]
    for epochs in epoch_counts:
        for weight in [float(w) for w in own.weights.split(",")]:
            name = f"{weight:g}x{epochs}ep"
            t0 = time.time()
            model, result = train_recurrent(cfg, feats, held_out, "softmax", epochs, args.recurrent_steps, args.seed,
                                            args.arc_scale, args.arc_margin, args.sequence_steps,
                                            os.path.join(args.checkpoints, f"au-weight-{name}"), au_weight=weight)
            thresholds = choose_au_thresholds(single_step_au(model, feats.train_faces[calibration, 0], feats.silence),
                                              targets.au[calibration] >= 0.5, targets.au_known[calibration])
            calibrated = au_report(single_step_au(model, feats.test_faces, feats.silence), held_out.au, held_out.au_known,
                                   AU_NAMES, thresholds=thresholds)
            faces = result["faces"]
            runs[name] = {
                "auWeight": weight,
                "epochs": epochs,
                "ferplusMajority": {"accuracy": faces["ferplusMajority"]["accuracy"], "macroF1": faces["ferplusMajority"]["macroF1"]},
                "fer2013": {"accuracy": faces["fer2013"]["accuracy"], "macroF1": faces["fer2013"]["macroF1"]},
                "ravdessHeldOutActors": (result["ravdessHeldOutActors"] or {}).get("accuracy"),
                "valenceArousalCcc": [faces.get("valenceCcc"), faces.get("arousalCcc")],
                "auF1At05": {"perAu": {n: round(v["f1"], 4) for n, v in faces["actionUnits"]["perAu"].items()}, "mean": faces["actionUnits"]["meanF1"]},
                "auCcc": faces["actionUnits"]["meanCcc"],
                "auThresholds": [round(float(t), 4) for t in thresholds],
                "auF1AtThresholds": {"perAu": {n: round(v["f1"], 4) for n, v in calibrated["perAu"].items()}, "mean": calibrated["meanF1"]},
                "seconds": time.time() - t0,
            }
            log(f"AU weight {weight:g}, {epochs} epochs: FER+ {faces['ferplusMajority']['accuracy']:.4f}, "
                f"RAVDESS {runs[name]['ravdessHeldOutActors']}, AU F1 at 0.5 {faces['actionUnits']['meanF1']:.4f}, "
                f"at thresholds {calibrated['meanF1']:.4f}")
    report = {"fromModel": {"dir": args.from_model, "id": manifest["id"], "weightsSha256": [w["sha256"] for w in manifest["weights"]]},
              "args": vars(args), "weights": own.weights, "epochs": own.epochs, "calibrationFaces": int(len(calibration)), "featureSeconds": feature_seconds,
              "runs": runs, "torch": torch.__version__}
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    log(f"wrote {args.out}/report.json")


if __name__ == "__main__":
    main()
