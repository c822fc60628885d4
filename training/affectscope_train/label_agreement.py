"""How often FER+'s rater majority and FER2013's single label name the same class, on the same faces: the accuracy
against FER2013's labels of a model that always gives the raters' majority. The ceiling a model trained on the votes
works under when it is scored on FER2013's labels (MODEL_CARD.md, issue 14's two face targets); and the same for
targets that count FER2013's label as K more votes (train.py --fer2013-label-votes).

    cd training && /usr/bin/python3 -m affectscope_train.label_agreement [--split PublicTest]
prints JSON to stdout."""
from __future__ import annotations

import argparse
import json
import os
from typing import List, Sequence

import numpy as np

from .data import SHARED_DATA
from .ferplus import majority_labels, vote_targets, with_label_votes
from .targets import EXPRESSIONS


def label_agreement(majority: np.ndarray, labels: np.ndarray) -> dict:
    """majority [N] (ABAW index, -1: no FER+ majority) and labels [N] (FER2013's, ABAW index) → counts and shares."""
    majority, labels = np.asarray(majority), np.asarray(labels)
    has = majority >= 0
    agree = has & (majority == labels)
    per_class = {}
    for k, name in enumerate(EXPRESSIONS):
        of_class = labels == k
        per_class[name] = {"fer2013Faces": int(of_class.sum()), "raterMajorityAgrees": int((agree & of_class).sum())}
    return {
        "faces": int(len(labels)),
        "withRaterMajority": int(has.sum()),
        "agree": int(agree.sum()),
        # a model that always says the raters' majority, scored on FER2013's labels: right only where the two agree
        "majorityAccuracyOnFer2013Labels": float(agree.sum() / len(labels)) if len(labels) else float("nan"),
        "majorityAccuracyOnFer2013LabelsWhereMajority": float(agree.sum() / has.sum()) if has.any() else float("nan"),
        "perFer2013Class": per_class,
    }


def label_vote_agreement(votes: np.ndarray, labels: np.ndarray,
                         label_votes: Sequence[float] = (0, 1, 2, 3, 4, 5, 6, 8, 10)) -> List[dict]:
    """For each K of --fer2013-label-votes: how often the argmax of the training target (the raters' distribution with
    FER2013's label as K more votes) names the FER+ majority and FER2013's label, on the faces that have a vote target
    (ties go to the lower ABAW index, as argmax does); the FER+ majority share counts only the faces that have one.
    The ceiling of a model that learned that target perfectly."""
    labels = np.asarray(labels)
    dist, known = vote_targets(votes)
    majority = majority_labels(votes)
    with_majority = known & (majority >= 0)
    out = []
    for k in label_votes:
        top = with_label_votes(dist, known, labels, k).argmax(1)
        out.append({"fer2013LabelVotes": k, "faces": int(known.sum()), "facesWithFerplusMajority": int(with_majority.sum()),
                    "agreesWithFerplusMajority": round(float((top == majority)[with_majority].mean()), 4),
                    "agreesWithFer2013Labels": round(float((top == labels)[known].mean()), 4)})
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=SHARED_DATA)
    parser.add_argument("--split", default="PublicTest")
    args = parser.parse_args(argv)
    faces = np.load(os.path.join(args.data, "fer2013", f"fer2013_{args.split}.npz"))
    votes = np.load(os.path.join(args.data, "ferplus", f"ferplus_{args.split}_votes.npz"))
    if not np.array_equal(faces["ids"], votes["ids"]):
        raise SystemExit(f"fer2013_{args.split}.npz and ferplus_{args.split}_votes.npz are not aligned row for row")
    counts = votes["votes"].astype(np.int64)
    out = {"split": args.split, **label_agreement(majority_labels(counts), faces["labels"]),
           "targetWithFer2013LabelVotes": label_vote_agreement(counts, faces["labels"])}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
