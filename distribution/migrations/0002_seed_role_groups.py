from django.contrib.auth.management import create_permissions
from django.db import migrations

# The four roles of DESIGN.md and the model permissions each holds.
ROLE_PERMISSIONS = {
    "correspondent": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "contributors.view_unit", "bulletin.view_section",
    ],
    "editor": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "bulletin.view_publication", "bulletin.change_publication",
        "bulletin.add_issue", "bulletin.change_issue", "bulletin.view_issue",
        "bulletin.add_section", "bulletin.change_section", "bulletin.view_section",
        "contributors.add_unit", "contributors.change_unit", "contributors.view_unit", "contributors.view_staff",
        "distribution.add_recipientgroup", "distribution.change_recipientgroup",
        "distribution.delete_recipientgroup", "distribution.view_recipientgroup",
        "distribution.add_recipient", "distribution.change_recipient",
        "distribution.delete_recipient", "distribution.view_recipient",
        "distribution.add_issueline", "distribution.change_issueline",
        "distribution.delete_issueline", "distribution.view_issueline",
    ],
    "reader": [],
}
ROLE_PERMISSIONS["signer"] = [*ROLE_PERMISSIONS["editor"], "bulletin.sign_issue"]


def seed(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contributors", "0001_initial"),
        ("articles", "0001_initial"),
        ("bulletin", "0002_seed_publication_and_sections"),
        ("distribution", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
