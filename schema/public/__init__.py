"""The public building page (三亮), without login (issue 13)."""
