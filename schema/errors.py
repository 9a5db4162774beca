"""UserError, the ErrorCode enum, and where errors are answered: payload errors and GraphQL
errors in the request's language, unexpected ones masked, each error logged once."""

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from resolvers import metrics
from resolvers.errors import DomainError, ErrorCode
from resolvers.faults import database_unavailable
from resolvers.messages import ENGLISH, Language, render
from schema.info import Info

strawberry.enum(
    ErrorCode,
    description="Errors a client can act on; authorization failures on reads look like NOT_FOUND.",
)


@strawberry.type
class UserError:
    field: str | None
    code: ErrorCode
    error: strawberry.Private[DomainError]

    @strawberry.field(
        description=(
            "An explanation for people, in the request's language (`Accept-Language`: "
            "zh-CN or en); it may change, so do not parse it."
        )
    )
    def message(self, info: Info) -> str:
        return self.error.message_in(info.context.language)

    @classmethod
    def of(cls, error: DomainError) -> "UserError":
        return cls(field=error.field, code=error.code, error=error)


def to_user_errors(error: DomainError) -> list[UserError]:
    metrics.count_error(error.code.value, "payload")
    return [UserError.of(error)]


def should_mask_error(error: GraphQLError) -> bool:
    """Hide unexpected exceptions; keep GraphQL's own errors and our DomainErrors readable."""
    original = error.original_error
    return not (original is None or isinstance(original, (DomainError, GraphQLError)))


class ErrorMessages(MaskErrors):
    """MaskErrors that writes messages in the request's language: a DomainError's from its key,
    the mask ("Unexpected error.") too. Errors made before execution (limits) are written in the
    language already."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def _language(self) -> Language:
        language: Language = getattr(self.execution_context.context, "language", ENGLISH)
        return language

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if database_unavailable(error.original_error):
            # A lost database is not hidden: the client may try again in a moment.
            return GraphQLError(
                render("error.unavailable", {}, self._language()),
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": metrics.UNAVAILABLE},
            )
        masked = super().anonymise_error(error)
        masked.message = render("error.unexpected", {}, self._language())
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        language = self._language()
        for error in errors:
            if isinstance(error.original_error, DomainError):
                error.message = error.original_error.message_in(language)
        return super()._process_errors(errors)


# graphql-core's own errors (syntax, validation) carry no code.
NO_CODE = "GRAPHQL_VALIDATION_FAILED"


def log_error(error: GraphQLError, execution_context: ExecutionContext | None = None) -> None:
    """An expected error (a DomainError, a refused or invalid document) in one INFO line with its
    code; anything else at ERROR with its traceback."""
    if should_mask_error(error):
        StrawberryLogger.error(error, execution_context, extra={"code": "INTERNAL"})
        return
    code = (error.extensions or {}).get("code") or NO_CODE
    where = ".".join(str(part) for part in error.path or ()) or "-"
    message = " ".join(error.message.split())  # one line, whatever the message holds
    StrawberryLogger.logger.info("%s at %s: %s", code, where, message, extra={"code": code})


class Schema(strawberry.Schema):
    """strawberry's Schema, logging expected errors in one line (see `log_error`)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            log_error(error, execution_context)
