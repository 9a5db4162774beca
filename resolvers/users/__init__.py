"""Accounts, sessions (login) and role grants."""
