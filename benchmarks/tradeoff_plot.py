"""The answered / abstained trade-off of the extractive reader, as a plot."""

from __future__ import annotations

from pathlib import Path


def plot_tradeoff(
    curves: dict[str, list[dict[str, float]]], chosen: float, path: Path, answered_target: float, abstain_target: float
) -> None:
    """Answered against abstained at each threshold, one curve per half, the chosen threshold marked
    and the targets drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 4.5), dpi=120)
    for split, points in curves.items():
        axis.plot([p["answered"] for p in points], [p["abstained"] for p in points], marker=".", label=split)
        mark = min(points, key=lambda p: abs(p["threshold"] - chosen))
        axis.annotate(f"{chosen:.2f}", (mark["answered"], mark["abstained"]), textcoords="offset points", xytext=(5, 5))
    axis.axvline(answered_target, color="grey", linestyle=":")
    axis.axhline(abstain_target, color="grey", linestyle=":")
    axis.set_xlabel("answerable questions answered")
    axis.set_ylabel("near-miss questions abstained on")
    axis.set_title("Extractive reader: each point a threshold (questions asking a type)")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
