"""A bar chart of applications by month as inline SVG, drawn on the server so it needs no
JavaScript; the page puts the same numbers in a table beside it for screen readers."""

from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT, MARGIN = 640, 220, 30


def bar_chart_svg(rows: list[tuple[date, int]], title: str) -> str:
    peak = max((n for _, n in rows), default=0) or 1
    slot = (WIDTH - 2 * MARGIN) / max(len(rows), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="app-chart" focusable="false">'
    ]
    for i, (month, n) in enumerate(rows):
        height = (HEIGHT - 2 * MARGIN) * n / peak
        x = MARGIN + i * slot + slot * 0.15
        y = HEIGHT - MARGIN - height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
            f'fill="#1d70b8"><title>{month:%B %Y}: {n}</title></rect>'
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - MARGIN + 16}" text-anchor="middle" '
            f'font-size="12" fill="#0b0c0c">{month:%b}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'font-size="12" fill="#0b0c0c">{n}</text>'
        )
    parts.append(
        f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" '
        f'y2="{HEIGHT - MARGIN}" stroke="#0b0c0c"/></svg>'
    )
    return "".join(parts)
