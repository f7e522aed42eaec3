"""Replay: score policies against human sessions, import public human data, record new sessions."""
