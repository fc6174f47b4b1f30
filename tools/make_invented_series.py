"""Write the invented three-year test series (tests/fixtures/series/invented, 2021–2023).

Every figure is made up (see the folder's README for what each year is built to show). Run it
again after changing the values below, then check the README's hand computations:

    python tools/make_invented_series.py tests/fixtures/series/invented
"""

import csv
import pathlib
import sys

from parkmetrics.ingest.extract import FIGURE_COLUMNS  # the columns the importer writes too

ROOT = pathlib.Path(sys.argv[1])
Y = {
    2021: dict(
        full=800,
        exe=760,
        rate=95,
        score=10,
        iva=1000,
        iva_g="7.5",
        rev=5000,
        rev_g="9",
        tax=200,
        tax_g="4",
        het=800,
        hit=1500,
        proj=110,
        sat=95,
        restate=[],
    ),
    2022: dict(
        full=850,
        exe=850,
        rate=100,
        score=10,
        iva=1080,
        iva_g="8",
        rev=5500,
        rev_g="10",
        tax=210,
        tax_g="5",
        het=880,
        hit=1650,
        proj=120,
        sat=96,
        restate=[],
    ),
    2023: dict(
        full=900,
        exe=810,
        rate=90,
        score=10,
        iva=1166.4,
        iva_g="12",
        rev=6060,
        rev_g="10.2",
        tax=220.5,
        tax_g="5",
        het=968,
        hit=1800,
        proj=125,
        sat=97,
        restate=[
            (
                "industrial_value_added",
                "上年规模以上工业增加值",
                1080,
                "上年规模以上工业增加值1080亿元",
            ),
            ("tax_paid", "上年上交税金", 200, "上年上交税金200亿元"),
        ],
    ),
}


def num(v):
    return f"{v:g}"


for year, y in Y.items():
    d = ROOT / str(year)
    (d / "source").mkdir(parents=True, exist_ok=True)
    doc = f"invented-{year}-series-self-evaluation.txt"
    title = f"{year} 年度合成新区园区发展专项资金绩效自评报告（虚构）"
    restate_text = "".join(f"（{q}）" for _, _, _, q in y["restate"])
    text = f"""【虚构测试数据，不是真实报告】{title}
一、预算收支出情况
{year}年预算收入 {y["full"]}万元，其中年初预算 {y["full"]}万元。
{year} 年支出 {y["exe"]}万元。
二、项目支出绩效情况
{year}年，全市园区规模以上工业增加值{num(y["iva"])}亿元，增长{y["iva_g"]}%{restate_text}；技工贸总收入{num(y["rev"])}亿元，增长{y["rev_g"]}%；上交税金{num(y["tax"])}亿元，增长{y["tax_g"]}%。
荷塘产业开发区技工贸总收入{num(y["het"])}亿元，株洲高新区技工贸总收入{num(y["hit"])}亿元。
全市园区新引进5000万以上产业项目{y["proj"]}个。
项目支出绩效自评表（虚构）
\t项目支出名称
\t合成新区——园区发展专项
\t主管部门
\t合成新区管委会
\t实施单位
\t园区发展科
\t年度总体目标
\t预期目标：新引进5000万以上产业项目不少于100个
\t实际完成情况：新引进5000万以上产业项目{y["proj"]}个
\t总分
\t100
\t100
"""
    (d / "source" / doc).write_text(text, encoding="utf-8")

    def w(name, header, rows, d=d):
        with (d / name).open("w", encoding="utf-8", newline="") as f:
            c = csv.writer(f, lineterminator="\n")
            c.writerow(header)
            c.writerows(rows)

    w(
        "header.csv",
        ["field", "value", "source_quote"],
        [
            ["title", title, title],
            ["city", "合成新区", ""],
            ["document", doc, ""],
            ["project_name", "合成新区——园区发展专项", "合成新区——园区发展专项"],
            ["department", "合成新区管委会", "合成新区管委会"],
            ["implementing_unit", "园区发展科", "园区发展科"],
            [
                "goal_expected",
                "新引进5000万以上产业项目不少于100个",
                "预期目标：新引进5000万以上产业项目不少于100个",
            ],
            [
                "goal_actual",
                f"新引进5000万以上产业项目{y['proj']}个",
                f"实际完成情况：新引进5000万以上产业项目{y['proj']}个",
            ],
            ["total_weight", "100", ""],
            ["total_score", "100", ""],
            ["output_weight", "50", ""],
            ["benefit_weight", "30", ""],
            ["satisfaction_weight", "10", ""],
        ],
    )
    w(
        "budget.csv",
        [
            "line",
            "label",
            "unit",
            "initial",
            "full_year",
            "executed",
            "weight",
            "rate_text",
            "rate",
            "score",
        ],
        [
            [
                "total",
                "年度资金总额",
                "万元",
                y["full"],
                y["full"],
                y["exe"],
                10,
                f"{y['rate']}%",
                y["rate"],
                y["score"],
            ],
            [
                "fiscal_appropriation",
                "其中：当年财政拨款",
                "万元",
                y["full"],
                y["full"],
                y["exe"],
                10,
                f"{y['rate']}%",
                y["rate"],
                y["score"],
            ],
        ],
    )
    w(
        "indicators.csv",
        [
            "row",
            "level1",
            "level2",
            "level3",
            "target",
            "actual",
            "weight",
            "score",
            "deviation_reason",
            "metrics",
        ],
        [
            [
                1,
                "output",
                "quantity",
                "新引进5000万以上产业项目个数",
                "≥100个",
                f"{y['proj']}个",
                30,
                30,
                "",
                "projects_introduced",
            ],
            [
                2,
                "output",
                "cost",
                "园区建设发展相关费用",
                f"≤{y['full']}万元",
                f"{y['exe']}万元",
                20,
                20,
                "",
                "special_fund_expenditure",
            ],
            [
                3,
                "benefit",
                "economic",
                "规模以上工业增加值增长",
                "≥7%",
                f"{y['iva_g']}%",
                30,
                30,
                "",
                "industrial_value_added_growth",
            ],
            [
                4,
                "satisfaction",
                "service_satisfaction",
                "园区营商环境",
                "满意度≥90%",
                f"满意度{y['sat']}%",
                10,
                10,
                "",
                "service_satisfaction_rate",
            ],
        ],
    )
    iva_q = f"规模以上工业增加值{num(y['iva'])}亿元，增长{y['iva_g']}%"
    rev_q = f"技工贸总收入{num(y['rev'])}亿元，增长{y['rev_g']}%"
    tax_q = f"上交税金{num(y['tax'])}亿元，增长{y['tax_g']}%"

    def fig(park, metric, label, vt, v, unit, cv, cu, quote, about="", doc=doc):
        cvt = f"{cv:.0f}" if float(cv).is_integer() else repr(cv)
        return [
            park,
            metric,
            label,
            vt,
            num(v),
            unit,
            cvt,
            cu,
            "exact",
            "",
            doc,
            quote,
            "INVENTED",
            about,
        ]

    def yi(v):
        return (f"{num(v)}亿元", v, "亿元", round(v * 1e8), "元")

    rows = [
        fig(
            "city",
            "budget_revenue",
            "预算收入",
            f"{y['full']}万元",
            y["full"],
            "万元",
            y["full"] * 10000,
            "元",
            f"{year}年预算收入 {y['full']}万元",
        ),
        fig(
            "city",
            "expenditure",
            "支出",
            f"{y['exe']}万元",
            y["exe"],
            "万元",
            y["exe"] * 10000,
            "元",
            f"{year} 年支出 {y['exe']}万元",
        ),
        fig("city", "industrial_value_added", "规模以上工业增加值", *yi(y["iva"]), iva_q),
        fig(
            "city",
            "industrial_value_added_growth",
            "规模以上工业增加值增长",
            f"{y['iva_g']}%",
            float(y["iva_g"]),
            "%",
            float(y["iva_g"]),
            "%",
            iva_q,
        ),
        fig("city", "total_revenue", "技工贸总收入", *yi(y["rev"]), rev_q),
        fig(
            "city",
            "total_revenue_growth",
            "技工贸总收入增长",
            f"{y['rev_g']}%",
            float(y["rev_g"]),
            "%",
            float(y["rev_g"]),
            "%",
            rev_q,
        ),
        fig("city", "tax_paid", "上交税金", *yi(y["tax"]), tax_q),
        fig(
            "city",
            "tax_paid_growth",
            "上交税金增长",
            f"{y['tax_g']}%",
            float(y["tax_g"]),
            "%",
            float(y["tax_g"]),
            "%",
            tax_q,
        ),
        fig(
            "hetang",
            "total_revenue",
            "技工贸总收入",
            *yi(y["het"]),
            f"荷塘产业开发区技工贸总收入{num(y['het'])}亿元",
        ),
        fig(
            "zhuzhou_hitech",
            "total_revenue",
            "技工贸总收入",
            *yi(y["hit"]),
            f"株洲高新区技工贸总收入{num(y['hit'])}亿元",
        ),
        fig(
            "city",
            "projects_introduced",
            "新引进5000万以上产业项目",
            f"{y['proj']}个",
            y["proj"],
            "个",
            y["proj"],
            "个",
            f"全市园区新引进5000万以上产业项目{y['proj']}个",
        ),
    ]
    for metric, label, v, quote in y["restate"]:
        rows.append(fig("city", metric, label, *yi(v), quote, about=str(year - 1)))
    w(
        "figures.csv",
        [*FIGURE_COLUMNS, "about_year"],
        rows,
    )
    w("awards.csv", ["park", "award", "label", "level", "note", "document", "source_quote"], [])
    w("spending.csv", ["item", "label", "amount", "unit", "document", "source_quote"], [])
