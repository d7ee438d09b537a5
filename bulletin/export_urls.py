"""Whole-issue downloads in each export format. Routes are added as the formats land."""

urlpatterns: list = []
