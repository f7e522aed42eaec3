"""Store knowledge behind one interface: the bundled store's order API, or any store's confirmation page."""

from __future__ import annotations

import pytest

from shopagent.agent.loop import run_session
from shopagent.agent.offline.policy import OfflinePolicy
from shopagent.browser import Browser
from shopagent.browser.store import BundledStore, GenericStore, adapter_for, confirms_order
from shopagent.sessionlog import SessionLog, read_sessions
from shopagent.types import Observation, Persona, Region


async def test_the_bundled_store_is_recognised_and_other_stores_are_generic(store, fixture_site):
    assert isinstance(await adapter_for(store.url + "/"), BundledStore)
    assert isinstance(await adapter_for(fixture_site + "/div_soup.html"), GenericStore)


def test_confirmation_pages_are_recognised_by_their_words():
    thanks = Observation(url="http://x/done", title="Order complete", html="<h1>Thank you for your order!</h1><p>Order number: 12345</p>")
    assert confirms_order(thanks)
    heading = Observation(url="http://x/o", title="Shop", html="<p>...</p>", regions=[Region(id="main", heading="Your order is confirmed")])
    assert confirms_order(heading)
    cart = Observation(url="http://x/cart", title="Your cart", html="<h1>Cart</h1><button>Place order</button>")
    assert not confirms_order(cart)
    # A checkout form's "Order Note" is no order number ('No' + 'te'); an order number has a digit in it.
    form = Observation(url="http://x/checkout", title="Checkout", html="<h2>Order Note</h2><textarea></textarea><p>Order ID: pending</p>")
    assert not confirms_order(form)
    assert confirms_order(Observation(url="http://x/done", title="Shop", html="<p>Order #A-10023 is on its way</p>"))


async def test_without_an_order_api_a_purchase_needs_a_confirmation_page(store, tmp_path):
    """The same shopper on the same store, told the store has no order API: the order page is the evidence."""
    persona = Persona(name="Maya Torres", intent="i need a long clip-in hair extension which is natural looking", budget=40)
    async with Browser() as browser:
        with SessionLog(tmp_path / "s.jsonl") as log:
            end = await run_session(browser, OfflinePolicy(), persona, store.url + "/", log, store=GenericStore())
    assert end.outcome == "purchase" and end.order is None  # the confirmation page said so; no order record was read
    (session,) = read_sessions([tmp_path / "s.jsonl"])
    assert session.end is not None and session.end.outcome == "purchase"


class Blind(GenericStore):  # no page reads as a confirmation
    def confirms_order(self, observation: Observation) -> bool:
        return False


class Credulous(GenericStore):  # every page reads as a confirmation, the checkout form before the click included
    def confirms_order(self, observation: Observation) -> bool:
        return True


@pytest.mark.parametrize("adapter", [Blind, Credulous])
async def test_a_purchase_click_without_evidence_is_logged_unverified(adapter, store, tmp_path):
    """No confirmation after the click; or one the page already showed before it, which proves nothing."""
    persona = Persona(name="Maya Torres", intent="i need a long clip-in hair extension which is natural looking", budget=40)
    async with Browser() as browser:
        with SessionLog(tmp_path / "s.jsonl") as log:
            end = await run_session(browser, OfflinePolicy(), persona, store.url + "/", log, store=adapter())
    assert end.outcome == "purchase_unverified"
