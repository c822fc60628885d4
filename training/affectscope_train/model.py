"""PyTorch twins of src/model (TypeScript): the same layers, the same order, the same maths.

Layer for layer (see src/model/vgg-body.ts, gru.ts, head.ts, network.ts):
- VGG body: 13 × (3×3 conv 'same' + ReLU) in VGG-16's 5 blocks (widths 64,128,256,512,512 × widthMultiplier,
  each at least 4), a 2×2 max-pool after each block (ceil_mode = tf 'same'), flatten, fc1 + ReLU.
  tfjs flattens NHWC (h, w, c); PyTorch flattens NCHW (c, h, w): the converter permutes fc1's rows.
- GRU: torch.nn.GRU (gates r|z|n, the same equations as gruCellFromProjection), 2 layers of 128.
- Head: one linear layer to 17 = valence, arousal (tanh) | 8 AUs (sigmoid) | 7 expressions (softmax).
  With an ArcFace-trained expression head (`cosine_expression_scale` set) the 7 expression logits are
  s · cos(embedding, class centre), the class centres being the normalised rows of the head's expression part.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Tuple

import torch
from torch import nn
import torch.nn.functional as F
import numpy as np

VGG16_BLOCKS = [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]
NUM_VA = 2
NUM_AU = 8
NUM_EXPR = 7
OUTPUT_UNITS = NUM_VA + NUM_AU + NUM_EXPR


@dataclass
class Config:
    """Mirrors AvModelConfig (src/model/config.ts)."""

    width_multiplier: float = 0.125  # the visual stream's, and the audio stream's unless audio_width_multiplier is set
    fc_units: int = 0  # 0 = round(4096 · width_multiplier), as defaultFcUnits
    gru_units: int = 128
    gru_layers: int = 2
    crop_size_px: int = 96
    channels: int = 3
    context_frames: int = 64
    freq_bins: int = 128
    audio_width_multiplier: float = 0.0  # 0 = width_multiplier
    audio_fc_units: int = 0  # 0 = fc_units when the widths are the same, else round(4096 · audio_width_multiplier)

    def __post_init__(self) -> None:
        if self.fc_units == 0:
            self.fc_units = default_fc_units(self.width_multiplier)
        if self.audio_width_multiplier == 0:
            self.audio_width_multiplier = self.width_multiplier
        if self.audio_fc_units == 0:
            same = self.audio_width_multiplier == self.width_multiplier
            self.audio_fc_units = self.fc_units if same else default_fc_units(self.audio_width_multiplier)

    def audio_config(self) -> "Config":
        """The audio stream's sizes as a config of their own (both streams that wide): what phase 2 trains."""
        return replace(self, width_multiplier=self.audio_width_multiplier, fc_units=self.audio_fc_units,
                       audio_width_multiplier=self.audio_width_multiplier, audio_fc_units=self.audio_fc_units)

    def to_manifest(self) -> dict:
        """As AvModelConfig; the audio stream's width and fc units only where they differ from the visual stream's
        (so the configs, and checkpoint keys, of models with one width read as before)."""
        audio = {"contextFrames": self.context_frames, "freqBins": self.freq_bins}
        if (self.audio_width_multiplier, self.audio_fc_units) != (self.width_multiplier, self.fc_units):
            audio.update(widthMultiplier=self.audio_width_multiplier, fcUnits=self.audio_fc_units)
        return {
            "widthMultiplier": self.width_multiplier,
            "fcUnits": self.fc_units,
            "gruUnits": self.gru_units,
            "gruLayers": self.gru_layers,
            "face": {"cropSizePx": self.crop_size_px, "channels": self.channels},
            "audio": audio,
        }

    @staticmethod
    def from_manifest(m: dict) -> "Config":
        """AvModelConfig (as the app's converter writes it: the audio stream's width always spelled out) → Config."""
        audio = m["audio"]
        return Config(width_multiplier=m["widthMultiplier"], fc_units=m["fcUnits"], gru_units=m["gruUnits"], gru_layers=m["gruLayers"],
                      crop_size_px=m["face"]["cropSizePx"], channels=m["face"]["channels"], context_frames=audio["contextFrames"],
                      freq_bins=audio["freqBins"], audio_width_multiplier=audio.get("widthMultiplier", 0.0), audio_fc_units=audio.get("fcUnits", 0))


def default_fc_units(width_multiplier: float) -> int:
    """The paper's fc1 has 4096 units; a scaled network keeps the ratio (defaultFcUnits in config.ts)."""
    return max(4, round(4096 * width_multiplier))


def vgg_widths(width_multiplier: float) -> List[Tuple[str, int]]:
    """[(name 'convB_I', out channels)] in order, as vggConvLayers in param-spec.ts (JS Math.round)."""
    layers = []
    for b, (channels, convs) in enumerate(VGG16_BLOCKS):
        out = max(4, int(js_round(channels * width_multiplier)))
        for i in range(1, convs + 1):
            layers.append((f"conv{b + 1}_{i}", out))
    return layers


def js_round(x: float) -> int:
    """JavaScript's Math.round (halves go up), not Python's banker's rounding."""
    import math

    return math.floor(x + 0.5)


class VggBody(nn.Module):
    """Scaled VGG-16 conv body + fc1 + ReLU; input NCHW in [-1, 1] → [N, fc_units]."""

    def __init__(self, in_channels: int, height: int, width: int, config: Config, batch_norm: bool = False):
        super().__init__()
        self.names = [name for name, _ in vgg_widths(config.width_multiplier)]
        convs = []
        norms = []
        c = in_channels
        for _, out in vgg_widths(config.width_multiplier):
            convs.append(nn.Conv2d(c, out, 3, padding=1))
            norms.append(nn.BatchNorm2d(out) if batch_norm else nn.Identity())
            c = out
        self.convs = nn.ModuleList(convs)
        # Training-time only: fold_batch_norm() merges them into the convs, so the app's network has none.
        self.norms = nn.ModuleList(norms) if batch_norm else None
        self.out_channels = c
        self.out_hw = (ceil_div(height, 32), ceil_div(width, 32))
        self.fc1 = nn.Linear(c * self.out_hw[0] * self.out_hw[1], config.fc_units)

    def conv_features(self, x: torch.Tensor) -> torch.Tensor:
        block = "1"
        for name, conv in zip(self.names, self.convs):
            layer_block = name[4 : name.index("_")]
            if layer_block != block:
                x = F.max_pool2d(x, 2, 2, ceil_mode=True)
                block = layer_block
            x = conv(x)
            if self.norms is not None:
                x = self.norms[self.names.index(name)](x)
            x = F.relu(x)
        return F.max_pool2d(x, 2, 2, ceil_mode=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.fc1(torch.flatten(self.conv_features(x), 1)))

    @torch.no_grad()
    def fold_batch_norm(self) -> None:
        """Merges each eval-mode BatchNorm into its conv (w' = w·γ/σ, b' = (b − μ)·γ/σ + β); exact at inference."""
        if self.norms is None:
            return
        for conv, norm in zip(self.convs, self.norms):
            factor = norm.weight / torch.sqrt(norm.running_var + norm.eps)
            conv.weight.mul_(factor.view(-1, 1, 1, 1))
            conv.bias.copy_((conv.bias - norm.running_mean) * factor + norm.bias)
        self.norms = None


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def activate(logits: torch.Tensor) -> torch.Tensor:
    """As outputHead: tanh(VA) | sigmoid(AU) | softmax(expr)."""
    va, au, expr = torch.split(logits, [NUM_VA, NUM_AU, NUM_EXPR], dim=-1)
    return torch.cat([torch.tanh(va), torch.sigmoid(au), torch.softmax(expr, dim=-1)], dim=-1)


class Head(nn.Module):
    """Linear → 17 logits. cosine_scale > 0: expression logits are s · cos(x, W_e) (ArcFace at test time)."""

    def __init__(self, in_features: int, cosine_scale: float = 0.0):
        super().__init__()
        self.linear = nn.Linear(in_features, OUTPUT_UNITS)
        self.cosine_scale = cosine_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.linear(x)
        if self.cosine_scale <= 0:
            return logits
        return torch.cat([logits[..., : NUM_VA + NUM_AU], self.cosine_scale * self.expression_cosines(x)], dim=-1)

    def expression_cosines(self, x: torch.Tensor) -> torch.Tensor:
        centres = F.normalize(self.linear.weight[NUM_VA + NUM_AU :], dim=1)
        return F.normalize(x, dim=-1) @ centres.t()


class AvMtVggRnn(nn.Module):
    """A/V-MT-VGG-RNN (paper §3, Fig. 4): two MT-VGG-RNN streams → concat 256 → 2×GRU(128) → head."""

    architecture = "av-mt-vgg-rnn"

    def __init__(self, config: Config, cosine_scale: float = 0.0, batch_norm: bool = False):
        super().__init__()
        self.config = config
        self.visual = VggBody(config.channels, config.crop_size_px, config.crop_size_px, config, batch_norm)
        self.visual_gru = nn.GRU(config.fc_units, config.gru_units, config.gru_layers, batch_first=True)
        self.audio = VggBody(1, config.context_frames, config.freq_bins, config.audio_config(), batch_norm)
        self.audio_gru = nn.GRU(config.audio_fc_units, config.gru_units, config.gru_layers, batch_first=True)
        self.fusion_gru = nn.GRU(2 * config.gru_units, config.gru_units, config.gru_layers, batch_first=True)
        self.head = Head(config.gru_units, cosine_scale)

    def encode(self, faces: torch.Tensor, audios: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """faces [B, T, 3, S, S], audios [B, T, 1, F, bins] → fc1 features [B, T, fc] each."""
        b, t = faces.shape[:2]
        v = self.visual(faces.flatten(0, 1)).view(b, t, -1)
        a = self.audio(audios.flatten(0, 1)).view(b, t, -1)
        return v, a

    def top(self, v: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        """fc1 features [B, T, fc] → fusion GRU output [B, T, 128] (zero initial state)."""
        hv, _ = self.visual_gru(v)
        ha, _ = self.audio_gru(a)
        h, _ = self.fusion_gru(torch.cat([hv, ha], dim=-1))
        return h

    def forward(self, faces: torch.Tensor, audios: torch.Tensor) -> torch.Tensor:
        """Logits [B, T, 17] (activate() gives what the app shows)."""
        v, a = self.encode(faces, audios)
        return self.head(self.top(v, a))




def export_state(model: AvMtVggRnn) -> Dict[str, "np.ndarray"]:
    """state_dict as float32 numpy under PyTorch's names, BatchNorm folded (the converter maps the names)."""
    import copy

    folded = copy.deepcopy(model).eval()
    folded.visual.fold_batch_norm()
    folded.audio.fold_batch_norm()
    return {k: v.detach().float().cpu().numpy() for k, v in folded.state_dict().items()}
