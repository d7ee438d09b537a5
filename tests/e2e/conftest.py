"""Browser tests: Playwright for Python driving the system's Chromium (never a downloaded browser).

Screenshots go to tests/e2e/artifacts/ (ignored by git). The tests are skipped, with the reason,
when Chromium is not installed; `make test` installs it, so in CI they always run.
"""

import os
import shutil
from importlib import import_module
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI for the browser tests but is not installed")
        pytest.skip("Chromium is not installed (make test installs it)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "step-name")`` saves tests/e2e/artifacts/<test>-<step>.png and returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str, **kwargs) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), **kwargs)
        return path

    return take


# The reference data the migrations seed: role groups with their permissions, the publication and
# its default sections.
SEEDS = [
    ("bulletin.migrations.0002_seed_publication_and_sections", "seed"),
    ("distribution.migrations.0002_seed_role_groups", "seed"),
    ("bulletin.migrations.0004_grant_workflow_log_permissions", "grant"),
    ("infowork.migrations.0002_default_scoring_rules", "add_defaults"),
]


def seed_reference_data():
    """Run the migrations' own seed functions again if the data is gone. An earlier transactional
    test empties the database when it ends, and serialized_rollback cannot bring the data back here:
    while Playwright's event loop runs, Django hands out another connection object, one without the
    serialized copy."""
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if Group.objects.filter(name="correspondent", permissions__isnull=False).exists():
        return
    state = MigrationExecutor(connection).loader.project_state().apps
    for module, function in SEEDS:
        getattr(import_module(module), function)(state, None)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Every browser test that uses the database starts with the seeded reference data."""
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        seed_reference_data()
