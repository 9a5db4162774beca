"""The API surface: strawberry types and root fields only."""

import strawberry
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)

from schema.descriptions import document
from schema.errors import should_mask_error
from schema.limits import SIGNED_IN, DocumentGuard
from schema.root import Mutation, Query

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        # Factories, not instances: a shared instance leaks state between requests.
        lambda: MaskErrors(should_mask_error=should_mask_error),
        lambda: QueryDepthLimiter(max_depth=12),
        lambda: MaxAliasesLimiter(max_alias_count=30),
        lambda: MaxTokensLimiter(max_token_count=SIGNED_IN.max_tokens),
        # Before the parser cache: a text too long never reaches the parser. Then it measures
        # the document and validates it off the event loop (with a cache).
        DocumentGuard,
        lambda: ParserCache(maxsize=256),
    ],
)
# Descriptions live in one catalogue (schema/descriptions/), filled in once the schema is built.
document(schema)
