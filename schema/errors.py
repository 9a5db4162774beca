"""UserError, the ErrorCode enum, and the one place a DomainError becomes payload errors."""

import strawberry
from graphql import GraphQLError

from resolvers import metrics
from resolvers.errors import DomainError, ErrorCode

strawberry.enum(
    ErrorCode,
    description="Errors a client can act on; authorization failures on reads look like NOT_FOUND.",
)


@strawberry.type
class UserError:
    field: str | None
    code: ErrorCode
    message: str


def to_user_errors(error: DomainError) -> list[UserError]:
    metrics.count_error(error.code.value, "payload")
    return [UserError(field=error.field, code=error.code, message=error.message)]


def should_mask_error(error: GraphQLError) -> bool:
    """Hide unexpected exceptions; keep GraphQL's own errors and our DomainErrors readable."""
    # strawberry has already logged the error with its traceback.
    original = error.original_error
    return not (original is None or isinstance(original, (DomainError, GraphQLError)))
