"""Figures (统计): rolled-up counts of a node and its children."""
