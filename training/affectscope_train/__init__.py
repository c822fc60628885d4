"""Training recipe for affectscope's A/V-MT-VGG-RNN (Kollias & Zafeiriou 2019), CPU or CUDA PyTorch."""
