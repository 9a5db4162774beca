"""Composition: settings, the Starlette app factory, the database wiring and the CLI."""
