"""Placeholder product images, drawn locally as SVG (no network, no binary assets)."""

from __future__ import annotations

import hashlib
from html import escape

from shopagent.mock_store.catalog import Product


def placeholder_svg(product: Product) -> str:
    digest = hashlib.sha1(product.id.encode()).digest()
    hue = digest[0] * 360 // 256
    initials = "".join(w[0] for w in product.title.split()[:2]).upper()
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">'
        f'<rect width="240" height="240" fill="hsl({hue},45%,88%)"/>'
        f'<circle cx="120" cy="105" r="58" fill="hsl({hue},50%,70%)"/>'
        f'<text x="120" y="120" font-family="sans-serif" font-size="40" text-anchor="middle" fill="#333">{escape(initials)}</text>'
        f'<text x="120" y="205" font-family="sans-serif" font-size="14" text-anchor="middle" fill="#555">{escape(product.category)}</text>'
        "</svg>"
    )
