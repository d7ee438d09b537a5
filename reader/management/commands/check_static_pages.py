"""Compare the files under STATIC_PAGES_ROOT with what Django renders now: missing pages, stale ones,
and files that must not be there (no longer public). ``--fix`` rewrites and removes them.
Exit status 1 when anything is (still) wrong."""

from django.core.management.base import BaseCommand, CommandError

from reader import publishing
from reader.publishing import pages, sync


class Command(BaseCommand):
    help = "Verify the published page files against what Django renders now; --fix repairs them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Write missing and stale pages, remove extra files."
        )

    def handle(self, *args, fix=False, **options):
        directory = publishing.root()
        if not publishing.enabled():
            self.stdout.write(
                "Static publishing is off (STATIC_PAGES=0 or no STATIC_PAGES_ROOT); checking anyway."
            )
        expected = publishing.everything().render
        on_disk = (
            {sync.page_of_file(directory, path) for path in sync.page_files(directory)}
            if directory.is_dir()
            else set()
        )
        missing, stale, extra, failed = [], [], [], {}
        for page in sorted(expected | on_disk):
            path = directory / page.relpath
            try:
                content = pages.render(page)
            except pages.RenderError as error:
                failed[page.url] = str(error)
                continue
            if content is None:
                if path.exists():
                    extra.append(page)
                continue
            if not path.exists():
                if page in expected:
                    missing.append(page)
                continue
            if not pages.same_content(path.name, path.read_bytes(), content):
                stale.append(page)
        for label, found in (("missing", missing), ("stale", stale), ("not public, must go", extra)):
            for page in found:
                self.stdout.write(f"{label}: {page.url} ({page.relpath})")
        for url, reason in sorted(failed.items()):
            self.stderr.write(f"cannot render: {url}: {reason}")
        problems = len(missing) + len(stale) + len(extra)
        self.stdout.write(
            f"{len(expected)} public page(s); {len(missing)} missing, {len(stale)} stale, "
            f"{len(extra)} extra, {len(failed)} not renderable."
        )
        if fix and (problems or failed):
            outcome = sync.run(
                sync.Plan(
                    render=set(missing) | set(stale) | {pages.Page(u) for u in failed}, remove=set(extra)
                )
            )
            self.stdout.write(
                f"Fixed: {len(outcome.written)} written, {len(outcome.removed)} removed, {len(outcome.failed)} failed."
            )
            if outcome.failed:
                raise CommandError(f"{len(outcome.failed)} page(s) could not be rendered.")
            return
        if problems or failed:
            raise CommandError(f"{problems + len(failed)} page(s) out of date; run with --fix.")
        self.stdout.write("All page files are up to date.")
