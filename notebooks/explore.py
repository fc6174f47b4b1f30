# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 园区数据探索
#
# 在 JupyterLab 中打开本文件（右键 → Open With → Notebook；jupytext 随 `pip install -e .`
# 安装，`.py` 文件可直接作为笔记本打开）。改下面参数单元格里的年份、主题、园区，然后
# 依次运行。所有计算都来自 `parkmetrics` 库，结果与 `parkmetrics run` 的年度报告一致。

# %% tags=["parameters"]
year: int = 2022  # 报告年份
data_dir: str = ""  # 数据文件夹；留空则用 ./data 或本仓库的 data/
theme: str = "economy"  # 主题：budget、economy、planning、land、platforms、funds、projects、reform、services、green_safety、ranking
park: str = ""  # 园区编号（如 zhuzhou_hitech）；留空则看全部园区
chart: str = "growth"  # 图表：budget、growth、pipeline、scores、land、findings

# %%
# %matplotlib inline
from IPython.display import HTML, Markdown, display

from parkmetrics import (
    ALL_CHARTS,
    assess,
    audit,
    available_years,
    chart_bundle,
    derive,
    load_year,
    narrative,
)

print("可用年份：", available_years(data_dir or None))
year_data = load_year(year, data_dir or None)
assessment = assess(year_data)
findings = audit(year_data, assessment=assessment)
derived = derive(year_data)

# %% [markdown]
# ## 词表：指标、主题、单位

# %%
year_data.vocabulary.metrics[["metric", "label", "canonical_unit", "theme"]]

# %% [markdown]
# ## 按主题和园区筛选数字（原文数字与限定词保留）

# %%
selected = year_data.figures[year_data.figures["metric"].isin(year_data.vocabulary.metrics_of_theme(theme))]
if park:
    selected = selected[selected["park"] == park]
selected[["park", "metric", "label", "value_text", "canonical_value", "canonical_unit", "qualifier", "source_quote"]]

# %% [markdown]
# ## 图表

# %%
title, draw = ALL_CHARTS[chart]
display(Markdown(f"**{title}**"))
display(draw(chart_bundle(year_data, assessment, findings, derived)))

# %% [markdown]
# ## 评分与复核

# %%
display(Markdown(narrative.scores_text(assessment)))
display(HTML(narrative.html_table(narrative.scores_table(assessment))))
display(Markdown(narrative.findings_text(findings)))
display(HTML(narrative.html_table(narrative.findings_table(findings, year_data.vocabulary))))

# %% [markdown]
# ## 由增长率推算的上年数（推算值，不是报告数）

# %%
derived[["park", "metric", "label", "value", "unit", "method"]]
