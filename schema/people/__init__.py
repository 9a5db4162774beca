"""Residents, households and party profiles; spreadsheets of residents."""
