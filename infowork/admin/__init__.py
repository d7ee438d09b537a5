"""Information work in the admin, for administrators: one module per part. Daily work happens on
the desk; whatever the admin changes goes through the same services."""

from . import commissions, points, records  # noqa: F401 — each registers its models
