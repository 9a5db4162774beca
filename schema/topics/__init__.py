"""Topics (议题): types (types.py) and the lists and mutations (fields.py)."""
