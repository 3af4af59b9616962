"""Streamlit code: the only package that imports streamlit (tests/test_guards.py keeps it so)."""
