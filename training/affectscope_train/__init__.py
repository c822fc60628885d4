"""Training recipe for affectscope's A/V-MT-VGG-RNN (Kollias & Zafeiriou 2019), CPU or CUDA PyTorch."""
import os

# Before torch loads OpenMP: with active waiting, OpenMP threads spin between the small ops of the GRUs and the Python
# work around them, and oversubscribed threads spin-wait for each other; on the 2-core machine a phase-3 epoch took
# 69–93 s instead of 15 s (a GRU step 347 ms instead of 82 ms). Every entry point (npm run train, the ablations, the
# tests) imports this package first. An explicit setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
