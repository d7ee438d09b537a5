"""The standard cast: a correspondent of unit A, one of unit B, an editor, a signer, a reader and an
anonymous visitor."""

import os
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import StaffFactory, UnitFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_run():
    """Without ``CACHE_URL`` the settings give the file cache under ``var/`` (shared with `make run`
    and kept between runs, so its version tokens could serve one run the pages of another): the
    suite then runs on a cache of its own process, as ``make test`` sets."""
    if os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL"):
        yield
        return
    from django.test import override_settings

    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    with override_settings(CACHES=local):
        yield


@pytest.fixture
def unit_a(db):
    return UnitFactory(name="甲市总工会")


@pytest.fixture
def unit_b(db):
    return UnitFactory(name="乙区总工会")


@pytest.fixture
def correspondent_a(unit_a):
    return StaffFactory(user__username="corr_a", user__role="correspondent", unit=unit_a).user


@pytest.fixture
def correspondent_b(unit_b):
    return StaffFactory(user__username="corr_b", user__role="correspondent", unit=unit_b).user


@pytest.fixture
def editor(db):
    office = UnitFactory(name="市总办公室", kind="department")
    return StaffFactory(user__username="editor_user", user__role="editor", unit=office, title="编辑").user


@pytest.fixture
def signer(db):
    office = UnitFactory(name="市总办公室", kind="department")
    return StaffFactory(user__username="signer_user", user__role="signer", unit=office, title="副主席").user


@pytest.fixture
def reader(db):
    return UserFactory(username="reader_user", role="reader")


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def cast(correspondent_a, correspondent_b, editor, signer, reader, anonymous):
    return SimpleNamespace(
        correspondent_a=correspondent_a,
        correspondent_b=correspondent_b,
        editor=editor,
        signer=signer,
        reader=reader,
        anonymous=anonymous,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many accounts; a slow hasher would only slow the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    """Transactional tests (and browser tests through ``live_server``) end with a flush that also
    wipes what the data migrations seeded (role groups, default sections, the publication); let
    every one of them restore that data, so the test after them starts from a migrated database."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
            name in item.fixturenames for name in ("transactional_db", "live_server")
        )
        if not transactional:
            continue
        if marker is not None and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )
        if "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")
    # The browser tests last: their live server works on a connection without the serialized copy,
    # so they reseed what they need themselves (tests/e2e/conftest.py) but cannot restore it for the
    # transactional tests after them. A stable sort keeps every other order as collected.
    items.sort(key=lambda item: item.nodeid.startswith("tests/e2e/"))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploads and generated files of a test go to a folder of its own, never into var/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT
