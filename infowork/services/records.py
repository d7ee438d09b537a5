"""Upward adoptions (上级采用), leader instructions (领导批示) and the units’ feedback (落实情况)."""

__all__: list[str] = []
