"""Shopper state kept by the store: carts by cookie, the event log and orders."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from shopagent.mock_store.catalog import Product
from shopagent.mock_store.variant import Shipping

SHIPPING_SPEEDS: dict[str, str] = {
    "standard": "Standard (5-7 days)",
    "express": "Express (2 days)",
    "overnight": "Overnight",
}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class CartLine(BaseModel):
    line_id: int
    product_id: str
    title: str
    price: float
    quantity: int
    options: dict[str, str] = Field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(self.price * self.quantity, 2)


class Event(BaseModel):
    shopper: str
    at: str = Field(default_factory=_now)
    method: str
    path: str
    page: str
    product_id: str | None = None
    query: str | None = None
    status: int = 200


class Address(BaseModel):
    full_name: str
    street: str
    city: str
    zip: str
    email: str
    phone: str | None = None


class Order(BaseModel):
    order_id: str
    shopper: str
    at: str = Field(default_factory=_now)
    items: list[CartLine]
    subtotal: float
    shipping: float
    shipping_speed: str
    total: float
    address: Address
    account_created: bool = False


class StoreState:
    """All mutable store state. One lock guards it; requests are tiny."""

    def __init__(self, shipping: Shipping | None = None) -> None:
        self.shipping = shipping or Shipping()
        self._lock = threading.Lock()
        self.carts: dict[str, list[CartLine]] = {}
        self.events: list[Event] = []
        self.orders: list[Order] = []
        self._line_ids = itertools.count(1)
        self._order_ids = itertools.count(1001)

    def record(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def cart(self, shopper: str) -> list[CartLine]:
        with self._lock:
            return list(self.carts.get(shopper, []))

    def cart_count(self, shopper: str) -> int:
        return sum(line.quantity for line in self.cart(shopper))

    def add(self, shopper: str, product: Product, quantity: int, options: dict[str, str]) -> CartLine:
        with self._lock:
            lines = self.carts.setdefault(shopper, [])
            for line in lines:
                if line.product_id == product.id and line.options == options:
                    line.quantity = min(line.quantity + quantity, 10)
                    return line
            line = CartLine(
                line_id=next(self._line_ids),
                product_id=product.id,
                title=product.title,
                price=product.price,
                quantity=quantity,
                options=options,
            )
            lines.append(line)
            return line

    def update(self, shopper: str, line_id: int, quantity: int) -> bool:
        with self._lock:
            lines = self.carts.get(shopper, [])
            for line in lines:
                if line.line_id == line_id:
                    if quantity <= 0:
                        lines.remove(line)
                    else:
                        line.quantity = min(quantity, 10)
                    return True
        return False

    def place_order(self, shopper: str, address: Address, speed: str, account_created: bool = False) -> Order:
        with self._lock:
            items = self.carts.pop(shopper, [])
            subtotal = round(sum(line.total for line in items), 2)
            shipping = self.shipping.cost(subtotal, speed)
            order = Order(
                order_id=f"SA-{next(self._order_ids)}",
                shopper=shopper,
                items=items,
                subtotal=subtotal,
                shipping=shipping,
                shipping_speed=speed,
                total=round(subtotal + shipping, 2),
                address=address,
                account_created=account_created,
            )
            self.orders.append(order)
            return order

    def find_order(self, order_id: str) -> Order | None:
        return next((o for o in self.orders if o.order_id == order_id), None)
