"""Importers that turn public human-shopping datasets into native sessions (SPEC §4)."""
