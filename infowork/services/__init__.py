"""Every change to information work goes through these functions (keyword-only, ``actor=`` first,
permission checked here, one transaction, one log row, mail after commit)."""

from .commissions import *  # noqa: F403
from .correspondents import *  # noqa: F403
from .records import *  # noqa: F403
from .scoring import *  # noqa: F403
