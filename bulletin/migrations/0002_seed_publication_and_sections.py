from django.db import migrations

DEFAULT_SECTIONS = [
    # name, slug, layout
    ("工作动态", "gongzuo-dongtai", "standard"),
    ("创先争优", "chuangxian-zhengyou", "standard"),
    ("立功竞赛", "ligong-jingsai", "standard"),
    ("工作简讯", "gongzuo-jianxun", "briefs"),
]


def seed(apps, schema_editor):
    Publication = apps.get_model("bulletin", "Publication")
    Section = apps.get_model("bulletin", "Section")
    if not Publication.objects.exists():
        Publication.objects.create(
            title="工会工作简报", slug="gonghui-gongzuo-jianbao", editing_unit="苏州市总工会办公室", is_default=True
        )
    for position, (name, slug, layout) in enumerate(DEFAULT_SECTIONS, start=1):
        Section.objects.get_or_create(name=name, defaults={"slug": slug, "position": position * 10, "layout": layout})


def unseed(apps, schema_editor):
    Publication = apps.get_model("bulletin", "Publication")
    Section = apps.get_model("bulletin", "Section")
    Section.objects.filter(slug__in=[slug for _, slug, _ in DEFAULT_SECTIONS], articles__isnull=True).delete()
    Publication.objects.filter(slug="gonghui-gongzuo-jianbao", issues__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("bulletin", "0001_initial"), ("articles", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
