"""The API surface: strawberry types and root fields only."""

from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)

from schema.errors import ErrorMessages, Schema
from schema.limits import SIGNED_IN, DocumentGuard
from schema.root import Mutation, Query

schema = Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        # Factories, not instances: a shared instance leaks state between requests.
        ErrorMessages,
        lambda: QueryDepthLimiter(max_depth=12),
        lambda: MaxAliasesLimiter(max_alias_count=30),
        lambda: MaxTokensLimiter(max_token_count=SIGNED_IN.max_tokens),
        # Before the parser cache: a text too long never reaches the parser. Then it measures
        # the document and validates it off the event loop (with a cache).
        DocumentGuard,
        lambda: ParserCache(maxsize=256),
    ],
)
