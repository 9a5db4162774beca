"""Workflows as pure tables and functions: no I/O, importable by policies, resolvers and seeds."""
