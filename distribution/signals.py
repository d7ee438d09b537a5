"""Signals of the distribution app."""

from django.dispatch import Signal

# Sent by ``manage.py loaddemo`` once its units, accounts, issue and queue are in, inside its
# transaction, with ``units`` (name → Unit) and ``users`` (username → User): the apps above this one
# add their own demo data (connected in ``config.apps``, which may import them all).
demo_loaded = Signal()
