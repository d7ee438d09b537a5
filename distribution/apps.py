from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("Distribution")

    def ready(self):
        from bulletin.signals import issue_published

        from .receivers import deliver_published_issue

        issue_published.connect(deliver_published_issue, dispatch_uid="distribution-deliver-on-publish")
