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
# 年度自评分析笔记本。由 `parkmetrics run` 按年度执行（papermill）。本笔记本只调用 `parkmetrics`
# 库：数字、句子、图表都由当年数据生成；表格、图表文件（PNG/SVG）和 Word 简报写入 `output_dir`，
# 笔记本显示的就是保存的图表（每张图只画一次）。
#
# 单独执行（papermill 命令行）：
#
# ```
# jupytext --to ipynb notebooks/yearly_assessment.py -o yearly_assessment.ipynb
# papermill yearly_assessment.ipynb 2022.ipynb -k python3 -p year 2022 -p data_dir data
# ```

# %% tags=["parameters"]
year: int = 2022  # 报告年份
data_dir: str = "data"  # 数据文件夹（含 <年份>/ 或 <系列>/<年份>/，与 vocabulary/）
series: str = ""  # 报告系列（data/<系列>/）；留空则为数据文件夹本身的年度
output_dir: str = "."  # 输出文件夹（表格、图表、简报写入此处）
rules_path: str = ""  # 评分规则文件（YAML）；留空则用国家通行规则

# %%
# The charts are matplotlib Figures outside pyplot, shown as their saved PNG files: no
# matplotlib magic sets up a backend here (it would import pyplot for nothing).
from IPython.display import HTML, display

from parkmetrics import (
    ALL_CHARTS,
    assess,
    attachments_text,
    audit,
    chart_image,
    derive,
    load_rules,
    load_year,
    narrative,
    write_report_files,
)

rules = load_rules(rules_path or None)
year_data = load_year(year, data_dir, series or None)
assessment = assess(year_data, rules)
findings = audit(year_data, rules, assessment)
derived = derive(year_data)
charts = write_report_files(year_data, assessment, findings, derived, rules, output_dir)

# %%
display(HTML(narrative.heading(narrative.title(year_data))))

# %% [markdown]
# ## 一、总体情况

# %%
display(HTML(narrative.paragraph(narrative.headline(year_data, assessment, findings))))

# %% [markdown]
# ## 二、预算执行与支出

# %%
display(HTML(narrative.paragraph(narrative.budget_text(year_data))))
display(chart_image(charts.get("budget")))

# %% [markdown]
# ## 三、园区经济：总量与增长

# %%
display(HTML(narrative.paragraph(narrative.economy_text(year_data, derived))))
display(HTML(narrative.html_table(narrative.economy_table(year_data, derived))))
display(chart_image(charts.get("growth")))

# %% [markdown]
# ## 四、产业项目：年度任务与实际完成

# %%
display(HTML(narrative.paragraph(narrative.pipeline_text(year_data, assessment))))
display(HTML(narrative.html_table(narrative.pipeline_table(year_data, assessment))))
display(chart_image(charts.get("pipeline")))

# %% [markdown]
# ## 五、园区用地

# %%
display(HTML(narrative.paragraph(narrative.land_text(year_data))))
display(HTML(narrative.html_table(narrative.land_table(year_data))))
display(chart_image(charts.get("land")))

# %% [markdown]
# ## 六、平台、基金及其他数字

# %%
for name in narrative.other_charts(ALL_CHARTS):
    title, _draw = ALL_CHARTS[name]
    display(HTML(narrative.subheading(title)))
    display(chart_image(charts.get(name)))

# %% [markdown]
# ## 七、绩效指标：分值、自评得分与复算得分

# %%
display(HTML(narrative.paragraph(narrative.scores_text(assessment))))
display(HTML(narrative.html_table(narrative.scores_table(assessment))))
display(chart_image(charts.get("scores")))

# %% [markdown]
# ## 八、复核发现

# %%
display(HTML(narrative.paragraph(narrative.findings_text(findings))))
display(HTML(narrative.html_table(narrative.findings_table(findings, year_data.vocabulary))))
display(chart_image(charts.get("findings")))

# %% [markdown]
# ## 九、总分与等级

# %%
display(HTML(narrative.paragraph(narrative.total_text(assessment))))

# %% [markdown]
# ## 附件

# %%
display(HTML(attachments_text(output_dir)))
