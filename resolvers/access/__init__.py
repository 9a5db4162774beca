"""Access review (issue 15): explain, preview and review access from the enforcing code."""
