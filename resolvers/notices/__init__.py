"""Notices (公告, 公示): posts at a node for the staff and residents of its subtree (issue 13)."""
