"""Schema extensions for operators: a lost database answered as UNAVAILABLE, and metrics."""

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from resolvers import metrics, requestlog
from resolvers.errors import DomainError
from resolvers.faults import database_unavailable


def error_code(error: GraphQLError) -> str:
    original = error.original_error
    if isinstance(original, DomainError):
        return original.code.value
    if original is None:
        code = (error.extensions or {}).get("code")
        return code if isinstance(code, str) else "GRAPHQL_VALIDATION"
    return metrics.UNAVAILABLE if database_unavailable(original) else metrics.INTERNAL


class Observe(SchemaExtension):
    """Names the running operation for the request's latency histogram and counts its
    top-level errors by code (listed after MaskErrors, so it sees them unmasked)."""

    def on_execute(self) -> Iterator[None]:
        requestlog.note(operation=requestlog.operation_name(self.execution_context.operation_name))
        labels = metrics.request_labels.get()
        if labels is not None:
            context: Any = self.execution_context.context
            signed_in = getattr(context, "user", None) is not None
            labels["operation"] = metrics.operation_label(
                self.execution_context.operation_name, signed_in
            )
        yield

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            metrics.count_error(error_code(error), "top")
