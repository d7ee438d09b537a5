"""Every registered model's changelist and add page answers 200 for a superuser, in Chinese."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_answers(superuser_client, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


# Logs written only by code (the workflow logs, login events) have no add page.
_SUPERUSER_REQUEST = SimpleNamespace(
    user=SimpleNamespace(is_superuser=True, is_active=True, has_perm=lambda perm: True)
)
ADDABLE = [model for model in MODELS if admin.site._registry[model].has_add_permission(_SUPERUSER_REQUEST)]


@pytest.mark.parametrize("model", ADDABLE, ids=lambda m: m._meta.label)
def test_add_page_answers(superuser_client, model):
    opts = model._meta
    response = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200


def test_the_admin_speaks_chinese(superuser_client):
    response = superuser_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "来稿单位" in content
    assert "印发对象" in content
    assert "工会工作简报" in content and "编辑部工作台" in content


def test_the_admin_login_page_is_chinese(client, db):
    assert "登录" in client.get(reverse("admin:login")).content.decode()
