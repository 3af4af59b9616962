"""The dashboard's shared UI pieces: labels, number formats, caching, filters and maps.

Pages import from here; nothing here runs SQL text (that lives in queries/).
"""
