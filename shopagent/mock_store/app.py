"""The mock storefront: a FastAPI app rendering Jinja2 pages over the catalog.

Each browser context is its own shopper, told apart by the `sa_shopper` cookie.
Every request is recorded as an event; `/api/events` and `/api/orders` let
simulations check what really happened.
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from shopagent.mock_store.catalog import SORT_SQL, Catalog, SearchQuery
from shopagent.mock_store.images import placeholder_svg
from shopagent.mock_store.state import SHIPPING_SPEEDS, Address, Event, StoreState
from shopagent.mock_store.variant import PER_PAGE_CHOICES, StoreVariant

HERE = Path(__file__).parent
COOKIE = "sa_shopper"
SORT_LABELS = {
    "relevance": "Featured",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
    "rating": "Avg. customer review",
    "reviews": "Most reviews",
}
ZIP_RE = re.compile(r"^\d{5}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
PHONE_RE = re.compile(r"^\+?[\d\s().-]{7,20}$")


def _number(value: str | None, kind: type = float) -> Any:
    """Parse a query-string number leniently: a bad value is ignored, never a 500."""
    if value is None or value.strip() == "":
        return None
    try:
        number = kind(value)
    except ValueError:
        return None
    if isinstance(number, float) and not math.isfinite(number):
        return None
    return number


class Shop:
    """What every route needs: the catalog, the shoppers' state, and page rendering."""

    def __init__(self, catalog: Catalog, variant: StoreVariant) -> None:
        self.catalog = catalog
        self.variant = variant
        self.state = StoreState(variant.shipping)
        self.templates = Jinja2Templates(directory=HERE / "templates")
        # Globals, not context: the macros imported by every page read them too.
        self.templates.env.globals.update(variant=variant, money=self.money)

    def money(self, amount: float) -> str:
        """A shelf price as this variant shows it (orders are always charged to the cent)."""
        return f"${amount:.2f}" if self.variant.prices.show_cents else f"${round(amount):.0f}"

    def render(self, request: Request, name: str, page: str, status: int = 200, **context: Any) -> HTMLResponse:
        request.state.page = page
        shopper = request.state.shopper
        context.update(cart_count=self.state.cart_count(shopper), categories=self.catalog.categories, page_kind=page)
        return self.templates.TemplateResponse(request, name, context, status_code=status)


def _search_query(params: QueryParams, catalog: Catalog, variant: StoreVariant) -> tuple[SearchQuery, list[str]]:
    """The search as the query string asks for it; values that make no sense are dropped with a notice."""
    notices: list[str] = []
    query = SearchQuery(q=params.get("q", "")[:200].strip())
    category = params.get("category") or None
    query.category = category if category in catalog.categories else None
    if category and not query.category:
        notices.append(f"There is no category called “{category}”, so we searched everything.")
    query.brand = params.get("brand") or None
    for field in ("min_price", "max_price", "min_rating"):
        raw = params.get(field)
        value = _number(raw)
        if raw and value is None:
            notices.append(f"We ignored the {field.replace('_', ' ')} “{raw}”: it isn't a number.")
        setattr(query, field, value)
    default = variant.search
    query.sort = params.get("sort", default.default_sort) if params.get("sort") in SORT_SQL else default.default_sort
    per_page = _number(params.get("per_page"), int)
    query.per_page = per_page if per_page in PER_PAGE_CHOICES else default.per_page
    page = _number(params.get("page"), int)
    query.page = page if page and page > 0 else 1
    return query, notices


def _search_link(query: SearchQuery, params: QueryParams, changes: dict[str, Any], variant: StoreVariant) -> str:
    """The URL of this search with some parameters changed (defaults left out)."""
    merged = {
        "q": query.q,
        "category": query.category,
        "brand": query.brand,
        "min_price": params.get("min_price"),
        "max_price": params.get("max_price"),
        "min_rating": params.get("min_rating"),
        "sort": query.sort,
        "per_page": query.per_page,
        "page": query.page,
    }
    merged.update(changes)
    clean = {
        k: v
        for k, v in merged.items()
        if v not in (None, "")
        and not (k == "page" and v == 1)
        and not (k == "sort" and v == variant.search.default_sort)
        and not (k == "per_page" and v == variant.search.per_page)
    }
    return "/search?" + urlencode(clean)


def create_app(catalog: Catalog, variant: StoreVariant | None = None) -> FastAPI:
    app = FastAPI(title="shopagent mock store", docs_url=None, redoc_url=None, openapi_url=None)
    shop = Shop(catalog, variant or StoreVariant())
    app.state.store = shop.state
    app.state.catalog = catalog
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for add_routes in (_shopper_cookie, _error_pages, _browse_routes, _review_routes, _cart_routes, _checkout_routes, _api_routes):
        add_routes(app, shop)
    return app


def _shopper_cookie(app: FastAPI, shop: Shop) -> None:
    """Every request: who the shopper is (a cookie), and an event for each page view."""
    state = shop.state

    @app.middleware("http")
    async def shopper_cookie(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        sent = request.cookies.get(COOKIE) or ""
        is_new = not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", sent)
        shopper = secrets.token_urlsafe(12) if is_new else sent
        request.state.shopper = shopper
        request.state.page = None
        request.state.product_id = None
        response = await call_next(request)
        if is_new:
            response.set_cookie(COOKIE, shopper, httponly=True, samesite="lax")
        path = request.url.path
        if path.startswith("/static/"):
            # Like any shop: assets are cached, so a page view costs one request, not three.
            response.headers["Cache-Control"] = "public, max-age=3600"
        if not path.startswith(("/static", "/img", "/api", "/favicon")):
            state.record(
                Event(
                    shopper=shopper,
                    method=request.method,
                    path=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
                    page=request.state.page or "other",
                    product_id=request.state.product_id,
                    query=request.query_params.get("q"),
                    status=response.status_code,
                )
            )
        return response


def _error_pages(app: FastAPI, shop: Shop) -> None:
    """Friendly 404 and 400 pages instead of JSON errors."""
    render = shop.render

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render(
            request,
            "error.html",
            "not_found",
            status=exc.status_code,
            heading="We couldn't find that page" if exc.status_code == 404 else "Something went wrong",
            message="The page you asked for isn't here. Try searching instead.",
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return render(
            request,
            "error.html",
            "bad_request",
            status=400,
            heading="That request didn't look right",
            message="Some of the information sent with this page was invalid. Please go back and try again.",
        )


def _browse_routes(app: FastAPI, shop: Shop) -> None:
    """Home, search and product pages."""
    render, catalog = shop.render, shop.catalog

    @app.get("/favicon.ico")
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        return render(request, "home.html", "home", featured=catalog.featured(8))

    @app.get("/search", response_class=HTMLResponse)
    async def search(request: Request) -> Response:
        params = request.query_params
        query, notices = _search_query(params, catalog, shop.variant)
        result = catalog.search(query)
        pages = max(1, math.ceil(result.total / query.per_page))
        if query.page > pages:
            query.page = pages
            result = catalog.search(query)

        def link(**changes: Any) -> str:
            return _search_link(query, params, changes, shop.variant)

        suggestions = [] if result.total else catalog.suggest(query.q)
        return render(
            request,
            "search.html",
            "search",
            query=query,
            result=result,
            pages=pages,
            link=link,
            sort_labels=SORT_LABELS,
            per_page_choices=PER_PAGE_CHOICES,
            notices=notices,
            suggestions=suggestions,
            raw=params,
        )

    @app.get("/product/{product_id}", response_class=HTMLResponse)
    async def product_page(request: Request, product_id: str) -> Response:
        product = catalog.get(product_id)
        if product is None:
            raise StarletteHTTPException(404)
        request.state.product_id = product.id
        added = request.query_params.get("added") == "1"
        error = request.query_params.get("error")
        related = [
            p for p in catalog.search(SearchQuery(q=product.title, category=product.category, per_page=5)).products if p.id != product.id
        ][:4]
        return render(request, "product.html", "product", product=product, added=added, error=error, related=related)


REVIEW_SORTS = {"top": "Top reviews", "lowest": "Lowest rating first", "highest": "Highest rating first"}


def _review_routes(app: FastAPI, shop: Shop) -> None:
    """All of a product's reviews, sortable: what a careful shopper opens before deciding."""

    @app.get("/product/{product_id}/reviews", response_class=HTMLResponse)
    async def reviews_page(request: Request, product_id: str) -> Response:
        product = shop.catalog.get(product_id)
        if product is None:
            raise StarletteHTTPException(404)
        request.state.product_id = product.id
        sort = request.query_params.get("sort", "top")
        sort = sort if sort in REVIEW_SORTS else "top"
        reviews = list(product.reviews)
        if sort != "top":
            reviews.sort(key=lambda r: r.rating, reverse=sort == "highest")
        return shop.render(request, "reviews.html", "reviews", product=product, reviews=reviews, sort=sort, sorts=REVIEW_SORTS)


def _cart_routes(app: FastAPI, shop: Shop) -> None:
    """The cart: add, view, change quantities."""
    render, state, catalog = shop.render, shop.state, shop.catalog

    @app.post("/cart/add")
    async def cart_add(request: Request) -> Response:
        form = await request.form()
        product = catalog.get(str(form.get("product_id", "")))
        if product is None:
            raise StarletteHTTPException(404)
        request.state.page, request.state.product_id = "add_to_cart", product.id
        if not product.in_stock:
            return RedirectResponse(f"/product/{product.id}?error=out_of_stock", status_code=303)
        chosen: dict[str, str] = {}
        for option in product.options:
            value = str(form.get(f"option_{option.name.lower()}", ""))
            if value in option.values:
                chosen[option.name] = value
            elif option.required:
                return RedirectResponse(f"/product/{product.id}?error=choose_{option.name.lower()}", status_code=303)
        quantity = _number(str(form.get("quantity", "1")), int) or 1
        state.add(request.state.shopper, product, max(1, min(quantity, 10)), chosen)
        if form.get("buy_now"):
            return RedirectResponse("/checkout", status_code=303)
        return RedirectResponse(f"/product/{product.id}?added=1", status_code=303)

    @app.get("/cart", response_class=HTMLResponse)
    async def cart(request: Request) -> Response:
        lines = state.cart(request.state.shopper)
        subtotal = round(sum(line.total for line in lines), 2)
        return render(request, "cart.html", "cart", lines=lines, subtotal=subtotal, shipping=state.shipping.cost(subtotal, "standard"))

    @app.post("/cart/update")
    async def cart_update(request: Request) -> Response:
        form = await request.form()
        line_id = _number(str(form.get("line_id", "")), int)
        quantity = 0 if form.get("remove") else (_number(str(form.get("quantity", "")), int) or 0)
        request.state.page = "cart_update"
        if line_id is not None:
            state.update(request.state.shopper, line_id, quantity)
        return RedirectResponse("/cart", status_code=303)


def _checkout_errors(form: dict[str, str], variant: StoreVariant) -> dict[str, str]:
    """What the checkout form still needs, field by field (the variant may ask for more)."""
    errors: dict[str, str] = {}
    if len(form.get("full_name", "")) < 2:
        errors["full_name"] = "Enter your full name."
    if len(form.get("street", "")) < 4:
        errors["street"] = "Enter a street address."
    if len(form.get("city", "")) < 2:
        errors["city"] = "Enter a city."
    if not ZIP_RE.match(form.get("zip", "")):
        errors["zip"] = "Enter a 5-digit ZIP code."
    if not EMAIL_RE.match(form.get("email", "")):
        errors["email"] = "Enter an email address like name@example.com."
    if variant.checkout.require_phone and not PHONE_RE.match(form.get("phone", "")):
        errors["phone"] = "Enter a phone number."
    if variant.checkout.require_account and len(form.get("password", "")) < 8:
        errors["password"] = "Choose a password of at least 8 characters to create your account."
    if form.get("speed") not in SHIPPING_SPEEDS:
        errors["speed"] = "Choose a shipping speed."
    return errors


def _checkout_routes(app: FastAPI, shop: Shop) -> None:
    """Checkout with server-side validation, and the order confirmation."""
    render, state = shop.render, shop.state

    def checkout_page(request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200) -> Response:
        lines = state.cart(request.state.shopper)
        if not lines:
            return RedirectResponse("/cart", status_code=303)
        subtotal = round(sum(line.total for line in lines), 2)
        speed = values.get("speed", "standard")
        return render(
            request,
            "checkout.html",
            "checkout",
            status=status,
            lines=lines,
            subtotal=subtotal,
            values=values,
            errors=errors,
            speeds={key: (label, state.shipping.cost(subtotal, key)) for key, label in SHIPPING_SPEEDS.items()},
            speed=speed,
            shipping=state.shipping.cost(subtotal, speed if speed in SHIPPING_SPEEDS else "standard"),
        )

    @app.get("/checkout", response_class=HTMLResponse)
    async def checkout(request: Request) -> Response:
        return checkout_page(request, {}, {})

    @app.post("/checkout", response_class=HTMLResponse)
    async def place_order(request: Request) -> Response:
        form = {k: str(v).strip() for k, v in (await request.form()).items()}
        errors = _checkout_errors(form, shop.variant)
        if errors:
            return checkout_page(request, form, errors, status=400)
        if not state.cart(request.state.shopper):
            return RedirectResponse("/cart", status_code=303)
        fields = {k: form[k] for k in ("full_name", "street", "city", "zip", "email")}
        address = Address(**fields, phone=form.get("phone"))
        order = state.place_order(request.state.shopper, address, form["speed"], account_created=shop.variant.checkout.require_account)
        request.state.page = "place_order"
        return RedirectResponse(f"/order/{order.order_id}", status_code=303)

    @app.get("/order/{order_id}", response_class=HTMLResponse)
    async def order_page(request: Request, order_id: str) -> Response:
        order = state.find_order(order_id)
        if order is None or order.shopper != request.state.shopper:
            raise StarletteHTTPException(404)
        return render(request, "order.html", "order_confirmation", order=order, speeds=SHIPPING_SPEEDS)


def _api_routes(app: FastAPI, shop: Shop) -> None:
    """Pictures, and the JSON API simulations read back: health, events, orders."""
    state, catalog = shop.state, shop.catalog

    @app.get("/img/{product_id}.svg")
    async def image(product_id: str) -> Response:
        product = catalog.get(product_id)
        if product is None:
            raise StarletteHTTPException(404)
        return Response(placeholder_svg(product), media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/api/health")
    async def health() -> dict[str, Any]:
        return {"ok": True, "products": len(catalog.products)}

    @app.get("/api/events")
    async def events(shopper: str | None = None) -> list[dict[str, Any]]:
        return [e.model_dump() for e in state.events if shopper is None or e.shopper == shopper]

    @app.get("/api/orders")
    async def orders(shopper: str | None = None) -> list[dict[str, Any]]:
        return [o.model_dump() for o in state.orders if shopper is None or o.shopper == shopper]
