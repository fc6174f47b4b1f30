"""Report: what a person reads (narrative, fonts, charts, briefing) and a year's files (export).

May import ``errors``, ``figures``, ``data``, ``scoring`` and ``review``.
"""
