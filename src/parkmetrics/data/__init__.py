"""Data: reading and validating a data folder (tables, schemas, integrity, vocabulary, dataset).

May import ``errors`` and ``figures``.
"""
