"""The catalog: product models, loading from JSON or CSV, and FTS5 search in SQLite."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from shopagent.errors import BadInput, first_error, invalid_json, read_user_text


class Option(BaseModel):
    """A variant dimension such as size or color."""

    name: str
    values: list[str] = Field(min_length=1)
    required: bool = False


class Review(BaseModel):
    author: str
    rating: int = Field(ge=1, le=5)
    title: str
    text: str


class Product(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    brand: str = ""
    category: str = Field(min_length=1)
    price: float = Field(gt=0)
    list_price: float | None = Field(None, description="Struck-through former price, if on sale")
    rating: float = Field(0, ge=0, le=5)
    review_count: int = Field(0, ge=0)
    description: str = ""
    bullets: list[str] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    badge: str | None = None
    in_stock: bool = True

    @field_validator("bullets", "options", "reviews", mode="before")
    @classmethod
    def _json_string(cls, value: object) -> object:
        # CSV cells carry lists as JSON text.
        if isinstance(value, str):
            return json.loads(value) if value.strip() else []
        return value

    @property
    def required_options(self) -> list[Option]:
        return [o for o in self.options if o.required]


def _row_error(path: Path, line: int, exc: ValidationError) -> BadInput:
    return BadInput(f"{path}:{line}: {first_error(exc)}")


def load_catalog(path: Path | str) -> list[Product]:
    """Load products from a JSON list or a CSV file; a bad row names its line and field."""
    path = Path(path)
    if not path.exists():
        raise BadInput(f"{path}: catalog file not found")
    products: list[Product] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(read_user_text(path, "a catalog CSV")))
        for row in reader:
            line = reader.line_num
            clean = {k: v for k, v in row.items() if v not in (None, "")}
            try:
                products.append(Product.model_validate(clean))
            except ValidationError as exc:
                raise _row_error(path, line, exc) from None
            except json.JSONDecodeError as exc:
                raise BadInput(f"{path}:{line}: a list field is not valid JSON ({exc.msg})") from None
    else:
        text = read_user_text(path, "a catalog (JSON list of products, or CSV)")
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise invalid_json(path, exc) from None
        if not isinstance(rows, list):
            raise BadInput(f"{path}: expected a JSON list of products")
        for index, row in enumerate(rows):
            try:
                products.append(Product.model_validate(row))
            except ValidationError as exc:
                raise BadInput(f"{path}: product {index} (id {row.get('id', '?')!r}): {first_error(exc)}") from None
    seen: set[str] = set()
    for product in products:
        if product.id in seen:
            raise BadInput(f"{path}: duplicate product id {product.id!r}")
        seen.add(product.id)
    if not products:
        raise BadInput(f"{path}: the catalog has no products")
    return products


SortKey = Literal["relevance", "price_asc", "price_desc", "rating", "reviews"]
SORT_SQL: dict[str, str] = {
    "relevance": "rank",
    "price_asc": "p.price ASC",
    "price_desc": "p.price DESC",
    "rating": "p.rating DESC, p.review_count DESC",
    "reviews": "p.review_count DESC",
}


@dataclass
class SearchQuery:
    q: str = ""
    category: str | None = None
    brand: str | None = None
    min_price: float | None = None
    max_price: float | None = None
    min_rating: float | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24


@dataclass
class SearchPage:
    products: list[Product]
    total: int
    brands: list[tuple[str, int]]
    categories: list[tuple[str, int]]


_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "for",
        "from",
        "i",
        "im",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "with",
    ]
)


def fts_expression(q: str, joiner: str = " AND ") -> str:
    """Turn free text into an FTS5 query of quoted words (all of them by default)."""
    words = [w for w in _WORD.findall(q.lower()) if w not in STOPWORDS]
    return joiner.join(f'"{w}"' for w in words)


class Catalog:
    """Products in an in-memory SQLite database with an FTS5 index over their text."""

    def __init__(self, products: list[Product]) -> None:
        self.products = {p.id: p for p in products}
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.executescript(
            """
            CREATE TABLE p (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, category TEXT, brand TEXT,
                            price REAL, rating REAL, review_count INTEGER);
            CREATE VIRTUAL TABLE fts USING fts5(title, brand, category, bullets, description,
                                               tokenize='porter unicode61');
            """
        )
        for rowid, p in enumerate(products, start=1):
            self.db.execute(
                "INSERT INTO p VALUES (?,?,?,?,?,?,?)",
                (rowid, p.id, p.category, p.brand, p.price, p.rating, p.review_count),
            )
            self.db.execute(
                "INSERT INTO fts(rowid, title, brand, category, bullets, description) VALUES (?,?,?,?,?,?)",
                (rowid, p.title, p.brand, p.category, " ".join(p.bullets), p.description),
            )
        self.db.commit()
        self.categories = sorted({p.category for p in products})

    def get(self, product_id: str) -> Product | None:
        return self.products.get(product_id)

    def _where(self, query: SearchQuery) -> tuple[str, list[object]]:
        clauses: list[str] = []
        args: list[object] = []
        if query.category:
            clauses.append("p.category = ?")
            args.append(query.category)
        if query.brand:
            clauses.append("p.brand = ?")
            args.append(query.brand)
        if query.min_price is not None:
            clauses.append("p.price >= ?")
            args.append(query.min_price)
        if query.max_price is not None:
            clauses.append("p.price <= ?")
            args.append(query.max_price)
        if query.min_rating is not None:
            clauses.append("p.rating >= ?")
            args.append(query.min_rating)
        return (" AND ".join(clauses) or "1"), args

    def search(self, query: SearchQuery) -> SearchPage:
        """Products matching every word, or failing that any word, ranked by BM25."""
        page = self._search(query, fts_expression(query.q))
        if page.total == 0 and len(fts_expression(query.q).split(" AND ")) > 1:
            page = self._search(query, fts_expression(query.q, " OR "))
        return page

    def _search(self, query: SearchQuery, match: str) -> SearchPage:
        where, args = self._where(query)
        if match:
            source = "FROM fts JOIN p ON p.rowid = fts.rowid WHERE fts MATCH ? AND " + where
            args = [match, *args]
            rank = "bm25(fts, 10.0, 4.0, 3.0, 2.0, 1.0) AS rank"
        else:
            source = "FROM p WHERE " + where
            rank = "-(p.rating * 1000 + p.review_count) AS rank"
        order = SORT_SQL.get(query.sort, "rank")
        total = self.db.execute(f"SELECT count(*) {source}", args).fetchone()[0]
        offset = (max(query.page, 1) - 1) * query.per_page
        rows = self.db.execute(
            f"SELECT p.id, {rank} {source} ORDER BY {order}, p.rowid LIMIT ? OFFSET ?",
            [*args, query.per_page, offset],
        ).fetchall()
        # Facet counts ignore their own filter, as shops do.
        facet_q = SearchQuery(**{**query.__dict__, "brand": None})
        brands = self._facet("brand", facet_q, match)
        cat_q = SearchQuery(**{**query.__dict__, "category": None})
        categories = self._facet("category", cat_q, match)
        return SearchPage([self.products[r[0]] for r in rows], total, brands, categories)

    def _facet(self, column: str, query: SearchQuery, match: str) -> list[tuple[str, int]]:
        where, args = self._where(query)
        if match:
            sql = f"SELECT p.{column}, count(*) FROM fts JOIN p ON p.rowid = fts.rowid WHERE fts MATCH ? AND {where}"
            args = [match, *args]
        else:
            sql = f"SELECT p.{column}, count(*) FROM p WHERE {where}"
        rows = self.db.execute(sql + f" GROUP BY p.{column} ORDER BY count(*) DESC LIMIT 12", args).fetchall()
        return [(r[0], r[1]) for r in rows if r[0]]

    def featured(self, n: int = 8) -> list[Product]:
        rows = self.db.execute("SELECT id FROM p WHERE review_count >= 50 ORDER BY rating DESC, review_count DESC LIMIT ?", (n,)).fetchall()
        return [self.products[r[0]] for r in rows]

    def suggest(self, q: str, n: int = 5) -> list[str]:
        """Queries to try when a search finds nothing: the product titles sharing most words."""
        words = set(_WORD.findall(q.lower()))
        scored = []
        for p in self.products.values():
            overlap = len(words & set(_WORD.findall(p.title.lower())))
            if overlap:
                scored.append((overlap, p.review_count, p.title))
        scored.sort(reverse=True)
        seen: list[str] = []
        for _, _, title in scored:
            noun = " ".join(title.split()[-2:]).split(",")[0].lower()
            if noun not in seen:
                seen.append(noun)
            if len(seen) == n:
                break
        return seen or [c.lower() for c in self.categories[:n]]
