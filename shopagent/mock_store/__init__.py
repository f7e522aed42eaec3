"""A local storefront for synthetic shoppers: FastAPI + Jinja2 pages over an SQLite FTS5 catalog."""

from shopagent.mock_store.app import create_app
from shopagent.mock_store.catalog import Catalog, Product, load_catalog
from shopagent.mock_store.server import StoreServer, build_catalog

__all__ = ["Catalog", "Product", "StoreServer", "build_catalog", "create_app", "load_catalog"]
