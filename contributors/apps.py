from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributorsConfig(AppConfig):
    name = "contributors"
    verbose_name = _("Contributing units")

    def ready(self):
        from django.contrib import admin

        from . import (
            login_admin,  # noqa: F401 — registers the login log in the admin
            signals,
        )
        from .login_guard import GuardedAuthenticationForm

        # The login throttle sits in front of the password check of the back office.
        admin.site.login_form = GuardedAuthenticationForm
        # The statistics events follow every change to what they count.
        signals.connect()
