"""What a document may cost, checked before graphql-core validates it, and validation itself
run off the event loop with a time limit and a cache.

graphql-core's overlapping-fields rule is quadratic in the fields of one selection set (1,249
repeated `me { id }` cost seconds), so a document is first measured by a linear walk: how many
fields, how often one name repeats in a selection set, root fields that may appear once, and an
estimated cost (each field counts once per row it may be asked for: `first` of a connection, a
guess for plain lists). Anonymous callers get tighter limits.
"""

import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from threading import Lock
from typing import Any

import anyio
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_list_type,
    validate,
)
from graphql.language import Lexer, Source, TokenKind
from graphql.type import GraphQLNonNull
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from resolvers.messages import ENGLISH, Language, render
from resolvers.pagination import DEFAULT_PAGE, MAX_PAGE
from resolvers.text import storable

# A plain list field (members, events, ancestors) is guessed to hold this many items.
LIST_GUESS = 10


@dataclass(frozen=True)
class DocumentLimits:
    max_fields: int
    max_same_field: int
    max_cost: int
    max_tokens: int
    # Characters of query text (comments and white space are not tokens, but cost parsing).
    max_length: int


SIGNED_IN = DocumentLimits(
    max_fields=1_500, max_same_field=20, max_cost=50_000, max_tokens=5_000, max_length=200_000
)
ANONYMOUS = DocumentLimits(
    max_fields=100, max_same_field=5, max_cost=500, max_tokens=600, max_length=20_000
)
# Root fields that do expensive or sensitive work: at most once per request.
ONCE_PER_REQUEST = frozenset(
    {"login", "changePassword", "residentsCsv", "auditLogCsv", "importResidents"}
)
VALIDATION_SECONDS = 2.0
# No text argument (a title, a search, a username) needs more; longer ones are refused whole.
MAX_TEXT = 10_000


class TooCostly(Exception):
    """The document exceeds a limit; the message (a key of resolvers.messages) says which."""

    code = "QUERY_TOO_COSTLY"

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(render(key, params))
        self.key = key
        self.params = params


class TextTooLong(TooCostly):
    code = "INVALID"


class TextUnstorable(TooCostly):
    """A text no database column holds (U+0000, an unpaired surrogate): refused before any
    resolver could send it to the database and fail there."""

    code = "INVALID"


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    variables: dict[str, Any]
    limits: DocumentLimits
    fields: int = 0
    visits: int = 0

    def cost(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        depth: int,
        seen: dict[str, int] | None = None,
        root_fields: dict[str, int] | None = None,
    ) -> int:
        """The cost of one selection set. Fragments (inline or spread) merge into the selection
        set they stand in, so they share its counts: `seen` by response key and, at the root,
        `root_fields` by field name."""
        if depth > 40:
            raise TooCostly("query.too_deep")
        seen = {} if seen is None else seen
        total = 0
        for selection in selection_set.selections:
            # Spreads and fragments count too, so nested fragments cannot multiply unseen.
            self.visits += 1
            if self.visits > 4 * self.limits.max_fields:
                raise TooCostly("query.too_many_fields", limit=self.limits.max_fields)
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, depth, seen, root_fields)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner, depth + 1, seen, root_fields)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, inner, depth + 1, seen, root_fields)
            if total > self.limits.max_cost:
                raise TooCostly("query.too_costly")
        return total

    def _field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        depth: int,
        seen: dict[str, int],
        root_fields: dict[str, int] | None,
    ) -> int:
        self.fields += 1
        if self.fields > self.limits.max_fields:
            raise TooCostly("query.too_many_fields", limit=self.limits.max_fields)
        key = (node.alias or node.name).value
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > self.limits.max_same_field:
            raise TooCostly("query.same_field", name=key)
        name = node.name.value
        if root_fields is not None and name in ONCE_PER_REQUEST:
            root_fields[name] = root_fields.get(name, 0) + 1
            if root_fields[name] > 1:
                raise TooCostly("query.once", name=name)
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        field_type = definition.type if definition is not None else None
        rows = self._rows(node, field_type, definition is not None and "first" in definition.args)
        if node.selection_set is None:
            return rows
        inner = get_named_type(field_type) if field_type is not None else None
        return rows * (1 + self.cost(node.selection_set, inner, depth + 1))

    def _rows(self, node: FieldNode, field_type: Any, paged: bool) -> int:
        """How many rows a field may return: `first` (or `last`) of a connection (its default
        when not given), a guess for a plain list, else one."""
        if paged:
            sizes: list[int] = []
            for argument in node.arguments or ():
                if argument.name.value in {"first", "last"}:
                    value: Any = argument.value
                    if isinstance(value, VariableNode):
                        value = self.variables.get(value.name.value)
                    elif isinstance(value, IntValueNode):
                        value = int(value.value)
                    if isinstance(value, int):
                        sizes.append(value)
            size = max(sizes) if sizes else DEFAULT_PAGE
            return max(1, min(size, MAX_PAGE))
        # `edges` of a connection: its `first` has already been counted.
        if node.name.value != "edges" and field_type is not None:
            unwrapped = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
            if is_list_type(unwrapped):
                return LIST_GUESS
        return 1


def measure(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    limits: DocumentLimits,
) -> int:
    """The document's estimated cost; raises TooCostly past a limit."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    total = 0
    walk = _Walk(schema, fragments, {}, limits)  # counts fields over all operations
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        # Variables left out take their declared defaults (`query($n: Int = 100)`).
        walk.variables = dict(variables or {})
        for declared in definition.variable_definitions or ():
            name = declared.variable.name.value
            if name not in walk.variables and isinstance(declared.default_value, IntValueNode):
                walk.variables[name] = int(declared.default_value.value)
        root = schema.get_root_type(definition.operation)
        total += walk.cost(definition.selection_set, root, 0, root_fields={})
    return total


STRINGS = (TokenKind.STRING, TokenKind.BLOCK_STRING)


def scan(
    query: str,
    variables: dict[str, Any] | None,
    limits: DocumentLimits,
    *,
    storable_texts: bool = False,
) -> None:
    """Count the tokens of `query` (no further than the limit) and measure every text in it and
    in the variables; raises past a limit. `storable_texts`: also refuse a text no database
    column holds (for reads: a mutation refuses such a text in its payload, naming the field)."""
    lexer = Lexer(Source(query))
    count = 0
    try:
        while (token := lexer.advance()).kind is not TokenKind.EOF:
            count += 1
            if count > limits.max_tokens:
                raise TooCostly("query.too_long")
            if token.kind in STRINGS and len(token.value or "") > MAX_TEXT:
                raise TextTooLong("query.text_too_long", limit=MAX_TEXT)
            if storable_texts and token.kind in STRINGS and not storable(token.value or ""):
                raise TextUnstorable("query.text_unstorable")
    except GraphQLError:
        return  # the parser reports the syntax error itself
    if _longest_text(variables or {}) > MAX_TEXT:
        raise TextTooLong("query.text_too_long", limit=MAX_TEXT)
    if storable_texts and not _all_storable(variables or {}):
        raise TextUnstorable("query.text_unstorable")


def _is_query(document: DocumentNode, name: str | None) -> bool:
    """Is the operation to run a query (not a mutation)? Unknown: not (the executor says why)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    return len(chosen) == 1 and chosen[0].operation is OperationType.QUERY


def _all_storable(value: Any) -> bool:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return all(_all_storable(key) and _all_storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_all_storable(item) for item in value)
    return True


def _longest_text(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max((_longest_text(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return max((_longest_text(item) for item in value), default=0)
    return 0


class _ValidationResults:
    """Validation results by query text (documents that pass the cost check only)."""

    def __init__(self, size: int = 512) -> None:
        self._results: OrderedDict[tuple[str, bool], list[GraphQLError]] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: tuple[str, bool]) -> list[GraphQLError] | None:
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
            return found

    def put(self, key: tuple[str, bool], errors: list[GraphQLError]) -> None:
        with self._lock:
            self._results[key] = errors
            while len(self._results) > self._size:
                self._results.popitem(last=False)


_RESULTS = _ValidationResults()
# Validations running at once (in worker threads). A validation past its time limit is left to
# finish in its thread, still holding its place, so the abandoned ones cannot pile up.
_VALIDATING = threading.BoundedSemaphore(2)
_THREADS = anyio.CapacityLimiter(8)
# What a query too long to parse is replaced by before the parser sees it.
_REFUSED_QUERY = "{ __typename }"


class DocumentGuard(SchemaExtension):
    """Refuses costly documents, then validates in a worker thread within a time limit.

    It replaces strawberry's ValidationCache (whose key includes per-request rule classes, so
    it never hit). Introspection and "did you mean" suggestions follow the app's settings.
    """

    def __init__(self) -> None:
        super().__init__()
        self._too_long = False

    def on_parse(self) -> Iterator[None]:
        """A text too long is never parsed (parsing it would hold the event loop)."""
        context = self.execution_context
        limits = SIGNED_IN if _options(context.context).signed_in else ANONYMOUS
        if context.query is not None and len(context.query) > limits.max_length:
            self._too_long = True
            context.query = _REFUSED_QUERY
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        options = _options(context.context)
        limits = SIGNED_IN if options.signed_in else ANONYMOUS
        document = context.graphql_document
        assert document is not None
        schema = context.schema._schema
        try:
            if self._too_long:
                raise TooCostly("query.too_long")
            reading = _is_query(document, context.operation_name)
            scan(context.query or "", context.variables, limits, storable_texts=reading)
            measure(schema, document, context.variables, limits)
        except TooCostly as refused:
            message = render(refused.key, refused.params, options.language)
            context.pre_execution_errors = [
                GraphQLError(message, extensions={"code": refused.code})
            ]
            yield
            return
        rules: tuple[type[ASTValidationRule], ...] = tuple(context.validation_rules)
        if not options.introspection:
            rules = (*rules, NoSchemaIntrospectionCustomRule)
        key = (context.query or "", options.introspection)
        errors = _RESULTS.get(key) if context.query else None
        if errors is None:
            errors = await _validate_in_thread(schema, document, rules, not options.suggestions)
            if errors is None:
                context.pre_execution_errors = [
                    GraphQLError(
                        render("query.validation_slow", {}, options.language),
                        extensions={"code": "QUERY_TOO_COSTLY"},
                    )
                ]
                yield
                return
            if context.query:
                _RESULTS.put(key, errors)
        context.pre_execution_errors = errors
        yield


@dataclass(frozen=True)
class GuardOptions:
    signed_in: bool
    introspection: bool
    suggestions: bool
    language: Language = ENGLISH


def _options(request_context: Any) -> GuardOptions:
    services = getattr(request_context, "services", None)
    return GuardOptions(
        signed_in=getattr(request_context, "user", None) is not None,
        introspection=getattr(services, "introspection", True),
        suggestions=getattr(services, "suggestions", True),
        language=getattr(request_context, "language", ENGLISH),
    )


async def _validate_in_thread(
    schema: GraphQLSchema,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
    hide_suggestions: bool,
) -> list[GraphQLError] | None:
    """graphql-core's validation, or None when it does not finish in time or too many run
    already (an abandoned thread finishes on its own, holding its place meanwhile)."""
    from strawberry.schema.schema import validate_document  # imported late: circular

    def run() -> list[GraphQLError] | None:
        if not _VALIDATING.acquire(blocking=False):
            return None  # as many validations run as may: this one is refused, not queued
        try:
            if not hide_suggestions:
                return validate_document(schema, document, rules)
            return validate(schema, document, _with_strawberry_rules(rules), hide_suggestions=True)
        finally:
            _VALIDATING.release()

    with anyio.move_on_after(VALIDATION_SECONDS):
        return await anyio.to_thread.run_sync(run, limiter=_THREADS, abandon_on_cancel=True)
    return None


def _with_strawberry_rules(
    rules: tuple[type[ASTValidationRule], ...],
) -> tuple[type[ASTValidationRule], ...]:
    from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
    from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

    return (*rules, MaybeNullValidationRule, OneOfInputValidationRule)


__all__ = ["ANONYMOUS", "SIGNED_IN", "DocumentGuard", "DocumentLimits", "TooCostly", "measure"]
