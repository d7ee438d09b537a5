"""Commissions as the office and the units see them."""

__all__: list[str] = []
