"""Loudong side by side with its floor and PostGraphile 4 (issue 9, item 4): `make bench`.

`python -m bench.compare [--preset demo|district] [--quick] [--only loudong,floor,postgraphile]`
starts one server process per contender on loopback ports, checks that each returns the same
rows as Loudong for the staff console's lists, then times them over HTTP in interleaved blocks
from a load client in its own process, and appends the table to bench/RESULTS.md.

- `queries.py`: the GraphQL documents (Loudong's and PostGraphile's) and how answers compare.
- `database.py`: the benchmark databases (created, migrated, seeded if empty), the viewers'
  scopes and tokens, and PostGraphile's role and row-level-security policies.
- `floor.py`: the floor, a tiny ASGI app answering the same documents with hand-written SQL.
- `postgraphile_server.js`: PostGraphile 4 as a library, the scope from request headers.
- `servers.py`: starting and stopping the contenders, their CPU time from /proc.
- `load.py`: the load client (its own process), `report.py`: the markdown.
"""
