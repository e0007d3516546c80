"""A radar chart of category scores as inline SVG (server-side: no JavaScript in PDFs)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape


def radar_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    size: int = 360,
    rings: int = 5,
    maximum: float = 100.0,
    title: str = "",
) -> str:
    """Category scores (0–``maximum``) on a polygon per ring; fewer than three categories
    are drawn as horizontal bars (a radar needs three axes)."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    n = len(labels)
    if n < 3:
        return _bars(labels, values, size=size, maximum=maximum, title=title)
    width = int(size * 1.5)  # room for labels left and right
    cx, cy = width / 2, size / 2
    radius = size * 0.32

    def point(i: int, r: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" '
        f'width="{width}" height="{size}" role="img" aria-label="{escape(title)}" class="gm-radar">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for ring in range(1, rings + 1):
        r = radius * ring / rings
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, r) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#c8d3cc" stroke-width="1"/>')
    for i in range(n):
        x, y = point(i, radius)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8d3cc" stroke-width="1"/>'
        )
    clipped = [min(max(v, 0.0), maximum) for v in values]
    pts = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (point(i, radius * v / maximum) for i, v in enumerate(clipped))
    )
    parts.append(
        f'<polygon points="{pts}" fill="rgba(25,135,84,0.25)" stroke="#198754" stroke-width="2"/>'
    )
    for i, v in enumerate(clipped):
        x, y = point(i, radius * v / maximum)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#198754"/>')
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, y = point(i, radius + 26)
        anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + 14:.1f}" text-anchor="{anchor}" font-size="11" '
            f'fill="#555" dominant-baseline="middle">{value:.1f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _bars(
    labels: Sequence[str], values: Sequence[float], *, size: int, maximum: float, title: str
) -> str:
    height = 30 * len(labels) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" width="{size}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="gm-radar">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + 30 * i
        width = (size - 140) * min(max(value, 0.0), maximum) / maximum
        parts.append(f'<text x="0" y="{y + 12}" font-size="12">{escape(label)}</text>')
        parts.append(f'<rect x="100" y="{y}" width="{width:.1f}" height="18" fill="#198754"/>')
        parts.append(f'<text x="{104 + width:.1f}" y="{y + 13}" font-size="11">{value:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)
