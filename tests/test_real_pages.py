"""The observation on captured pages of real shops (tests/fixtures/real_pages, see its SOURCES.md).

Markup nobody here wrote: the key controls are found, ids are stable across loads,
and a token budget holds with the search box and the add-to-cart button kept.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from shopagent.browser import Browser, count_tokens
from shopagent.types import Observation

PAGES = Path(__file__).parent / "fixtures" / "real_pages"
# The add-to-cart label each product page shows (SOURCES.md); listings have none to check.
ADD_TO_CART = {
    "bestbuy_ca_product": "Add to Cart",
    "ikea_gb_product": "Add to shopping bag",
    "johnlewis_uk_product": "Add to your basket",
    "kiabi_fr_product": "Ajouter au panier",
    "magento_almedina_pt_product": "Adicionar ao Carrinho",
    "opencart_vsezaoci_si_product": "Naroči",
    "sfcc_bestseller_jackjones_product": "Add to Bag",
    "shopify_happycoffee_de_product": "In den Warenkorb",
    "shopify_mediamarkt_pt_product": None,  # its buy buttons are drawn by scripts the capture did not keep
    "shopware_ebrosia_de_product": "In den Warenkorb",
    "zalando_ie_product": "Add to bag",
    "independent_vinosytapas_de_category": None,
    "overstock_jewelry_category_2004": None,
}
SEARCH_WORDS = re.compile(r"search|such|pesquis|recherch|keyword|isci", re.I)
BUDGETS = (8000, 4000, 2000)


def page_html(name: str) -> str:
    return gzip.decompress((PAGES / f"{name}.html.gz").read_bytes()).decode("utf-8", errors="replace")


def key_controls(name: str, obs: Observation) -> list[str]:
    """The search box and, on product pages, the first add-to-cart control."""
    search = [e.id for e in obs.elements if e.kind == "input" and SEARCH_WORDS.search(f"{e.id} {e.text} {e.region or ''}")]
    label = ADD_TO_CART[name]
    add = [e.id for e in obs.elements if label and e.kind in ("button", "link") and e.text.lower() == label.lower()]
    return search[:1] + add[:1]


def test_every_captured_page_is_covered():
    assert {p.name.removesuffix(".html.gz") for p in PAGES.glob("*.html.gz")} == set(ADD_TO_CART)


@pytest.mark.parametrize("name", sorted(ADD_TO_CART))
async def test_budget_holds_and_keeps_the_key_controls(name):
    html = page_html(name)
    async with Browser() as browser:
        full = await browser.observe_html(html, "https://shop.example/")
        again = await browser.observe_html(html, "https://shop.example/")
        assert full.ids == again.ids  # stable across loads
        keys = key_controls(name, full)
        assert keys and keys[0] in full.ids, "no search box found"
        assert len(keys) == (2 if ADD_TO_CART[name] else 1), "no add-to-cart found"
        for budget in BUDGETS:
            cut = await browser.observe_html(html, "https://shop.example/", max_tokens=budget)
            assert count_tokens(cut.html) <= budget, f"{budget}: {count_tokens(cut.html)} tokens"
            for key in keys:
                assert key in cut.ids and f'name="{key}"' in cut.html, f"{key} lost at {budget}"
            assert cut.truncated == (count_tokens(full.html) > budget)
            if cut.truncated:
                assert "cut to fit" in cut.html or "more items" in cut.html  # the cut is marked in place
            assert all(f'name="{e.id}"' in cut.html for e in cut.elements)  # nothing listed that the html lost


async def test_site_chrome_goes_before_the_main_content():
    """On a heavy product page the footer and menus are summarised, and the product stays."""
    html = page_html("sfcc_bestseller_jackjones_product")
    async with Browser() as browser:
        cut = await browser.observe_html(html, "https://shop.example/", max_tokens=4000)
    assert re.search(r"… footer[^<]*: \d+ links?[^<]*cut to fit", cut.html)
    assert "Add to Bag" in cut.html and "header.search" in cut.ids
    # The mobile menus outside <main> go before the product: its name, price and every size stay.
    assert "<h1>ZIPPED THROUGH CARDIGAN</h1>" in cut.html and "€ 49,99" in cut.html
    assert {f"select_size.{size}" for size in ("xs", "s", "m", "l", "xl", "xxl")} <= set(cut.ids)


async def test_a_mega_menu_keeps_its_top_entries_when_trimming_it_is_enough():
    """MediaMarkt's header menu loses its lists' tails at 8000 tokens rather than going whole."""
    html = page_html("shopify_mediamarkt_pt_product")
    async with Browser() as browser:
        cut = await browser.observe_html(html, "https://shop.example/", max_tokens=8000)
    assert count_tokens(cut.html) <= 8000
    assert "header.telecomunicacoes_e_burotica.iphone" in cut.ids and "more items" in cut.html
    assert "header.pesquisar_a_nossa_loja" in cut.ids
