"""Notices (公告, 公示) and the quarterly points notices among them (issue 13)."""
