"""Volunteer activities (志愿活动): the types, the lists and the mutations."""
