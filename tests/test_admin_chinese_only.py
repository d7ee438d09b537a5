"""The admin speaks Chinese: every changelist, add page and change page a superuser opens, with the
demo data loaded, shows no English word outside a short allowlist. The visible text is taken as the
desk's test takes it (tests/desk/test_chinese_only.py)."""

import re
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from bulletin.models import Publication, Section
from tests.desk.test_chinese_only import LATIN, visible_text
from tests.factories import UserFactory

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
SUPERUSER = "root"
# Words an office reads as they are: file formats, programs, addresses, and the accounts of the demo
# data and of this test (user names are shown as written).
ALLOWED = {
    "PDF",
    "Word",
    "Excel",
    "CSV",
    "URL",
    "ID",
    "A4",
    "Atom",
    SUPERUSER,
    "editor",
    "signer",
    "reader",
    "zhangjiagang",
    "taicang",
    # Keys named in Django's own Chinese help for multiple choice ("按住 Control 键或 Mac 上的 Command 键").
    "Control",
    "Command",
    "Mac",
    # Named in Django's own Chinese help of the "usable password" switch.
    "LDAP",
    # Placeholders in the help of the number fields (第N期, 总第M期).
    "N",
    "M",
    # The password hasher the tests use, shown on the user page.
    "md5",
}
# Data, shown as entered: e-mail addresses, addresses on the site, masked password hashes.
DATA = re.compile(r"[\w.+-]+@[\w.-]+|(?<![\w<])/[\w/.-]*|\b\w{1,8}\*{4,}")


def data_words() -> set[str]:
    """Names that are identifiers shown as they are: slugs, and the role groups (the code looks
    them up by these names)."""
    words = set(Group.objects.values_list("name", flat=True))
    words |= set(Section.objects.values_list("slug", flat=True))
    words |= set(Publication.objects.values_list("slug", flat=True))
    return words


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo", verbosity=0)


@pytest.fixture
def superuser_client(client, demo):
    client.force_login(UserFactory(username=SUPERUSER, is_superuser=True, is_staff=True))
    return client


_SUPERUSER_REQUEST = SimpleNamespace(
    user=SimpleNamespace(is_superuser=True, is_active=True, has_perm=lambda perm: True)
)


def pages() -> list[str]:
    """Every model's changelist, its add page (where there is one) and the change page of its first row."""
    urls = []
    for model in MODELS:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if admin.site._registry[model].has_add_permission(_SUPERUSER_REQUEST):
            urls.append(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{name}_change", args=[first.pk]))
    return urls


def test_every_admin_page_shows_no_english(superuser_client):
    allowed = ALLOWED | data_words()
    found = {}
    for url in [reverse("admin:index"), *pages()]:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        for text in visible_text(response.content.decode()):
            for word in LATIN.findall(DATA.sub(" ", text)):
                if word not in allowed:
                    found.setdefault(f"{url}: {word}", " ".join(text.split())[:80])
    assert not found, "\n".join(f"{where} — in “{text}”" for where, text in found.items())
