from decimal import Decimal

from django.db import migrations

# The office's usual rules (信息工作考核办法): event, level, points.
DEFAULTS = [
    ("article", "", Decimal(5)),
    ("brief", "", Decimal(3)),
    ("upward", "city", Decimal(10)),
    ("upward", "province", Decimal(15)),
    ("upward", "national", Decimal(20)),
    ("upward", "central", Decimal(30)),
    ("instruction", "city", Decimal(10)),
    ("instruction", "province", Decimal(15)),
    ("instruction", "national", Decimal(20)),
    ("instruction", "central", Decimal(30)),
]


def add_defaults(apps, schema_editor):
    ScoringRule = apps.get_model("infowork", "ScoringRule")
    for event, level, points in DEFAULTS:
        ScoringRule.objects.get_or_create(event=event, level=level, defaults={"points": points})


def remove_defaults(apps, schema_editor):
    ScoringRule = apps.get_model("infowork", "ScoringRule")
    for event, level, _points in DEFAULTS:
        ScoringRule.objects.filter(event=event, level=level).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("infowork", "0001_information_work"),
    ]

    operations = [
        migrations.RunPython(add_defaults, remove_defaults),
    ]
