"""How the bench states its figures: one `name: value unit` line each, after a header line."""

from __future__ import annotations

import os


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` 0.5 is the median) of a non-empty sample."""
    if not samples:
        raise ValueError("no samples to take a percentile of")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def figure(name: str, value: float | int, unit: str = "") -> str:
    """`name: value unit`: integers as they are, ratios with two decimals, the rest with one."""
    if isinstance(value, int):
        text = str(value)
    elif unit:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{name}: {text} {unit}".rstrip()


def header(*, database: str, sizes: dict[str, int], workers: int, load_workers: int) -> str:
    """The first line: where, how much, how busy the machine already is, and how many workers."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    parts = [f"database: {database}"]
    parts += [f"{name}: {value}" for name, value in sizes.items()]
    parts += [
        f"load average: {load}",
        f"cpus: {os.cpu_count()}",
        f"gunicorn workers: {workers} (load run: {load_workers})",
    ]
    return "; ".join(parts)
