"""Reads of information work: lists, waiting items and the points table."""

from .commissions import *  # noqa: F403
from .points import *  # noqa: F403
from .records import *  # noqa: F403
