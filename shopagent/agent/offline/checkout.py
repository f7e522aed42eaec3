"""Cart and checkout: head to checkout with what is in the cart, fill each form with the persona's (obviously fake)
details, and place the order; or leave, for what the checkout shows (costs the product page didn't, a total over
budget, a long form, a forced account, a checkout that keeps failing)."""

from __future__ import annotations

import re

from shopagent.agent.offline.draws import seeded
from shopagent.agent.offline.memory import Memory
from shopagent.agent.offline.missions import Mission
from shopagent.agent.offline.page import PageView
from shopagent.agent.offline.reactions import account_wall, failing_checkout, late_costs, long_checkout
from shopagent.types import Click, Decision, Element, Persona, Purchase, Select, Terminate, Type

STREETS = ["Elm Street", "Oak Avenue", "Maple Drive", "Cedar Lane", "Pine Road", "Lakeview Court"]
OPTIONAL_RE = re.compile(r"second line|third line|(line|address)[ _]?[23]\b|\bapt\b|apartment|suite|instruction|note|state|county|company")
PASSWORD_RE = re.compile(r"password|passcode", re.I)


class ShippingDetails:
    """Deterministic, obviously fake shipping details for a persona."""

    def __init__(self, persona: Persona) -> None:
        rng = seeded(persona.name, persona.intent)
        first = persona.name.split()[0] if persona.name and persona.name != "Shopper" else "Alex"
        last = (
            persona.name.split()[-1]
            if persona.name and len(persona.name.split()) > 1
            else rng.choice(["Rivera", "Nguyen", "Smith", "Okafor", "Kim"])
        )
        self.full_name = f"{first} {last}"
        self.street = f"{rng.randint(10, 9999)} {rng.choice(STREETS)}"
        self.city = persona.location or rng.choice(["Columbus", "Austin", "Portland", "Denver"])
        self.zip = f"{rng.randint(10000, 99999)}"
        self.email = f"{first.lower()}.{last.lower()}@example.com"
        self.phone = f"202-555-01{rng.randint(10, 99)}"  # the range set aside for fiction, in a format shops validate
        self.password = f"{first.lower()}-{rng.randint(1000, 9999)}-shop"

    def value_for(self, element: Element) -> tuple[str, str] | None:
        label = f"{element.id.rsplit('.', 1)[-1]} {element.text}".lower()
        if OPTIONAL_RE.search(label):
            return None  # optional extras a shopper leaves empty
        first, last = self.full_name.split(" ", 1)
        for pattern, value, what in (
            (r"first.?name|given", first, "first name"),
            (r"last.?name|surname|family", last, "last name"),
            (r"e-?mail", self.email, "email"),
            (r"zip|postal|postcode", self.zip, "ZIP code"),
            (r"city|town", self.city, "city"),
            (r"street|address", self.street, "street address"),
            (r"phone|tel", self.phone, "phone number"),
            (PASSWORD_RE.pattern, self.password, "new account's password"),
            (r"name", self.full_name, "name"),
        ):
            if re.search(pattern, label):
                return value, what
        return None


def to_checkout(memory: Memory, page: PageView) -> Decision:
    """A cart with the item in it: go to checkout, unless the cart shows costs the product page didn't, or the shopper
    came only to put it in the cart for later."""
    if memory.mission is Mission.CART:
        return Decision(rationale="It's in my cart now; I'll leave it there and come back to it later.", action=Terminate())
    if costs := late_costs(memory.persona, memory.session, memory.history, page):
        return Decision(rationale=costs.rationale, action=Terminate())
    assert page.checkout is not None
    return Decision(rationale="Everything I need is in the cart, so I'll head to checkout.", action=Click(target=page.checkout.id))


def leaves_checkout(memory: Memory, page: PageView) -> Decision | None:
    """What a checkout page shows that makes a shopper leave: costs the product page didn't show, a long form, a forced account."""
    persona, session, history = memory.persona, memory.session, memory.history
    reaction = late_costs(persona, session, history, page) or long_checkout(persona, session, history, page)
    reaction = reaction or account_wall(persona, session, page)
    return Decision(rationale=reaction.rationale, action=Terminate()) if reaction else None


def fill_next(memory: Memory, page: PageView, asks: str) -> Decision | None:
    """Type the first form field whose value isn't yet the persona's detail for it."""
    details = ShippingDetails(memory.persona)
    for element in page.form_fields:
        wanted = details.value_for(element)
        if wanted and (element.value or "") != wanted[0]:
            value, what = wanted
            return Decision(
                rationale=f"The checkout {asks} my {what}, so I'll fill it in.", action=Type(target=element.id, text=value, submit=False)
            )
    return None


OFFLINE_PAYMENT_RE = re.compile(r"cash|on delivery|cheque|check|bank|transfer|invoice|money order", re.I)
US_STATES = {"columbus": "Ohio", "austin": "Texas", "portland": "Oregon", "denver": "Colorado", "chicago": "Illinois"}
DEFAULT_STATE = "New York"


def choose_next(memory: Memory, page: PageView) -> Decision | None:
    """The first open choice of a checkout form: country, state, a shipping method, an offline payment."""
    details = ShippingDetails(memory.persona)
    tried = {(getattr(a, "target", ""), getattr(a, "value", "")) for s in memory.history if (a := s.action) is not None and not s.result.ok}
    for group in page.unchosen:
        name = f"{group.name} {group.elements[0].id}".lower()
        if group.is_select:
            if re.search(r"country", name):
                value, what = "United States", "country"
            elif re.search(r"state|province|region", name):
                value, what = US_STATES.get(details.city.lower(), DEFAULT_STATE), "state"
            else:
                continue
            if (group.elements[0].id, value) in tried:
                continue
            return Decision(
                rationale=f"The checkout asks for my {what}, so I'll choose {value}.",
                action=Select(target=group.elements[0].id, value=value),
            )
        offline = [i for i, o in enumerate(group.options) if OFFLINE_PAYMENT_RE.search(o)]
        index = offline[0] if offline else 0
        option = group.options[index]
        why = "I'll pay when it arrives" if offline else f"{option} will do"
        return Decision(
            rationale=f"The checkout asks me to choose; {why}, so I'll pick “{option}”.", action=Click(target=group.elements[index].id)
        )
    return None


def checkout_step(memory: Memory, page: PageView) -> Decision:
    """One step of a checkout spread over several pages: fill what it asks, then continue."""
    if leave := leaves_checkout(memory, page):
        return leave
    if fill := fill_next(memory, page, "asks for"):
        return fill
    assert page.continue_button is not None
    same = sum(1 for s in memory.history if s.observation.url == page.obs.url and s.action == Click(target=page.continue_button.id))
    if same >= 2:
        return Decision(rationale=failing_checkout(page, same).rationale, action=Terminate())
    return Decision(rationale="That's this step of the checkout done, so I'll continue.", action=Click(target=page.continue_button.id))


def checkout(memory: Memory, page: PageView) -> Decision:
    """The page that places the order: check the total against the budget, fill the form, place it."""
    budget = memory.persona.budget  # the whole order's; the intent's limit was the item's, checked on its page
    total = page.order_total
    if budget and total is not None and total > budget:
        fee = f" with ${page.shipping_fee:.2f} shipping" if page.shipping_fee else ""
        return Decision(
            rationale=f"The order comes to ${total:.2f}{fee}, over my ${budget:g} budget, so I'll leave it in the cart.",
            action=Terminate(),
        )
    if leave := leaves_checkout(memory, page):
        return leave
    tries = sum(1 for s in memory.history if s.action is not None and s.action.type == "purchase")
    if tries >= 2:
        return Decision(rationale=failing_checkout(page, tries).rationale, action=Terminate())
    if fill := fill_next(memory, page, "needs"):
        return fill
    if choice := choose_next(memory, page):
        return choice
    if page.purchase is None:
        return Decision(rationale="I've filled in everything, but I can't find how to place the order, so I'll leave.", action=Terminate())
    total_text = f" (${total:.2f} in all)" if total is not None else ""
    return Decision(
        rationale=f"My details are in and the total{total_text} is fine, so I'll place the order.",
        action=Purchase(target=page.purchase.id),
    )
