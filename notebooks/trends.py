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

# %% [markdown] tags=["remove-from-report"]
# 逐年对比笔记本。`parkmetrics run` 为每个有两个以上年度的报告系列执行一次（papermill），
# 写入 `reports/<系列>/trends/`（数据文件夹本身的年度写入 `reports/trends/`）。本笔记本只调用
# `parkmetrics` 库：各年度按年度报告的同样方法计算，再做跨年度复核；表格（CSV）和图表（PNG/SVG）
# 写入 `output_dir`，笔记本显示的就是保存的图表。
#
# 单独执行（papermill 命令行）：
#
# ```
# jupytext --to ipynb notebooks/trends.py -o trends.ipynb
# papermill trends.ipynb out.ipynb -k python3 -p series east -p first_year 2021 -p last_year 2023
# ```

# %% tags=["parameters"]
series: str = ""  # 报告系列（data/<系列>/）；留空则为数据文件夹本身的年度
first_year: int = 0  # 起始年份；0 表示该系列最早的年度
last_year: int = 0  # 截止年份；0 表示该系列最近的年度
data_dir: str = "data"  # 数据文件夹（含 <年份>/ 或 <系列>/<年份>/，与 vocabulary/）
output_dir: str = "."  # 输出文件夹（表格、图表写入此处）
rules_path: str = ""  # 评分规则文件（YAML）；留空则用国家通行规则

# %%
# The charts are matplotlib Figures outside pyplot, shown as their saved PNG files: no
# matplotlib magic sets up a backend here (it would import pyplot for nothing).
from IPython.display import HTML, display

from parkmetrics import chart_image, trends

results = trends.compute_trends(
    series or None, first_year or None, last_year or None, data_dir, rules_path or None
)
charts = trends.write_trends_files(results, output_dir)
tables = trends.display_tables(results)

# %%
display(HTML(trends.heading(trends.title(results))))

# %% [markdown]
# ## 一、预算与执行

# %%
display(HTML(trends.paragraph(trends.budget_text(results))))
display(HTML(trends.html_table(tables["budget"])))
display(chart_image(charts["budget"], trends.chart_title("budget")))

# %% [markdown]
# ## 二、自评总分与复算总分

# %%
display(HTML(trends.paragraph(trends.totals_text(results))))
display(HTML(trends.html_table(tables["totals"])))
display(chart_image(charts["totals"], trends.chart_title("totals")))

# %% [markdown]
# ## 三、各指标逐年数值与增长率复算

# %%
display(HTML(trends.html_table(tables["series"])))
display(HTML(trends.paragraph(trends.growth_text(results))))
display(HTML(trends.html_table(tables["growth"])))
display(chart_image(charts["growth"], trends.chart_title("growth")))

# %% [markdown]
# ## 四、复核发现：按复核项与年度

# %%
display(HTML(trends.paragraph(trends.findings_text(results))))
display(HTML(trends.html_table(tables["findings"])))
display(HTML(trends.html_table(tables["across_years"])))
display(chart_image(charts["findings"], trends.chart_title("findings")))

# %% [markdown]
# ## 五、园区对比

# %%
display(HTML(trends.html_table(tables["parks"])))
display(chart_image(charts["parks"], trends.chart_title("parks")))

# %% [markdown]
# ## 附件

# %%
display(HTML(trends.attachments_text(output_dir)))
