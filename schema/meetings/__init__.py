"""Meetings (议事会), their attendees and resolutions (决议) with votes."""
