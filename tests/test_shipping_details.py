"""What the offline shopper types into each checkout field, what it leaves empty, and which page is the order form."""

from __future__ import annotations

import pytest

from shopagent.agent.offline.checkout import ShippingDetails
from shopagent.agent.offline.page import PageView
from shopagent.types import Element, Observation, Persona

DETAILS = ShippingDetails(Persona(name="Jo Quinn", intent="a mug"))


@pytest.mark.parametrize(
    ("field_id", "label"),
    [
        ("address_2", "Address 2"),
        ("address2", ""),
        ("address_line_2", "Address line 2"),
        ("apt", "Apt, suite, etc."),
        ("line2", "Apartment or unit"),
        ("order_note", "Order note"),
    ],
)
def test_optional_extras_stay_empty(field_id, label):
    assert DETAILS.value_for(Element(id=field_id, kind="input", text=label)) is None


@pytest.mark.parametrize(
    ("field_id", "label", "what"),
    [
        ("address", "Address *", "street address"),
        ("address_1", "Address", "street address"),
        ("street_address", "Street address", "street address"),
        ("address_line_1", "Address line 1", "street address"),
        ("full_name", "Full name *", "name"),
        ("postcode", "Postcode *", "ZIP code"),
        ("email", "Email *", "email"),
    ],
)
def test_each_detail_goes_in_its_field(field_id, label, what):
    assert DETAILS.value_for(Element(id=field_id, kind="input", text=label)) == (
        {"street address": DETAILS.street, "name": DETAILS.full_name, "ZIP code": DETAILS.zip, "email": DETAILS.email}[what],
        what,
    )


def form(*fields: tuple[str, str]) -> PageView:
    elements = [Element(id=field_id, kind="input", text=label) for field_id, label in fields]
    return PageView(Observation(url="http://shop.test/checkout", html="<form></form>", elements=elements))


def test_a_page_asking_an_email_and_an_address_is_the_order_form():
    assert form(("email", "Email *"), ("full_name", "Full name"), ("address", "Address *"), ("city", "City")).is_order_form


def test_a_page_asking_only_for_an_email_address_is_not():
    """A guest checkout's first step ('My email address is') asks for no address to ship to."""
    assert not form(("my_email_address_is.input", "My email address is"), ("password.input", "Password")).is_order_form
