"""The one training loop every phase uses: epochs of a phase's own step function, checkpointed after each epoch.

A checkpoint holds everything the next epoch depends on — model, optimizer, scheduler, every random generator the
phase draws from (torch's global one, which dropout uses; the phase's torch.Generator and numpy Generator; Python's
`random`), the epoch count and the history so far — so a run killed at any point and started again with the same
settings continues after its last finished epoch and ends with the same weights as one that was never interrupted
(training/tests/test_fit.py proves it on a tiny run). Written through a temporary file and os.replace: a kill while
saving leaves the previous checkpoint intact.
"""
from __future__ import annotations

import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import numpy as np
import torch
from torch import nn

CHECKPOINT_VERSION = 1


def log(*args) -> None:
    """Progress, on stderr: stdout is kept for what a tool prints as its result (JSON)."""
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


@dataclass
class Phase:
    """One training phase: what to fit, and how to run one epoch of it.

    `run_epoch(epoch)` (0-based) trains one epoch and returns its history entry (a JSON-able dict).
    `key` describes the settings (any JSON-able value): a checkpoint made with another key is refused, never resumed.
    """

    name: str
    model: nn.Module
    optimizer: torch.optim.Optimizer
    scheduler: Optional[object]
    epochs: int
    run_epoch: Callable[[int], dict]
    key: object
    torch_generators: Dict[str, torch.Generator] = field(default_factory=dict)
    numpy_generators: Dict[str, np.random.Generator] = field(default_factory=dict)


class CheckpointMismatch(RuntimeError):
    pass


def _state(phase: Phase, epoch: int, history: List[dict]) -> dict:
    return {
        "version": CHECKPOINT_VERSION,
        "name": phase.name,
        "key": json.dumps(phase.key, sort_keys=True),
        "epoch": epoch,
        "history": history,
        "model": phase.model.state_dict(),
        "optimizer": phase.optimizer.state_dict(),
        "scheduler": phase.scheduler.state_dict() if phase.scheduler is not None else None,
        "torch_rng": torch.get_rng_state(),
        "python_rng": random.getstate(),
        "torch_generators": {k: g.get_state() for k, g in phase.torch_generators.items()},
        "numpy_generators": {k: g.bit_generator.state for k, g in phase.numpy_generators.items()},
    }


def _restore(phase: Phase, saved: dict) -> None:
    phase.model.load_state_dict(saved["model"])
    phase.optimizer.load_state_dict(saved["optimizer"])
    if phase.scheduler is not None:
        phase.scheduler.load_state_dict(saved["scheduler"])
    torch.set_rng_state(saved["torch_rng"])
    random.setstate(saved["python_rng"])
    for k, g in phase.torch_generators.items():
        g.set_state(saved["torch_generators"][k])
    for k, g in phase.numpy_generators.items():
        g.bit_generator.state = saved["numpy_generators"][k]


def checkpoint_path(directory: str, name: str) -> str:
    return os.path.join(directory, f"{name}.epoch.pt")


def fit(phase: Phase, checkpoint_dir: Optional[str], on_epoch_end: Optional[Callable[[int, dict], None]] = None) -> List[dict]:
    """Runs the phase's remaining epochs (all of them without a checkpoint) and returns the full history.

    `on_epoch_end(epoch, entry)` is called after the epoch's checkpoint is written (tests interrupt there).
    """
    history: List[dict] = []
    start = 0
    path = checkpoint_path(checkpoint_dir, phase.name) if checkpoint_dir else None
    if path and os.path.exists(path):
        saved = torch.load(path)
        expected = json.dumps(phase.key, sort_keys=True)
        if saved.get("version") != CHECKPOINT_VERSION or saved.get("key") != expected:
            raise CheckpointMismatch(
                f"{path}: expected a checkpoint of {phase.name} with settings {expected}, got version {saved.get('version')} "
                f"with {saved.get('key')}; delete it (or train into another --out) to start this phase again")
        _restore(phase, saved)
        start, history = saved["epoch"], list(saved["history"])
        log(f"{phase.name}: resuming after epoch {start}/{phase.epochs} from {path}")
    for epoch in range(start, phase.epochs):
        entry = phase.run_epoch(epoch)
        history.append(entry)
        if path:
            os.makedirs(checkpoint_dir, exist_ok=True)
            partial = f"{path}.partial"
            torch.save(_state(phase, epoch + 1, history), partial)
            os.replace(partial, path)
        if on_epoch_end:
            on_epoch_end(epoch, entry)
    return history
