"""What the offline shopper types into each checkout field, and what it leaves empty."""

from __future__ import annotations

import pytest

from shopagent.agent.offline.checkout import ShippingDetails
from shopagent.types import Element, Persona

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
