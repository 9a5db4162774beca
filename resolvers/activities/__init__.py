"""Volunteer activities (志愿活动): reading in scope, planning, sign-ups and attendance."""
