"""Reporting: turn a ``Report`` into what people and programs read."""
