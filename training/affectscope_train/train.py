"""Trains the lite A/V-MT-VGG-RNN in three phases, following the paper's recipe (§4 III) within a CPU budget.

1. visual stream (visual.py): MT-VGG (VGG body + fc1 + 17-unit head) on face crops made by the app's own landmarker +
   alignment (luma copied to 3 channels), CCE + BCE + (1 − CCC), expressions from --labels, AUs from --au-targets;
2. audio stream (audio.py): the same body on the app's own spectrogram windows of RAVDESS actors 01–16;
3. recurrent layers (recurrent.py): visual GRU, audio GRU, fusion GRU + output layer on frozen fc1 features, over
   sequences built as documented in MODEL_CARD.md (sequences.py) — once with softmax CCE and once with ArcFace; the
   better on held-out data is exported (export.py).

Every phase checkpoints after each epoch under --checkpoints (fit.py): run the same command again after an
interruption and it resumes after the last finished epoch.
Held out and never trained on: FER2013 PublicTest (or the ABAW Validation_Set with --abaw), RAVDESS actors 17–20.
Usage: /usr/bin/python3 -m affectscope_train.train --cache training/cache --out training/runs/lite
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import time
from dataclasses import replace
from typing import Dict, Tuple

import numpy as np
import torch

from .app_model import load_app_model
from .audio import Teacher, audio_clip_features, train_audio
from .data import SHARED_DATA, load_faces, load_ravdess
from .evaluation import HeldOutFaces
from .export import assemble, write_run
from .face_targets import AU_TARGET_SOURCES, fer_face_targets
from .ferplus import LABEL_MODES, graded_va, majority_labels
from .au_targets import blendshape_au_targets
from .fit import CheckpointMismatch, checkpoint_path, log
from .model import Config
from .recurrent import FaceTeacher, train_recurrent
from .sequences import Features
from .visual import train_visual

# The shipped recipe (MODEL_CARD.md, "Training"): FER2013's label as 6 more votes beside the raters' ("FER2013's own
# label as more votes"), the audio stream distilled from one twice as wide ("The audio stream distilled…"), phase 3
# taught by phase 1's own head.
DEFAULT_FER2013_LABEL_VOTES = 6.0
DEFAULT_AUDIO_TEACHER_WIDTH = 0.25
DEFAULT_FACE_TEACHER_WEIGHT = 1.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", default="training/cache")
    parser.add_argument("--out", default="training/runs/lite")
    parser.add_argument("--checkpoints", default="", help="per-epoch checkpoints (default: <cache>/checkpoints/<name of --out>)")
    parser.add_argument("--labels", choices=LABEL_MODES, default="ferplus-ce", help="expression targets of the face stream (MODEL_CARD.md)")
    parser.add_argument("--fer2013-label-votes", type=float, default=None,
                        help="with the FER+ modes: FER2013's own label counts as this many votes beside the 10 raters' "
                             f"(0 = raters only; default {DEFAULT_FER2013_LABEL_VOTES:g} with FER+ votes, as shipped, else 0)")
    parser.add_argument("--au-targets", choices=AU_TARGET_SOURCES, default="blendshapes", help="AU head targets")
    parser.add_argument("--ferplus-votes", default=os.path.join(SHARED_DATA, "ferplus"),
                        help="folder of ferplus_{train,PublicTest}_votes.npz ('' = none: FER2013 class points for VA)")
    parser.add_argument("--abaw", default="", help="train the face stream on an ABAW layout prepared by `npm run train -- --abaw DIR`: the cache prefix folder")
    parser.add_argument("--width", type=float, default=0.125)
    parser.add_argument("--audio-width", type=float, default=0.0,
                        help="width of the audio stream alone (0 = --width; training/reports/ablation-audio-width.json)")
    parser.add_argument("--visual-epochs", type=int, default=16)
    parser.add_argument("--audio-epochs", type=int, default=24)
    parser.add_argument("--audio-warp", type=float, default=0.0, help="frequency warp (VTLP) of the audio windows, ± this fraction (0 = none; training/reports/ablation-audio-warp.json)")
    parser.add_argument("--audio-stretch", type=float, default=0.0, help="time stretch of the audio windows, ± this fraction (0 = none; training/reports/ablation-audio-warp.json)")
    parser.add_argument("--audio-teacher", default="",
                        help="a phase-2 checkpoint (audio.epoch.pt, e.g. of a wider stream) the audio stream's expressions also learn from")
    parser.add_argument("--audio-teacher-width", type=float, default=None,
                        help="train that teacher here first, an audio stream of this width (checkpoints under <checkpoints>/audio-teacher/; "
                             f"0 = no teacher; default {DEFAULT_AUDIO_TEACHER_WIDTH:g}, as shipped, when the audio stream is narrower, "
                             "unless --audio-teacher or --from-model)")
    parser.add_argument("--audio-teacher-weight", type=float, default=0.5, help="α of the distillation loss (with an audio teacher)")
    parser.add_argument("--audio-teacher-temperature", type=float, default=2.0, help="T of the distillation loss (with an audio teacher)")
    parser.add_argument("--audio-mixup", type=float, default=0.0, help="mixup's Beta(α, α) for the audio stream (0 = none; training/reports/ablation-audio-mixup.json)")
    # 12 × 110 batches: with the AU loss weighted 4, 12 epochs carry more of the face stream's AUs than 2 (held-out AU
    # F1 at thresholds 0.564 → 0.591) and do no worse elsewhere (training/reports/ablation-recurrent-au-epochs.json).
    # Much longer (8 × 300, on the 2026-11 recipe) fitted the training sequences better and did worse on held-out data
    # (ablation-longer-recurrent.json).
    parser.add_argument("--recurrent-epochs", type=int, default=12)
    parser.add_argument("--recurrent-steps", type=int, default=110, help="batches of 32 sequences per epoch")
    parser.add_argument("--sequence-steps", type=int, default=32, help="longest training sequence, video frames (30/s)")
    # 4, not the 0.5 of phases 1 and 2: at 0.5 phase 3 lost most of what the face stream knew about AUs
    # (training/reports/ablation-recurrent-au-weight.json).
    parser.add_argument("--recurrent-au-weight", type=float, default=4.0, help="weight of the AU loss (BCE) in phase 3 (expression 1, VA 0.5)")
    parser.add_argument("--face-teacher-weight", type=float, default=None,
                        help="phase 3's expressions also learn phase 1's own head on face steps, this weight beside the multi-task loss "
                             f"(0 = off; default {DEFAULT_FACE_TEACHER_WEIGHT:g}, as shipped, unless --from-model)")
    parser.add_argument("--face-teacher-temperature", type=float, default=2.0, help="T of that distillation loss")
    parser.add_argument("--views", type=int, default=1, help="face feature views per training image (1 clean + augmented)")
    parser.add_argument("--centroid-batches", type=int, default=60, help="batches of 32 sequences for ArcFace's class centres")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--arc-scale", type=float, default=16.0)
    parser.add_argument("--arc-margin", type=float, default=0.3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--limit", type=int, default=0, help="use only N training faces (smoke tests)")
    parser.add_argument("--seed", type=int, default=1)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--only-audio", action="store_true", help="train the audio stream (and cache its features), then stop")
    only.add_argument("--only-visual", action="store_true",
                      help="train the face stream (phase 1) alone and write its held-out report, then stop (ablations of its targets)")
    only.add_argument("--from-model", default="",
                      help="phase 3 alone, on the visual and audio streams of this app model folder (manifest.json + weights.bin) as shipped; "
                           "with an --audio-width other than the model's, an --audio-teacher or an --audio-teacher-width, phase 2 trains (or resumes) its audio stream")
    args = parser.parse_args(argv)
    resolve_recipe_defaults(parser, args)
    if not (args.face_teacher_weight >= 0 and args.face_teacher_temperature > 0):  # also refuses NaN
        parser.error("--face-teacher-weight must be ≥ 0 and --face-teacher-temperature > 0")
    if args.face_teacher_weight and args.from_model:
        parser.error("--face-teacher-weight: an app model keeps no phase-1 head to learn from; train phase 1 here (without --from-model)")
    args.checkpoints = args.checkpoints or os.path.join(args.cache, "checkpoints", os.path.basename(os.path.normpath(args.out)))
    return args


def resolve_recipe_defaults(parser: argparse.ArgumentParser, args) -> None:
    """The shipped recipe's options where a run leaves them unset, and off where they cannot apply (MODEL_CARD.md,
    "Training"): so `npm run train` alone makes the shipped weights from an empty cache."""
    ferplus = args.labels != "fer2013" and bool(args.ferplus_votes) and not args.abaw
    if args.fer2013_label_votes is None:
        args.fer2013_label_votes = DEFAULT_FER2013_LABEL_VOTES if ferplus else 0.0
    elif not (math.isfinite(args.fer2013_label_votes) and args.fer2013_label_votes >= 0):
        parser.error("--fer2013-label-votes must be a number ≥ 0")
    elif args.fer2013_label_votes and args.abaw:
        parser.error("--fer2013-label-votes: FER2013's labels take no part with --abaw (ABAW's own labels train the face stream)")
    elif args.fer2013_label_votes and not ferplus:  # refused now, not after the audio stream has trained
        parser.error("--fer2013-label-votes: only with the FER+ votes (--labels ferplus-ce or ferplus-prob, and --ferplus-votes)")
    if args.face_teacher_weight is None:
        args.face_teacher_weight = 0.0 if args.from_model else DEFAULT_FACE_TEACHER_WEIGHT
    student = args.audio_width or args.width
    if args.audio_teacher_width is None:
        wider = DEFAULT_AUDIO_TEACHER_WIDTH > student
        args.audio_teacher_width = DEFAULT_AUDIO_TEACHER_WIDTH if wider and not (args.audio_teacher or args.from_model or args.only_visual) else 0.0
    elif not (math.isfinite(args.audio_teacher_width) and args.audio_teacher_width >= 0):
        parser.error("--audio-teacher-width must be a number ≥ 0")
    elif args.audio_teacher_width and args.audio_teacher:
        parser.error("--audio-teacher-width: a teacher to train here, or --audio-teacher: one trained already; not both")
    elif args.audio_teacher_width and args.only_visual:
        parser.error("--audio-teacher-width: --only-visual trains no audio stream")
    elif args.audio_teacher_width and args.audio_teacher_width <= student:
        parser.error(f"--audio-teacher-width {args.audio_teacher_width:g}: a teacher wider than the audio stream ({student:g})")


def load_votes(folder: str, split: str, count: int):
    if not folder:
        return None
    path = os.path.join(folder, f"ferplus_{split}_votes.npz")
    votes = np.load(path)["votes"].astype(np.int64)
    if len(votes) != count:
        raise ValueError(f"{path}: expected {count} rows aligned with the prepared {split} faces, got {len(votes)} "
                         "(prepare the whole split: npm run prepare-data -- faces)")
    return votes


def fer_data(args):
    """FER2013 training faces with their targets, and the held-out PublicTest faces with every label set they have."""
    train = load_faces(args.cache, "fer2013_train")
    test = load_faces(args.cache, "fer2013_PublicTest")
    votes = load_votes(args.ferplus_votes, "train", len(train.labels))
    targets = fer_face_targets(train.labels, args.labels, votes, args.au_targets, train.blendshapes, train.blendshape_names, train.found,
                               fer2013_label_votes=args.fer2013_label_votes)
    test_votes = load_votes(args.ferplus_votes, "PublicTest", len(test.labels))
    labels = {"fer2013": test.labels}
    if test_votes is not None:
        labels["ferplusMajority"] = majority_labels(test_votes)
    held_out = HeldOutFaces(labels, test.found, primary="fer2013" if args.labels == "fer2013" else "ferplusMajority",
                            va=graded_va(test_votes, test.labels) if test_votes is not None else None)
    if test.blendshapes is not None:
        held_out.au, held_out.au_known = blendshape_au_targets(test.blendshapes, test.blendshape_names, test.found)
    if args.limit:
        keep = np.sort(np.random.default_rng(0).permutation(len(train.labels))[: args.limit])
        train, targets = train.subset(keep), targets.subset(keep)
    return train, targets, test, held_out


def face_data(args, clips: str = ""):
    """The face stream's training and held-out faces: ABAW's when --abaw is given, else FER2013's; logged."""
    if args.abaw:
        from .abaw import abaw_data

        train, targets, test, held_out = abaw_data(args.abaw, args.limit)
    else:
        train, targets, test, held_out = fer_data(args)
    log(f"faces: {len(targets.trainable())} of {len(train.labels)} training faces with a target ({args.labels if not args.abaw else 'abaw'}, "
        f"AUs: {args.au_targets}), {len(test.labels)} held out; {clips}device: cpu × {args.threads}")
    return train, targets, test, held_out


def train_only_visual(args, cfg: Config, started: float) -> None:
    """Phase 1 alone: the face stream and its per-epoch and final held-out results, in <out>/visual-report.json."""
    train, targets, test, held_out = face_data(args)
    _, visual_report = train_visual(cfg, train, targets, test, held_out, args.visual_epochs, args.batch, args.seed, args.checkpoints)
    timings = {"visualSeconds": sum(h["seconds"] for h in visual_report["history"]), "totalSeconds": time.time() - started}
    with open(os.path.join(args.out, "visual-report.json"), "w") as f:
        json.dump({"args": vars(args), "visualStream": visual_report, "timings": timings, "torch": torch.__version__}, f, indent=1)
    log(f"wrote {args.out}/visual-report.json in {timings['totalSeconds'] / 60:.1f} min")


def head_score(result: dict) -> float:
    """How phase 3's two heads are compared, on every output and not on expressions alone: the ABAW multi-task score of
    the held-out faces (seed 002: expression macro-F1 + mean valence/arousal CCC + AU mean F1, at 0.5) + RAVDESS
    held-out accuracy. A head that buys a point of expression accuracy with the AU and valence/arousal heads loses."""
    faces = result["faces"]
    known = lambda v: 0.0 if v is None or np.isnan(v) else float(v)
    va = np.mean([known(faces.get("valenceCcc")), known(faces.get("arousalCcc"))])
    au = known((faces.get("actionUnits") or {}).get("meanF1"))
    return known(faces["macroF1"]) + va + au + (result["ravdessHeldOutActors"] or {"accuracy": 0.0})["accuracy"]


def stream_source(manifest: dict) -> dict:
    """Where a stream taken from an app model came from (its own report has how it was trained)."""
    return {"id": manifest["id"], "weightsSha256": [w["sha256"] for w in manifest["weights"]],
            "trainedOn": (manifest.get("provenance") or {}).get("data"), "dtype": manifest["weights"][0]["tensors"][0]["dtype"]}


def train_audio_teacher(args, data, timings: Dict[str, float]) -> Tuple[str, dict]:
    """Phase 2 at --audio-teacher-width, with the run's own audio settings and seed, into <checkpoints>/audio-teacher/
    (resumed, or taken as finished, like every phase); returns its checkpoint (for Teacher.load) and its report."""
    folder = os.path.join(args.checkpoints, "audio-teacher")
    student = checkpoint_path(args.checkpoints, "audio")
    if os.path.exists(student) and "teacher" not in json.loads(torch.load(student)["key"]):  # now, not after the teacher's epochs
        raise CheckpointMismatch(
            f"{student}: an audio stream trained without a teacher (before the recipe's default teacher, or with "
            "--audio-teacher-width 0); this run would distil one of width "
            f"{args.audio_teacher_width:g}. Run again with --audio-teacher-width 0 (and, for a run from before 2026-12-03, "
            "--fer2013-label-votes 0 --face-teacher-weight 0), or train into another --out")
    cfg = Config(width_multiplier=args.audio_teacher_width)
    log(f"audio teacher: an audio stream of width {cfg.width_multiplier:g} (fc {cfg.fc_units}) for the audio stream to learn from")
    _, report = train_audio(cfg.audio_config(), data, args.audio_epochs, args.batch, args.seed, folder, mixup=args.audio_mixup,
                            warp=args.audio_warp, stretch=args.audio_stretch)
    timings["audioTeacherSeconds"] = sum(h["seconds"] for h in report["history"])
    if report["heldOutActors"]:
        log(f"audio teacher: held-out actors clip accuracy {report['heldOutActors']['accuracy']:.4f}")
    return checkpoint_path(folder, "audio"), {"width": cfg.width_multiplier, "heldOutActors": report["heldOutActors"], "history": report["history"]}


def main(argv=None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    started = time.time()
    cfg = Config(width_multiplier=args.width, audio_width_multiplier=args.audio_width)
    os.makedirs(args.checkpoints, exist_ok=True)
    if args.only_visual:  # needs no speech: an ablation of the face stream's targets or settings
        train_only_visual(args, cfg, started)
        return
    shipped, shipped_audio = None, False
    if args.from_model:  # the streams as the app runs them: only phase 3 is trained (and phase 2, for another audio width)
        shipped, manifest = load_app_model(args.from_model)
        # the model's audio stream unless this run asks for another one (another width, or a teacher to learn from)
        shipped_audio = args.audio_from_model = shipped.config.audio_config() == cfg.audio_config() and not (args.audio_teacher or args.audio_teacher_width)
        if replace(shipped.config, audio_width_multiplier=cfg.audio_width_multiplier, audio_fc_units=cfg.audio_fc_units) != cfg:
            raise SystemExit(f"--from-model {args.from_model}: config {manifest['config']} differs from this run's {cfg.to_manifest()} (--width)")
        # named by id and weights, not by this machine's path: the text goes into the new model's provenance
        args.from_model_name = f"{manifest['id']} (weights sha256 {manifest['weights'][0]['sha256'][:12]}…)"
        log(f"phase 3 alone, on the visual and audio streams of {args.from_model}: {args.from_model_name}, as shipped" if shipped_audio else
            f"the visual stream of {args.from_model}: {args.from_model_name}, as shipped; phase 2 (audio stream of width "
            f"{cfg.audio_width_multiplier}{', with a teacher' if args.audio_teacher or args.audio_teacher_width else ''}) and phase 3 trained here")
    data = load_ravdess(args.cache, cfg.context_frames)
    if args.limit:
        data.clips = data.clips[::37]
    timings: Dict[str, float] = {}
    features_path = os.path.join(args.checkpoints, "audio_features.npz")
    if shipped_audio:
        audio_body, audio_report = shipped.audio, {"fromModel": stream_source(manifest)}
    else:
        teacher_checkpoint, teacher_report = args.audio_teacher, None
        if args.audio_teacher_width:
            teacher_checkpoint, teacher_report = train_audio_teacher(args, data, timings)
        teacher = Teacher.load(teacher_checkpoint, args.audio_teacher_weight, args.audio_teacher_temperature) if teacher_checkpoint else None
        args.audio_teacher_source = teacher.source if teacher else ""  # named by width and weights, not by this machine's path
        audio, audio_report = train_audio(cfg.audio_config(), data, args.audio_epochs, args.batch, args.seed, args.checkpoints, mixup=args.audio_mixup,
                                          warp=args.audio_warp, stretch=args.audio_stretch, teacher=teacher)
        audio_body = audio.body
        if teacher_report:
            audio_report["teacherStream"] = teacher_report
        timings["audioSeconds"] = sum(h["seconds"] for h in audio_report["history"])
        if audio_report["heldOutActors"]:
            log(f"audio stream: held-out actors clip accuracy {audio_report['heldOutActors']['accuracy']:.4f}")
    if args.only_audio:  # the stream's report first: an ablation needs no more
        with open(os.path.join(args.out, "audio-report.json"), "w") as f:
            json.dump({"args": vars(args), "audioStream": audio_report, "timings": timings, "torch": torch.__version__}, f, indent=1)
    t0 = time.time()
    audio_clip_features(audio_body, data, features_path)
    timings["audioFeatureSeconds"] = time.time() - t0
    if args.only_audio:
        return

    train, targets, test, held_out = face_data(args, clips=f"clips: {len(data.clips)}; ")
    face_teacher = None
    if shipped is not None:
        visual_body, visual_report = shipped.visual, {"fromModel": stream_source(manifest)}
    else:
        visual, visual_report = train_visual(cfg, train, targets, test, held_out, args.visual_epochs, args.batch, args.seed, args.checkpoints)
        visual_body = visual.body
        if args.face_teacher_weight:
            face_teacher = FaceTeacher(visual.head, args.face_teacher_weight, args.face_teacher_temperature)
        timings["visualSeconds"] = sum(h["seconds"] for h in visual_report["history"])

    t0 = time.time()
    feats = Features(visual_body, audio_body, train, targets, test, data, args.views, args.seed, features_path)
    timings["featureSeconds"] = time.time() - t0
    results, models = {}, {}
    for kind in ("softmax", "arcface"):
        models[kind], results[kind] = train_recurrent(cfg, feats, held_out, kind, args.recurrent_epochs, args.recurrent_steps, args.seed,
                                                      args.arc_scale, args.arc_margin, args.sequence_steps, args.checkpoints,
                                                      centroid_batches=args.centroid_batches, au_weight=args.recurrent_au_weight,
                                                      face_teacher=face_teacher)
        timings[f"recurrent_{kind}Seconds"] = sum(h["seconds"] for h in results[kind]["history"])
        r = results[kind]
        speech = r["ravdessHeldOutActors"]["accuracy"] if r["ravdessHeldOutActors"] else float("nan")
        log(f"{kind}: held-out faces {r['faces']['accuracy']:.4f} (macro-F1 {r['faces']['macroF1']:.4f}), RAVDESS held-out {speech:.4f}")
    chosen = max(results, key=lambda k: head_score(results[k]))
    log(f"exporting the {chosen} head (held-out face MTL score + RAVDESS accuracy: "
        + ", ".join(f"{k} {head_score(r):.3f}" for k, r in results.items()) + ")")
    model = assemble(cfg, visual_body, audio_body, models[chosen])
    timings["totalSeconds"] = time.time() - started
    report = {
        "config": cfg.to_manifest(),
        "args": vars(args),
        "visualStream": visual_report,
        "audioStream": audio_report,
        "recurrent": results,
        "chosen": chosen,
        "timings": timings,
        "torch": torch.__version__,
        "threads": args.threads,
    }
    write_run(args.out, cfg, model, report, results[chosen], chosen, timings, args)
    log(f"wrote {args.out}/model.safetensors and report.json in {timings['totalSeconds'] / 60:.1f} min")


if __name__ == "__main__":
    main()
