from django.contrib.auth.models import Group


def codes(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_it_seeds_the_four_role_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "correspondent",
        "editor",
        "signer",
        "reader",
    }


def test_correspondents_write_articles_but_do_not_compose_issues(db):
    granted = codes("correspondent")
    assert {"articles.add_article", "articles.change_article", "articles.view_article"} <= granted
    assert "bulletin.change_issue" not in granted
    assert "bulletin.sign_issue" not in granted


def test_editors_compose_issues_but_do_not_sign_them_off(db):
    granted = codes("editor")
    assert {"bulletin.add_issue", "bulletin.change_issue", "distribution.change_recipientgroup"} <= granted
    assert "bulletin.sign_issue" not in granted


def test_signers_can_do_what_editors_do_and_sign_off(db):
    assert codes("signer") == codes("editor") | {"bulletin.sign_issue"}


def test_readers_have_no_back_office_permissions(db):
    assert codes("reader") == set()
