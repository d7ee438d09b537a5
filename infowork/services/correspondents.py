"""Correspondents (信息员): naming, changing and ending them."""

__all__: list[str] = []
