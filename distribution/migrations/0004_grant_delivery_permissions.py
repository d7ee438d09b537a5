from django.contrib.auth.management import create_permissions
from django.db import migrations

# The editorial office follows deliveries and read receipts, re-sends and withdraws reading links
# (change_delivery, through admin actions); nobody adds or deletes delivery records by hand.
CODES = [
    "distribution.view_delivery",
    "distribution.change_delivery",
    "distribution.view_deliveryevent",
    "distribution.view_issuereceipt",
]
GRANTS = {"editor": CODES, "signer": CODES}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("distribution", "0003_add_deliveries"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
