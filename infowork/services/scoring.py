"""Scoring rules (积分规则) and the yuan per point (稿费标准)."""

__all__: list[str] = []
