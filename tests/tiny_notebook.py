"""A stand-in for the yearly notebook in the runner's tests: its parameters, then a ``mode`` read
from the year's ``x.csv`` that the test writes, then the test's own cells acting on that mode
(fail, sleep, kill its kernel …). Three cells before the test's, as the failure messages count."""

from __future__ import annotations

HEADER = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---
"""


def tiny_notebook(cells: str, *, series: bool = False) -> str:
    """The notebook's text: the yearly parameters (and ``series``), ``mode``, then ``cells``."""
    series_line = 'series: str = ""  # 报告系列\n' if series else ""
    folder = "Path(data_dir) / series / str(year)" if series else "Path(data_dir) / str(year)"
    return f"""{HEADER}
# %% tags=["parameters"]
year: int = 2022  # 报告年份
{series_line}data_dir: str = "data"  # 数据文件夹
output_dir: str = "."  # 输出文件夹
rules_path: str = ""  # 评分规则文件

# %%
import os, signal, time
from pathlib import Path
folder = {folder}
mode = (folder / "x.csv").read_text(encoding="utf-8").strip()

# %%
{cells.strip()}
"""
