"""Training recipe for affectscope's A/V-MT-VGG-RNN (Kollias & Zafeiriou 2019), CPU or CUDA PyTorch."""
import os

# Before torch loads OpenMP: with active waiting, OpenMP threads spin between the small ops of the GRUs and the Python
# work around them; on the 2-core machine a phase-3 epoch took 69–93 s instead of 15 s (a GRU step 347 ms instead of
# 82 ms). npm run train sets the same; this covers `python3 -m affectscope_train.…` run by hand. An explicit setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
