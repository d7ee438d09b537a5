import contextlib
import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article
from articles.services import article_create, article_return, article_submit
from bulletin.models import Issue, Publication, Section
from contributors.models import Staff, Unit
from contributors.roles import Role
from distribution import demo
from distribution.models import Recipient, RecipientGroup
from distribution.services import issue_lines_apply_defaults

SUMMARY_MAILER = "config.mail.SummaryConsoleBackend"


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


class Command(BaseCommand):
    help = _("Load demo units, accounts, recipient groups and one demo issue. Safe to run more than once.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help=_("Load the demo data even though DEBUG is off.")
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Refusing to load demo data with DEBUG off: demo accounts have a published password. "
                    "Use --force if this really is a demonstration site."
                )
            )
        with self.output(options["verbosity"]), transaction.atomic():
            units = self.load_units()
            users = self.load_accounts(units)
            publication = Publication.objects.default()
            if publication is None:
                raise CommandError(_("There is no publication; run the migrations first."))
            self.load_recipient_groups(users, publication)
            created = self.load_issue(publication, units, users)
            self.load_queue(units, users)
            self.load_other_apps(units, users)
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded.") if created else _("Demo data was already there; nothing to add.")
            )
        )
        self.stdout.write(_("Demo accounts (password %(password)s):") % {"password": demo.DEMO_PASSWORD})
        for username, (full_name, role, unit_name, _title, _email) in demo.ACCOUNTS.items():
            where = f"，{unit_name}" if unit_name else ""
            self.stdout.write(f"  {username:<14} {full_name}（{Role(role).label}{where}）")

    @contextlib.contextmanager
    def output(self, verbosity: int):
        """What loading prints besides the logins. By default the development mailer's one line per
        mail (made by the workflow's notifications) and no task log; ``-v 2`` adds the task log and
        prints the mails whole; a configured mailer (``EMAIL_URL``, ``EMAIL_*``) is left as it is."""
        mailer = settings.MAILERS.get("default", {})
        with contextlib.ExitStack() as stack:
            if verbosity >= 2:
                if mailer.get("BACKEND") == SUMMARY_MAILER:
                    full = {**mailer, "OPTIONS": {**mailer.get("OPTIONS", {}), "full": True}}
                    stack.enter_context(override_settings(MAILERS={**settings.MAILERS, "default": full}))
            else:
                tasks_log = logging.getLogger("django.tasks")
                level = tasks_log.level
                tasks_log.setLevel(logging.WARNING)
                stack.callback(tasks_log.setLevel, level)
            yield

    def load_units(self) -> dict[str, Unit]:
        units = {}
        for position, (name, short_name, kind, parent_name) in enumerate(demo.UNITS, start=1):
            unit, _created = Unit.objects.get_or_create(
                name=name,
                defaults={
                    "short_name": short_name,
                    "kind": kind,
                    "parent": units.get(parent_name),
                    "position": position * 10,
                },
            )
            units[name] = unit
        return units

    def load_accounts(self, units) -> dict[str, object]:
        User = get_user_model()
        users = {}
        for username, (full_name, role, unit_name, title, email) in demo.ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": full_name, "email": email, "is_staff": role != "reader"},
            )
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
            if unit_name:
                Staff.objects.get_or_create(user=user, defaults={"unit": units[unit_name], "title": title})
            users[username] = user
        return users

    def load_recipient_groups(self, users, publication) -> dict[str, RecipientGroup]:
        groups = {}
        for name, kind, position, members in demo.RECIPIENT_GROUPS:
            group, created = RecipientGroup.objects.get_or_create(
                name=name, defaults={"kind": kind, "position": position}
            )
            if created:
                group.default_for.add(publication)
                for member_name, title, email, username in members:
                    Recipient.objects.create(
                        group=group, name=member_name, title=title, email=email, user=users.get(username)
                    )
            groups[name] = group
        return groups

    def load_issue(self, publication, units, users) -> bool:
        spec = demo.ISSUE
        if Issue.objects.filter(publication=publication, year=spec["year"], number=spec["number"]).exists():
            return False
        signed_at = timezone.make_aware(datetime.datetime.combine(spec["issue_date"], datetime.time(9, 30)))
        published_at = signed_at + datetime.timedelta(hours=1)
        issue = Issue.objects.create(
            publication=publication,
            year=spec["year"],
            number=spec["number"],
            total_number=spec["total_number"],
            issue_date=spec["issue_date"],
            copies=spec["copies"],
            status=Issue.Status.PUBLISHED,
            signed_by=users["signer"],
            signed_at=signed_at,
            published_at=published_at,
        )
        sections = {section.name: section for section in Section.objects.all()}
        positions: dict[str, int] = {}
        for section_name, title, paragraphs, byline, unit_names in demo.ARTICLES:
            positions[section_name] = positions.get(section_name, 0) + 1
            article = Article.objects.create(
                title=title,
                body=paragraphs_html(paragraphs),
                issue=issue,
                section=sections[section_name],
                position=positions[section_name],
                byline=byline,
                status=Article.Status.PUBLISHED,
                author=users["editor"],
                # Made like an archive import (no workflow history): the statistics count such
                # articles as submitted, accepted and published on the issue date.
                submitted_at=None,
                accepted_at=None,
                published_at=published_at,
            )
            article.units.set([units[name] for name in unit_names])
        # The footer lines come from the groups the demo marks as defaults of the publication.
        issue_lines_apply_defaults(issue=issue)
        return True

    def load_other_apps(self, units, users):
        """The apps above this one add their demo content through their AppConfig's ``load_demo``
        (this app may not import them)."""
        for app_config in apps.get_app_configs():
            load = getattr(app_config, "load_demo", None)
            if callable(load):
                load(units=units, users=users)

    def load_queue(self, units, users):
        """Work in progress, made through the workflow services as people would (with its log)."""
        for username, status, title, paragraphs in demo.QUEUE:
            if Article.objects.filter(title=title).exists():
                continue
            user = users[username]
            article = article_create(actor=user, title=title, body=paragraphs_html(paragraphs))
            if status in (Article.Status.SUBMITTED, Article.Status.RETURNED):
                article_submit(article=article, actor=user)
            if status == Article.Status.RETURNED:
                article_return(article=article, actor=users["editor"], note=demo.RETURN_NOTES[title])
