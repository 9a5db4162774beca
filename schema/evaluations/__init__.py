"""Evaluations (评选): types (types.py) and the lists and mutations (campaigns.py)."""
