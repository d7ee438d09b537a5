"""Adoption statistics: the figures of a factory-built year, checked against hand-computed counts,
the roll-up of child units, the definitions at the edges, and the real 2012 sample."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, ArticleAction, ArticleTransition
from bulletin import services as issue_services
from bulletin.models import Issue, Publication, Section
from contributors import activity
from contributors.models import Unit, descendant_ids
from infowork.stats import DateRange, Preset, check_range, preset_range, unit_statistics
from tests.factories import ArticleFactory, IssueFactory, PublicationFactory, UnitFactory

S, A = Article.Status, ArticleAction
YEAR_2025 = DateRange(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def at(day: str, clock: str = "10:00") -> datetime.datetime:
    """A moment in the office's time zone (Asia/Shanghai)."""
    moment = datetime.datetime.fromisoformat(f"{day}T{clock}")
    return moment.replace(tzinfo=timezone.get_default_timezone())


def issue_on(day: str, number: int, **kwargs) -> Issue:
    date = datetime.date.fromisoformat(day)
    return IssueFactory(
        year=date.year,
        number=number,
        issue_date=date,
        status=Issue.Status.PUBLISHED,
        published_at=at(day, "09:00"),
        **kwargs,
    )


def article(units, *steps, published_in=None, section="工作动态", status=None) -> Article:
    """An article of ``units`` whose log holds ``steps`` — (action, "YYYY-MM-DD[ HH:MM]") pairs — with
    the fields the workflow would have left; ``published_in`` publishes it in that issue."""
    item = ArticleFactory(units=units, status=S.DRAFT)
    state = S.DRAFT
    targets = {
        A.SUBMIT: S.SUBMITTED,
        A.WITHDRAW: S.DRAFT,
        A.RETURN: S.RETURNED,
        A.REJECT: S.REJECTED,
        A.ACCEPT: S.ACCEPTED,
        A.REOPEN: S.SUBMITTED,
        A.PUBLISH: S.PUBLISHED,
        A.RECALL: S.ACCEPTED,
    }
    fields = {}
    for action, when in steps:
        moment = at(*when.split(" "))
        ArticleTransition.objects.create(
            article=item, action=action, from_status=state, to_status=targets[action], created=moment
        )
        state = targets[action]
        if action == A.SUBMIT:
            fields["submitted_at"] = moment
        if action == A.ACCEPT:
            fields["accepted_at"] = moment
    if published_in is not None:
        ArticleTransition.objects.create(
            article=item,
            action=A.PUBLISH,
            from_status=state,
            to_status=S.PUBLISHED,
            issue=published_in,
            created=published_in.published_at,
        )
        state = S.PUBLISHED
        fields.update(
            issue=published_in,
            section=Section.objects.get(name=section),
            position=1,
            published_at=published_in.published_at,
        )
    Article.objects.filter(pk=item.pk).update(status=status or state, **fields)
    activity.refresh([item.pk])  # update() sends no signal
    return item


def archive_article(units, issue: Issue, section="工作动态") -> Article:
    """As the importer leaves them: published on the issue's date, no transition, never submitted."""
    return ArticleFactory(
        units=units,
        status=S.PUBLISHED,
        issue=issue,
        section=Section.objects.get(name=section),
        published_at=at(issue.issue_date.isoformat(), "00:00"),
        accepted_at=at(issue.issue_date.isoformat(), "00:00"),
    )


@pytest.fixture
def year(db):
    """A year of work in 2025, with the figures worked out by hand in the tests below.

    太仓 (T) has the town 城厢 (TC) below it; 张家港 (Z); the department 市总生产部 (D); 吴江 (W)
    submits nothing; an inactive unit (O) does nothing.
    """
    units = {
        "T": UnitFactory(name="太仓市总工会", position=1),
        "Z": UnitFactory(name="张家港市总工会", position=3),
        "D": UnitFactory(name="市总生产部", kind=Unit.Kind.DEPARTMENT, position=4),
        "W": UnitFactory(name="吴江市总工会", position=5),
        "O": UnitFactory(name="撤并单位工会", position=6, active=False),
    }
    units["TC"] = UnitFactory(name="城厢镇总工会", parent=units["T"], kind=Unit.Kind.TOWN, position=2)
    T, TC, Z, D, W = (units[key] for key in ["T", "TC", "Z", "D", "W"])
    i0 = issue_on("2025-01-20", 1)
    i1 = issue_on("2025-02-01", 2)
    i2 = issue_on("2025-03-15", 3)
    i3 = issue_on("2025-04-15", 4)
    archive = issue_on("2025-06-30", 5)
    # a1 T: submitted, accepted, published (工作动态)
    article([T], (A.SUBMIT, "2025-01-10"), (A.ACCEPT, "2025-01-12"), published_in=i1)
    # a2 T: submitted, returned, submitted again, accepted — one submission, one return
    article(
        [T],
        (A.SUBMIT, "2025-01-15"),
        (A.RETURN, "2025-01-16"),
        (A.SUBMIT, "2025-01-20"),
        (A.ACCEPT, "2025-01-22"),
    )
    # a3 T and Z together: published in 工作简讯 — counts for both
    article([T, Z], (A.SUBMIT, "2025-03-01"), (A.ACCEPT, "2025-03-02"), published_in=i2, section="工作简讯")
    # a4 Z: rejected
    article([Z], (A.SUBMIT, "2025-02-03"), (A.REJECT, "2025-02-05"))
    # a5 TC: published (工作动态)
    article([TC], (A.SUBMIT, "2025-04-01"), (A.ACCEPT, "2025-04-02"), published_in=i3)
    # a6 TC and T together, still waiting: one article for the rolled-up 太仓 line
    article([TC, T], (A.SUBMIT, "2025-05-05"))
    # a7 D: submitted in 2024, accepted and published in 2025
    article([D], (A.SUBMIT, "2024-12-30"), (A.ACCEPT, "2025-01-03"), published_in=i0)
    # a8 Z: an archive article (imported), published on its issue's date
    archive_article([Z], archive)
    # a9 Z: submitted in the last half hour of 2025, Shanghai time
    article([Z], (A.SUBMIT, "2025-12-31 23:30"))
    # a10 T: submitted ten minutes into 2026, Shanghai time (still 2025 in UTC) — not in 2025
    article([T], (A.SUBMIT, "2026-01-01 00:10"))
    # a11 W: a draft only — W stays silent
    article([W])
    # a12 T: submitted, then withdrawn — it was sent in, so it counts as submitted
    article([T], (A.SUBMIT, "2025-06-01"), (A.WITHDRAW, "2025-06-02"))
    # a14 Z: rejected, reopened by the office, accepted — the reopening is no submission
    article(
        [Z],
        (A.SUBMIT, "2025-06-30"),
        (A.REJECT, "2025-07-01"),
        (A.REOPEN, "2025-07-02"),
        (A.ACCEPT, "2025-07-03"),
    )
    # a15 T: published, then the issue was recalled — accepted, not published
    recalled = issue_on("2025-08-10", 6)
    item = article([T], (A.SUBMIT, "2025-08-01"), (A.ACCEPT, "2025-08-02"), published_in=recalled)
    ArticleTransition.objects.create(
        article=item, action=A.RECALL, from_status=S.PUBLISHED, to_status=S.ACCEPTED, created=at("2025-08-11")
    )
    Article.objects.filter(pk=item.pk).update(status=S.ACCEPTED, published_at=None)
    activity.refresh([item.pk])
    # Outside the year altogether
    article([T], (A.SUBMIT, "2024-11-01"), (A.ACCEPT, "2024-11-02"), published_in=issue_on("2024-11-20", 9))
    return units


def figures(line) -> tuple:
    return (line.submitted, line.returned, line.rejected, line.accepted, line.published)


def lines_by_name(result) -> dict:
    return {line.unit.name: line for line in result.lines}


def section_id(name: str) -> int:
    return Section.objects.get(name=name).pk


def test_it_counts_each_unit_of_a_year_as_worked_out_by_hand(year):
    lines = lines_by_name(unit_statistics(date_range=YEAR_2025))
    assert figures(lines["太仓市总工会"]) == (6, 1, 0, 4, 2)
    assert figures(lines["城厢镇总工会"]) == (2, 0, 0, 1, 1)
    assert figures(lines["张家港市总工会"]) == (5, 0, 2, 3, 2)
    assert figures(lines["市总生产部"]) == (0, 0, 0, 1, 1)
    assert figures(lines["吴江市总工会"]) == (0, 0, 0, 0, 0)


def test_it_computes_the_adoption_rate_with_one_decimal_and_none_without_submissions(year):
    lines = lines_by_name(unit_statistics(date_range=YEAR_2025))
    assert str(lines["太仓市总工会"].adoption_rate) == "66.7"
    assert str(lines["城厢镇总工会"].adoption_rate) == "50.0"
    assert str(lines["张家港市总工会"].adoption_rate) == "60.0"
    assert lines["市总生产部"].adoption_rate is None
    assert lines["吴江市总工会"].adoption_rate is None


def test_it_counts_published_articles_per_section(year):
    lines = lines_by_name(unit_statistics(date_range=YEAR_2025))
    news, briefs = section_id("工作动态"), section_id("工作简讯")
    assert lines["太仓市总工会"].by_section == {news: 1, briefs: 1}
    assert lines["张家港市总工会"].by_section == {news: 1, briefs: 1}
    assert lines["城厢镇总工会"].by_section == {news: 1}


def test_it_ranks_by_published_then_accepted_with_shared_ranks(year):
    result = unit_statistics(date_range=YEAR_2025)
    assert [(line.rank, line.unit.name) for line in result.ranked] == [
        (1, "太仓市总工会"),
        (2, "张家港市总工会"),
        (3, "城厢镇总工会"),
        (3, "市总生产部"),
    ]
    assert lines_by_name(result)["吴江市总工会"].rank is None


def test_it_lists_active_non_department_units_without_submissions_as_silent(year):
    result = unit_statistics(date_range=YEAR_2025)
    assert [unit.name for unit in result.silent] == ["吴江市总工会"]


def test_it_leaves_out_inactive_units_that_did_nothing(year):
    assert "撤并单位工会" not in lines_by_name(unit_statistics(date_range=YEAR_2025))


def test_it_rolls_child_units_up_counting_a_shared_article_once(year):
    result = unit_statistics(date_range=YEAR_2025, rollup=True)
    lines = lines_by_name(result)
    assert "城厢镇总工会" not in lines
    # 太仓 6 + 城厢 2 submissions, but a6 belongs to both: 7 articles.
    assert figures(lines["太仓市总工会"]) == (7, 1, 0, 5, 3)
    assert lines["太仓市总工会"].by_section == {section_id("工作动态"): 2, section_id("工作简讯"): 1}
    assert figures(lines["张家港市总工会"]) == (5, 0, 2, 3, 2)
    assert [line.unit.name for line in result.ranked] == ["太仓市总工会", "张家港市总工会", "市总生产部"]


def test_it_shows_a_correspondent_only_their_own_units_line(year):
    scope = descendant_ids([year["T"].pk])
    flat = unit_statistics(date_range=YEAR_2025, scope=scope)
    assert [(line.unit.name, figures(line)) for line in flat.lines] == [("太仓市总工会", (6, 1, 0, 4, 2))]
    rolled = unit_statistics(date_range=YEAR_2025, scope=scope, rollup=True)
    assert [(line.unit.name, figures(line)) for line in rolled.lines] == [("太仓市总工会", (7, 1, 0, 5, 3))]


def test_it_shows_a_town_correspondent_the_town_alone(year):
    result = unit_statistics(date_range=YEAR_2025, scope={year["TC"].pk}, rollup=True)
    assert [(line.unit.name, figures(line)) for line in result.lines] == [("城厢镇总工会", (2, 0, 0, 1, 1))]


def test_it_counts_by_the_office_calendar_day_at_the_edges_of_the_range(year):
    last_day = DateRange(datetime.date(2025, 12, 31), datetime.date(2025, 12, 31))
    first_day = DateRange(datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    assert lines_by_name(unit_statistics(date_range=last_day))["张家港市总工会"].submitted == 1
    assert lines_by_name(unit_statistics(date_range=last_day))["太仓市总工会"].submitted == 0
    assert lines_by_name(unit_statistics(date_range=first_day))["太仓市总工会"].submitted == 1


def test_it_counts_an_archive_article_on_its_issue_date(year):
    june = DateRange(datetime.date(2025, 6, 30), datetime.date(2025, 6, 30))
    line = lines_by_name(unit_statistics(date_range=june))["张家港市总工会"]
    # the archive article a8, and a14 submitted that day
    assert figures(line) == (2, 0, 0, 1, 1)


def test_it_limits_published_articles_to_one_publication(year):
    other = PublicationFactory()
    issue = issue_on("2025-09-01", 1, publication=other)
    article([year["W"]], (A.SUBMIT, "2025-08-20"), (A.ACCEPT, "2025-08-21"), published_in=issue)
    default = Publication.objects.default()
    in_default = lines_by_name(unit_statistics(date_range=YEAR_2025, publication=default))
    in_other = lines_by_name(unit_statistics(date_range=YEAR_2025, publication=other))
    assert in_default["吴江市总工会"].published == 0
    assert in_other["吴江市总工会"].published == 1
    assert in_other["太仓市总工会"].published == 0
    # Submissions belong to no publication.
    assert in_other["太仓市总工会"].submitted == 6


def test_it_sums_the_lines_for_the_totals(year):
    totals = unit_statistics(date_range=YEAR_2025).totals
    assert figures(totals) == (13, 1, 2, 9, 6)


def test_it_counts_the_real_workflow(correspondent_a, unit_a, editor, signer):
    today = timezone.localdate()
    item = article_services.article_create(
        actor=correspondent_a, title="基层工会开展技能竞赛", units=[unit_a]
    )
    article_services.article_submit(article=item, actor=correspondent_a)
    article_services.article_return(article=item, actor=editor, note="请补充数据")
    article_services.article_submit(article=item, actor=correspondent_a)
    article_services.article_accept(article=item, actor=editor)
    issue = IssueFactory(year=today.year, issue_date=today)
    article_services.article_place(article=item, actor=editor, issue=issue, section=Section.objects.first())
    issue_services.issue_send_for_signoff(issue=issue, actor=editor)
    issue_services.issue_sign(issue=issue, actor=signer)
    issue_services.issue_publish(issue=issue, actor=signer)
    result = unit_statistics(date_range=preset_range(Preset.MONTH))
    assert figures(lines_by_name(result)[unit_a.name]) == (1, 1, 0, 1, 1)


def sample_path() -> Path:
    return Path(settings.BASE_DIR).parent / "shared/samples/bulletin-2012-02.txt"


def test_it_counts_the_imported_2012_sample_as_published_that_year(db):
    call_command(
        "import_bulletin", str(sample_path()), "--number", "2", "--date", "2012-02-28", "--no-progress"
    )
    result = unit_statistics(date_range=DateRange(datetime.date(2012, 1, 1), datetime.date(2012, 12, 31)))
    published = {line.unit.name: line.published for line in result.lines}
    assert published["太仓市总工会"] == 3
    assert published["市总生产部"] == 2
    assert published["张家港市总工会"] == 1
    # Archive articles were adopted: their units are not silent.
    silent = {unit.name for unit in result.silent}
    assert "太仓市总工会" not in silent
    assert lines_by_name(result)["太仓市总工会"].adoption_rate == 100


def test_it_finds_nothing_for_the_sample_in_another_year(db):
    call_command(
        "import_bulletin", str(sample_path()), "--number", "2", "--date", "2012-02-28", "--no-progress"
    )
    result = unit_statistics(date_range=DateRange(datetime.date(2013, 1, 1), datetime.date(2013, 12, 31)))
    assert result.ranked == []


@pytest.mark.parametrize(
    ("preset", "today", "first", "last"),
    [
        (Preset.MONTH, "2026-02-14", "2026-02-01", "2026-02-28"),
        (Preset.MONTH, "2024-02-29", "2024-02-01", "2024-02-29"),
        (Preset.LAST_MONTH, "2026-01-05", "2025-12-01", "2025-12-31"),
        (Preset.LAST_MONTH, "2026-03-31", "2026-02-01", "2026-02-28"),
        (Preset.QUARTER, "2026-05-20", "2026-04-01", "2026-06-30"),
        (Preset.QUARTER, "2026-12-31", "2026-10-01", "2026-12-31"),
        (Preset.YEAR, "2026-07-01", "2026-01-01", "2026-12-31"),
    ],
)
def test_it_resolves_the_presets(preset, today, first, last):
    days = preset_range(preset, datetime.date.fromisoformat(today))
    assert (days.first.isoformat(), days.last.isoformat()) == (first, last)


def test_it_takes_today_in_shanghai_for_the_presets(settings, monkeypatch):
    # 2026-01-31 20:00 UTC is already 1 February in Shanghai.
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 1, 31, 20, 0, tzinfo=datetime.UTC))
    assert preset_range(Preset.MONTH).first == datetime.date(2026, 2, 1)


def test_it_accepts_ten_years_and_refuses_a_day_more():
    check_range(datetime.date(2016, 1, 1), datetime.date(2025, 12, 31))
    with pytest.raises(ValidationError) as error:
        check_range(datetime.date(2016, 1, 1), datetime.date(2026, 1, 1))
    assert error.value.code == "too_long"


def test_it_refuses_a_reversed_range():
    with pytest.raises(ValidationError) as error:
        check_range(datetime.date(2025, 2, 1), datetime.date(2025, 1, 1))
    assert error.value.code == "reversed"
