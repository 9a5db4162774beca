"""The one shape of a refusal by a pure rules module (topics, activities, notices): a message
key and its parameters for resolvers.messages, the input field it concerns, and whether it
clashes with the current state (`conflict`) or asks for a move the state does not allow
(`transition`) rather than breaking a rule of the input. resolvers/errors.py `refusing` turns
it into the error the API answers."""

from typing import ClassVar


class RuleRefusal(Exception):
    # A kind of refusal that is always about a move the state does not allow.
    moves: ClassVar[bool] = False

    def __init__(
        self,
        key: str,
        field: str | None = None,
        *,
        conflict: bool = False,
        transition: bool = False,
        **params: object,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.conflict = conflict
        self.transition = transition or self.moves
        self.params = params
