"""Bar charts for the benchmarks' figures: one for the terminal, the same as an SVG file."""

from __future__ import annotations

from html import escape


def bar_chart(
    rows: list[tuple[str, float]], *, width: int = 48, unit: str = "s", digits: int = 3
) -> list[str]:
    """Horizontal bars, longest = `width` characters, for a terminal."""
    longest = max(value for _, value in rows) or 1
    return [
        f"  {label:<24} {'█' * max(1, round(value / longest * width)):<{width}} {value:8.{digits}f} {unit}"
        for label, value in rows
    ]


def svg_chart(rows: list[tuple[str, float]], title: str, *, unit: str = "s", digits: int = 3) -> str:
    """The same bars as an SVG file, for the issue note or a browser."""
    bar_height, gap, left, width = 22, 8, 260, 420
    longest = max(value for _, value in rows) or 1
    height = 40 + len(rows) * (bar_height + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 110}" height="{height}" '
        f'font-family="sans-serif" font-size="13" role="img" aria-label="{escape(title)}">',
        f'<text x="10" y="20" font-weight="bold">{escape(title)}</text>',
    ]
    for n, (label, value) in enumerate(rows):
        y = 32 + n * (bar_height + gap)
        length = max(1, round(value / longest * width))
        parts += [
            f'<text x="10" y="{y + 15}">{escape(label)}</text>',
            f'<rect x="{left}" y="{y}" width="{length}" height="{bar_height}" fill="#1d70b8"/>',
            f'<text x="{left + length + 6}" y="{y + 15}">{value:.{digits}f} {escape(unit)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
