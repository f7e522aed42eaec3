"""Who the shopper is: loading persona files and generating populations of them."""

from shopagent.persona.load import load_persona, load_personas, parse_persona

__all__ = ["load_persona", "load_personas", "parse_persona"]
