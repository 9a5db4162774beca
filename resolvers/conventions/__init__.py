"""Service items (服务事项) and building conventions (楼栋公约): reading them for the public page
(reading.py), the scoped lists and lookups (lists.py), drafting and changing them (writing.py).
The rules are models/workflows/conventions.py."""
