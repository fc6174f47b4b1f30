"""Run: the yearly batch by papermill (runner, batch, folders, manifest), report-writing commands.

May import every layer below it; only ``cli`` imports it.
"""
