"""factory_boy factories for every model, with Chinese fake data."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import Article
from bulletin.models import Issue, Publication, Section
from contributors.models import Staff, Unit
from distribution.models import IssueLine, Recipient, RecipientGroup

Faker = factory.Faker


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试{n}区总工会")
    kind = Unit.Kind.FEDERATION


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = Faker("name", locale="zh_CN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("test-pass-2026")

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(Group.objects.get(name=extracted))


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory, is_staff=True)
    unit = factory.SubFactory(UnitFactory)
    title = "通讯员"


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"测试简报{n}")
    slug = factory.Sequence(lambda n: f"test-publication-{n}")


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    position = factory.Sequence(lambda n: 100 + n)


class IssueFactory(DjangoModelFactory):
    class Meta:
        model = Issue

    publication = factory.LazyFunction(lambda: Publication.objects.default())
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    issue_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 16))

    class Params:
        published = factory.Trait(
            status=Issue.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = Faker("sentence", locale="zh_CN", nb_words=8)
    body = factory.LazyAttribute(lambda o: f"<p>{o.text}</p>")
    byline = ""

    class Params:
        text = Faker("paragraph", locale="zh_CN")
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            issue=factory.SubFactory(IssueFactory, published=True),
            section=factory.LazyFunction(lambda: Section.objects.first()),
        )

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)


class RecipientGroupFactory(DjangoModelFactory):
    class Meta:
        model = RecipientGroup

    name = factory.Sequence(lambda n: f"印发对象{n}")


class RecipientFactory(DjangoModelFactory):
    class Meta:
        model = Recipient

    group = factory.SubFactory(RecipientGroupFactory)
    name = Faker("name", locale="zh_CN")
    email = factory.Sequence(lambda n: f"recipient{n}@example.org")


class IssueLineFactory(DjangoModelFactory):
    class Meta:
        model = IssueLine

    issue = factory.SubFactory(IssueFactory)
    kind = "distribute"
