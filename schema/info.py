"""The typed `info` every field receives."""

import strawberry

from resolvers.context import Context

Info = strawberry.Info[Context, None]
