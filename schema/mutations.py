"""The one way to write a mutation: `return await mutate(XPayload, lambda: resolvers...(...))`."""

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, Self, TypeVar

from tortoise.transactions import in_transaction

from resolvers.errors import DomainError
from resolvers.ratelimit import kept_spends, rewrite
from schema.errors import UserError, to_user_errors

R = TypeVar("R")
P = TypeVar("P")
R_contra = TypeVar("R_contra", contravariant=True)
P_co = TypeVar("P_co", covariant=True)


class PayloadType(Protocol[R_contra, P_co]):
    """A payload class: built from what the work returned, or from the errors it raised."""

    def __call__(self, *, errors: list[UserError]) -> P_co: ...

    def from_result(self, result: R_contra, /) -> P_co: ...


class Payload(Generic[R]):
    """Base of a mutation payload: its result field first, then `errors`.

    `class XPayload(Payload[models.X], result=X.from_model)` fills the first field it declares
    with `X.from_model(<what the work returned>)`; a payload of another shape overrides
    `from_result` instead.
    """

    _result: ClassVar[tuple[str, Callable[[Any], object]]]

    if TYPE_CHECKING:

        def __init__(self, **fields: Any) -> None: ...

    def __init_subclass__(cls, *, result: Callable[[Any], object] | None = None) -> None:
        super().__init_subclass__()
        if result is not None:
            cls._result = (next(iter(inspect.get_annotations(cls))), result)

    @classmethod
    def from_result(cls, result: R, /) -> Self:
        field, convert = cls._result
        return cls(**{field: convert(result)})


async def mutate(
    payload: PayloadType[R, P], work: Callable[[], Awaitable[R]], *, atomic: bool = True
) -> P:
    """Run `work` in one database transaction and convert its result with `payload.from_result`.

    A DomainError rolls back every write made before it and becomes `payload(errors=...)`,
    except rate-limit spends, which still count (written again after the rollback); any other
    exception rolls back too and propagates to MaskErrors. Decode ids inside `work`,
    so that a malformed id comes back as a payload error as well.

    `atomic=False` is for work that writes once (or opens its own transaction) and spends its
    time outside the database, hashing a password or reading a file: a transaction would hold
    a connection all that while, and on SQLite, whose one connection it locks, every request.
    """
    with kept_spends() as spends:
        try:
            if atomic:
                async with in_transaction():
                    result = await work()
            else:
                result = await work()
        except DomainError as error:
            if atomic and spends:
                await rewrite(spends)
            return payload(errors=to_user_errors(error))
    return payload.from_result(result)
