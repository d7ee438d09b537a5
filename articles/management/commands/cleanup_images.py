import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, ArticleImage


def orphan_images(*, older_than: datetime.timedelta):
    """Uploaded images tied to no article and used in no article's body, older than the grace
    period (someone may still be writing the article that will use a fresh upload)."""
    cutoff = timezone.now() - older_than
    candidates = ArticleImage.objects.filter(article__isnull=True, created__lt=cutoff)
    for image in candidates.iterator():
        names = [name for name in (image.image.name, image.display.name) if name]
        used = Q()
        for name in names:
            used |= Q(body__contains=name)
        if not Article.objects.filter(used).exists():
            yield image


class Command(BaseCommand):
    help = _("Delete uploaded images that no article uses.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List what would be deleted; delete nothing.")
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=24,
            metavar="HOURS",
            help=_("Only images uploaded more than this many hours ago (default 24)."),
        )

    def handle(self, *args, dry_run=False, older_than=24, **options):
        count = 0
        for image in list(orphan_images(older_than=datetime.timedelta(hours=older_than))):
            count += 1
            self.stdout.write(image.image.name)
            if not dry_run:
                image.image.delete(save=False)
                if image.display:
                    image.display.delete(save=False)
                image.delete()
        if dry_run:
            self.stdout.write(_("%(count)d unused images would be deleted.") % {"count": count})
        else:
            self.stdout.write(_("%(count)d unused images deleted.") % {"count": count})
