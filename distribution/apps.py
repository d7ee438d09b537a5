from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("Distribution")

    def ready(self):
        from bulletin.signals import issue_created, issue_opened, issue_published

        from .receivers import apply_default_lines, deliver_published_issue, record_issue_opened

        issue_created.connect(apply_default_lines, dispatch_uid="distribution-default-lines-on-create")
        issue_published.connect(deliver_published_issue, dispatch_uid="distribution-deliver-on-publish")
        issue_opened.connect(record_issue_opened, dispatch_uid="distribution-read-receipt")
