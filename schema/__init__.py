"""The API surface: strawberry types and root fields only."""

from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)

from schema.descriptions import document
from schema.errors import ErrorMessages, Schema
from schema.limits import SIGNED_IN, DocumentGuard
from schema.observe import Observe
from schema.root import Mutation, Query, Subscription

schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[
        # Factories, not instances: a shared instance leaks state between requests.
        # Writes messages in the request's language, masks the unexpected (a lost database
        # answers UNAVAILABLE).
        ErrorMessages,
        # After the masking: it sees the errors before they are masked.
        Observe,
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
