"""Invented bulletins for the layout tests (tests/formats/test_layout_*.py): a masthead, a footer or an
article given by each test around a fixed body, written to a file whose name the test chooses."""

from pathlib import Path

MASTHEAD = "工会工作简报\n第7期\n苏州市总工会办公室编　　2016年5月20日"

ARTICLE = (
    "东湖区总工会开展职工技能比武\n\n"
    "　　东湖区总工会本月组织辖区二十家企业的青年职工参加数控车床技能比武，评出一等奖三名。（东湖区总工会）"
)

BRIEFS = "【工作简讯】\n\n　　青石镇总工会慰问环卫工人。入伏以来，青石镇总工会为全镇环卫工人送去防暑用品。（青石镇总工会）"

FOOTER = "本期报送：省总工会\n本期印发：各区总工会\n共印60份"


def layout(*, masthead: str = MASTHEAD, article: str = ARTICLE, footer: str = FOOTER) -> str:
    return f"{masthead}\n\n【工作动态】\n\n{article}\n\n{BRIEFS}\n\n{footer}\n"


def write(tmp_path: Path, text: str, *, name: str = "bulletin.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
