"""Commissions (约稿): asking units for a piece, answers, reminders (催报), overdue, closing."""

__all__: list[str] = []
