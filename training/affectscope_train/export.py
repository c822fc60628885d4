"""Export: the three phases' parts assembled into the app's network, its safetensors file, the report, and the
provenance the manifest carries (the app shows it; MODEL_CARD.md has the details)."""
from __future__ import annotations

import json
import os
from typing import Dict

import numpy as np
import torch

from . import safetensors_io
from .model import AvMtVggRnn, Config, VggBody, export_state
from .recurrent import Recurrent

LABEL_SOURCES = {
    "fer2013": "FER2013's single labels",
    "ferplus-prob": "FER+ rater votes (Barsoum et al. 2016), probabilistic label drawing",
    "ferplus-ce": "FER+ rater votes (Barsoum et al. 2016), cross-entropy against the vote distribution",
    "abaw": "Aff-Wild2 (ABAW) expression labels",
}


def derived_outputs(args) -> Dict[str, object]:
    """The outputs not learned from human labels, in words (the manifest's provenance.derivedOutputs); `measured` names
    those trained on another model's measurement rather than on a derived target (src/core/derived-outputs.ts)."""
    if args.abaw:
        # Valence/arousal and seven of the eight AUs have Aff-Wild2's human labels; only AU20 is measured.
        return {
            "actionUnits": "AU 1, 2, 4, 6, 12, 15, 25 trained on Aff-Wild2 (ABAW) human AU labels; AU20 has no ABAW label "
            "and is trained on the landmarker's blendshape-measured AU20.",
            "measured": ["actionUnits"],
        }
    if args.au_targets == "blendshapes":
        au = ("Measured, not annotated: trained per face on the AUs that MediaPipe Face Landmarker's blendshapes give by the app's "
              "table (src/core/au/blendshape-aus.ts: activation 0 at rest, 0.5 at the presence threshold, 1 at full scale); "
              "no AU target for faces the landmarker missed, nor for a voice alone.")
    else:
        au = ("Not annotated in the training data: trained on expression → AU occurrence priors (Du, Tao & Martinez 2014, Table 1: "
              "prototypical AUs 1.0, variants at their observed frequency). The bars show how typical each AU is of the expression "
              "the model sees, not a measured AU.")
    va = ("Derived, not annotated: for faces, the expected point on Russell's circumplex over the FER+ raters' votes (a point per "
          "expression set by us, weighted by vote share) scaled by rater agreement (½ + ½ · the top class's share); for speech, the "
          "expression's point scaled by RAVDESS intensity (normal 0.6, strong 1.0).") if args.ferplus_votes else (
          "Derived, not annotated: a fixed valence/arousal point per expression (Russell's circumplex layout, values set by us), "
          "scaled by RAVDESS intensity (normal 0.6, strong 1.0; FER2013 0.8).")
    outputs: Dict[str, object] = {"actionUnits": au, "valenceArousal": va}
    if args.au_targets == "blendshapes":
        outputs["measured"] = ["actionUnits"]
    return outputs


def assemble(cfg: Config, visual: VggBody, audio: VggBody, recurrent: Recurrent) -> AvMtVggRnn:
    """The app's network from the two stream bodies (with BatchNorm as trained, or folded as an app model's) and phase 3."""
    if (visual.norms is None) != (audio.norms is None):  # one stream from an app model, the other trained here
        visual, audio = (folded(body) for body in (visual, audio))
    model = AvMtVggRnn(cfg, recurrent.head.cosine_scale, batch_norm=visual.norms is not None)
    model.visual.load_state_dict(visual.state_dict())
    model.audio.load_state_dict(audio.state_dict())
    for name in ("visual_gru", "audio_gru", "fusion_gru", "head"):
        getattr(model, name).load_state_dict(getattr(recurrent, name).state_dict())
    return model.eval()


def folded(body: VggBody) -> VggBody:
    """A copy of `body` with its BatchNorm merged into the convs (exact in eval mode); the body itself is left as it is."""
    import copy

    body = copy.deepcopy(body).eval()
    body.fold_batch_norm()
    return body


def phase_minutes(timings: Dict[str, float]) -> str:
    """Each phase's training time (summed over its epochs, whatever runs they were spread over)."""
    recurrent = sum(v for k, v in timings.items() if k.startswith("recurrent_")) + timings.get("featureSeconds", 0)
    visual, audio = timings.get("visualSeconds", 0), timings.get("audioSeconds", 0) + timings.get("audioFeatureSeconds", 0)
    teacher = timings.get("audioTeacherSeconds", 0)
    # --from-model trains neither stream, or only the audio one; the audio teacher only when trained in the run
    streams = "".join(f"{name} {seconds / 60:.0f} min, " for name, seconds, trained in
                      (("audio teacher", teacher, "audioTeacherSeconds" in timings), ("visual stream", visual, "visualSeconds" in timings),
                       ("audio stream", audio, "audioSeconds" in timings)) if trained)
    return f"{streams}recurrent layers {recurrent / 60:.1f} min ({(teacher + visual + audio + recurrent) / 60:.0f} min of training)"


# Held-out label set → the key prefix the page's held-out table knows (src/app/components/held-out.ts).
METRIC_PREFIX = {"fer2013": "ferPublicTest", "ferplusMajority": "ferplusPublicTest", "abaw": "abawValidation"}


def held_out_metrics(faces: dict, speech) -> dict:
    """The manifest's heldOutMetrics: accuracy and macro-F1 per label set, AU mean F1, VA CCC, RAVDESS actors 17-20."""
    metrics = {}
    for labels, prefix in METRIC_PREFIX.items():
        if labels in faces and faces[labels]["n"]:
            metrics[f"{prefix}Accuracy"] = round(faces[labels]["accuracy"], 4)
            metrics[f"{prefix}MacroF1"] = round(faces[labels]["macroF1"], 4)
    prefix = METRIC_PREFIX[faces["primaryLabels"]]
    if faces.get("actionUnits") and faces["actionUnits"]["meanF1"] is not None:
        metrics[f"{prefix}AuMeanF1"] = round(faces["actionUnits"]["meanF1"], 4)
    for key in ("valenceCcc", "arousalCcc"):
        if faces.get(key) is not None and faces[key] == faces[key]:
            metrics[prefix + key[0].upper() + key[1:]] = round(faces[key], 4)
    if faces.get("abawChallenge") and np.isfinite(faces["abawChallenge"]["mtlScore"]):
        metrics["abawValidationMtlScore"] = round(faces["abawChallenge"]["mtlScore"], 4)
    if speech:
        metrics["ravdessActors17to20Accuracy"] = round(speech["accuracy"], 4)
        metrics["ravdessActors17to20MacroF1"] = round(speech["macroF1"], 4)
    metrics["measuredWith"] = "training/affectscope_train (PyTorch on the cached crops of the app's own preprocessing); npm run evaluate re-measures through the app"
    return metrics


def training_note(timings: Dict[str, float], args) -> str:
    """How the weights were made, for the provenance notes: a whole run, or (--from-model) which streams were kept."""
    if not getattr(args, "from_model", ""):
        taught = f"audio stream distilled from a {args.audio_teacher_source}; " if getattr(args, "audio_teacher_source", "") else ""
        return f"Trained by affectscope (npm run train) on {args.threads} CPU threads: {phase_minutes(timings)}; " + taught
    if getattr(args, "audio_from_model", True):
        streams = f"Visual and audio streams those of the app model {args.from_model_name} (their training: MODEL_CARD.md); "
    else:
        taught = ""
        if getattr(args, "audio_teacher_source", ""):
            option = f" --audio-teacher-width {args.audio_teacher_width:g}" if getattr(args, "audio_teacher_width", 0) else " --audio-teacher"
            taught = f"{option}: distilled from a {args.audio_teacher_source}"
        options = (f" --audio-width {args.audio_width}" if args.audio_width else "") + taught
        streams = (f"Visual stream that of the app model {args.from_model_name} (its training: MODEL_CARD.md), audio stream of width "
                   f"{args.audio_width or args.width} trained by affectscope (npm run train -- --from-model{options}); ")
    return (streams + f"recurrent layers trained again by affectscope (npm run train -- --from-model) on {args.threads} CPU threads, "
            f"AU loss weight {args.recurrent_au_weight}: {phase_minutes(timings)}; ")


def face_teacher_note(args) -> str:
    weight = getattr(args, "face_teacher_weight", 0)
    if not weight:
        return ""
    return (f"phase 3's expression outputs also learned the face stream's own phase-1 head on face steps (knowledge "
            f"distillation, weight {weight:g}, temperature {args.face_teacher_temperature:g}); ")


def provenance(result: dict, chosen: str, timings: Dict[str, float], args) -> dict:
    faces, speech = result["faces"], result["ravdessHeldOutActors"]
    label_source = LABEL_SOURCES["abaw" if args.abaw else args.labels]
    if not args.abaw and getattr(args, "fer2013_label_votes", 0):
        votes = args.fer2013_label_votes
        label_source += f", with FER2013's own label counted as {votes:g} more vote{'' if votes == 1 else 's'}"
    metrics = held_out_metrics(faces, speech)
    data = (f"Aff-Wild2 (ABAW) cropped-aligned frames of the official Train_Set for the face stream ({label_source})"
            if args.abaw else f"FER2013 Training faces for the face stream, expressions from {label_source}")
    return {
        "data": data + "; RAVDESS speech of actors 01-16 (960 clips) for the audio stream; fused on label-matched pairs. "
        "Held out: " + ("the ABAW Validation_Set" if args.abaw else "FER2013 PublicTest") + ", RAVDESS actors 17-20.",
        "licence": "CC BY-NC-SA 4.0 (inherited from RAVDESS); FER2013 is for research use: non-commercial research use only",
        "heldOutMetrics": metrics,
        "notes": training_note(timings, args) + face_teacher_note(args)
        + f"expression head: {'ArcFace (cosine to class centroids)' if chosen == 'arcface' else 'softmax'}. "
        f"Expressions are learned from {label_source}. See MODEL_CARD.md.",
        "derivedOutputs": derived_outputs(args),
    }


def write_run(out: str, cfg: Config, model: AvMtVggRnn, report: dict, result: dict, chosen: str, timings: Dict[str, float], args) -> None:
    metadata = {
        "architecture": "av-mt-vgg-rnn",
        "config": json.dumps(cfg.to_manifest()),
        "report": json.dumps({"chosen": chosen, "heldOutFaces": result["faces"]["accuracy"],
                              "ravdessHeldOutActors": (result["ravdessHeldOutActors"] or {}).get("accuracy")}),
    }
    if chosen == "arcface":
        metadata["expressionHead"] = json.dumps({"kind": "cosine", "scale": args.arc_scale})
    safetensors_io.save(os.path.join(out, "model.safetensors"), export_state(model), metadata)
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(out, "provenance.json"), "w") as f:
        json.dump(provenance(result, chosen, timings, args), f, indent=1)
