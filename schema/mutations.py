"""The one way to write a mutation: `return await XPayload.mutate(lambda: resolvers...(...))`."""

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, Self, TypeVar, cast

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.types.base import StrawberryObjectDefinition
from tortoise.transactions import in_transaction

from resolvers.audit import trail as audit
from resolvers.errors import DomainError
from resolvers.live import events as live
from resolvers.ratelimit import kept_spends, rewrite
from schema.errors import UserError, to_user_errors

R = TypeVar("R")
P = TypeVar("P")
R_contra = TypeVar("R_contra", contravariant=True)
P_co = TypeVar("P_co", covariant=True)


class PayloadType(Protocol[R_contra, P_co]):
    """A payload class: built from what the work returned, or from the errors it raised."""

    def from_errors(self, errors: list[UserError], /) -> P_co: ...

    def from_result(self, result: R_contra, /) -> P_co: ...


class Payload(Generic[R]):
    """Base of a mutation payload: the fields it declares, then `errors: [UserError!]!`.

    `class XPayload(Payload[models.X], result=X.from_model)` fills the first field it declares
    with `X.from_model(<what the work returned>)`; a payload of another shape overrides
    `from_result` instead.
    """

    _result: ClassVar[tuple[str, Callable[[Any], object]]]

    if TYPE_CHECKING:
        errors: list[UserError]

        def __init__(self, **fields: Any) -> None: ...

    def __init_subclass__(cls, *, result: Callable[[Any], object] | None = None) -> None:
        super().__init_subclass__()
        declared = inspect.get_annotations(cls)
        if result is not None:
            cls._result = (next(iter(declared)), result)
        # Declared here rather than inherited: a base's fields would come first in the schema.
        cls.__annotations__ = {**declared, "errors": list[UserError]}
        cls.errors = strawberry.field(default_factory=list)

    @classmethod
    def from_errors(cls, errors: list[UserError], /) -> Self:
        return cls(errors=errors)

    @classmethod
    def from_result(cls, result: R, /) -> Self:
        field, convert = cls._result
        return cls(**{field: convert(result)})

    @classmethod
    async def mutate(cls, work: Callable[[], Awaitable[R]], *, atomic: bool = True) -> Self:
        """`mutate(cls, work)`: a mutation's whole body is `return await XPayload.mutate(lambda:
        resolvers...(info.context, ...))`."""
        # Every concrete payload is a PayloadType; mypy does not see it of `type[Self]`.
        return await mutate(cast("PayloadType[R, Self]", cls), work, atomic=atomic)


async def mutate(
    payload: PayloadType[R, P], work: Callable[[], Awaitable[R]], *, atomic: bool = True
) -> P:
    """Run `work` in one database transaction and convert its result with `payload.from_result`.

    A DomainError rolls back every write made before it and becomes `payload.from_errors(...)`,
    except rate-limit spends, which still count (written again after the rollback); any other
    exception rolls back too and propagates to MaskErrors. Decode ids inside `work`,
    so that a malformed id comes back as a payload error as well.

    `atomic=False` is for work that writes once (or opens its own transaction) and spends its
    time outside the database, hashing a password or reading a file: a transaction would hold
    a connection all that while, and on SQLite, whose one connection it locks, every request.
    Such work writes in `resolvers.audit.trail.writing(ctx)`, which holds the write and its
    audit record in one short transaction.

    The audit record (resolvers/audit) is written in the same transaction as the change, so a
    failed mutation records nothing, unless its recorder keeps failures (sign-ins).
    """
    recorder = audit.running()
    with kept_spends() as spends:
        try:
            if atomic:
                async with in_transaction() as connection:
                    result = await work()
                    if recorder is not None:
                        await audit.flush(recorder, result)
                    # On PostgreSQL the live events' NOTIFY goes out with this commit.
                    await live.stage(connection)
            else:
                result = await work()
                if recorder is not None and not recorder.flushed:
                    async with in_transaction():
                        await audit.flush(recorder, result)
        except DomainError as error:
            live.drop()
            if atomic and spends:
                await rewrite(spends)
            if recorder is not None and error.code.value in recorder.keep_failures:
                async with in_transaction():
                    await audit.flush(recorder, error_code=error.code.value)
            return payload.from_errors(to_user_errors(error))
    # Committed: what the work announced reaches the live consoles (resolvers/live/events.py).
    await live.release()
    return payload.from_result(result)


class Audited(FieldExtension):
    """Every root mutation field: audits the mutation as it runs (its `mutate` writes it) and
    collects the live events it announces (its `mutate` sends them once committed)."""

    async def resolve_async(
        self, next_: AsyncExtensionResolver, source: Any, info: Any, **kwargs: Any
    ) -> Any:
        context = info.context
        with audit.mutation(context, info.field_name), live.collecting(context.services.live):
            return await next_(source, info, **kwargs)


def audit_every_field(mutation: type) -> type:
    """Add `Audited` to each field of the Mutation type, those added later included."""
    definition: StrawberryObjectDefinition = mutation.__strawberry_definition__  # type: ignore[attr-defined]
    for field in definition.fields:
        if not any(isinstance(extension, Audited) for extension in field.extensions):
            field.extensions.append(Audited())
    return mutation
