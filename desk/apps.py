from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The editorial desk: the back-office pages of correspondents, editors and signers. Views and
    templates only; every change goes through the services of the apps below it."""

    name = "desk"
    verbose_name = _("Editorial desk")
