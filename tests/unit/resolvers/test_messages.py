"""The message catalogue: every message in both languages, every key the code raises known,
and Accept-Language negotiation (issue 10)."""

import ast
import re
import string
from pathlib import Path

import pytest

import models
from models.workflows.cases import Step
from resolvers import errors
from resolvers.errors import DomainError, ErrorCode, Invalid
from resolvers.messages import (
    CHINESE,
    ENGLISH,
    MESSAGES,
    TERMS,
    Noun,
    http_reason,
    is_key,
    negotiate,
    parameters_of,
    render,
)
from schema.limits import TooCostly

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")
# Parameters a test fills in; each message is rendered with the ones it takes.
SAMPLE = {
    "level": models.OrgLevel.GRID,
    "parent": models.OrgLevel.COMMUNITY,
    "expected": models.OrgLevel.BUILDING,
    "actual": models.OrgLevel.STREET,
    "wanted": models.OrgLevel.GRID,
    "role": models.Role.GRID_LEADER,
    "status": models.CaseStatus.SUBMITTED,
    "step": Step.VERIFY,
    "kind": models.TitleKind.RED_STEWARD,
    "what": Noun("A name"),
    "text": "Some English.",
    "generic": "输入无效。",
}


@pytest.mark.parametrize("key", sorted(MESSAGES[ENGLISH]))
def test_every_message_has_both_languages_with_the_same_parameters(key: str) -> None:
    params = {name: SAMPLE.get(name, 7) for name in parameters_of(key)} | {"generic": "输入无效。"}
    english, chinese = render(key, params, ENGLISH), render(key, params, CHINESE)
    assert english.strip(), key
    assert CJK.search(chinese), f"{key}: {chinese!r} is not Chinese"
    names = {n for _, n, _, _ in string.Formatter().parse(MESSAGES[CHINESE][key]) if n}
    # The code passes the English text's parameters (and "generic" to untranslated text).
    assert names - {"generic"} == parameters_of(key), key


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_a_chinese_default(code: ErrorCode) -> None:
    kinds = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, DomainError)]
    error_class = next(c for c in kinds if c is not DomainError and c.code is code)
    error = error_class()
    assert CJK.search(error.message_in(CHINESE)), code
    assert error.message_in(ENGLISH), code
    assert not CJK.search(error.message_in(ENGLISH)), code


@pytest.mark.parametrize(
    "key",
    ["error.unexpected", "request.too_large", "request.bad", "query.too_costly", "query.too_long"],
)
def test_transport_and_limit_codes_have_chinese(key: str) -> None:
    # QUERY_TOO_COSTLY, PAYLOAD_TOO_LARGE, BAD_REQUEST and the mask of unexpected errors.
    assert CJK.search(render(key, {"limit": 1, "reason": "x"}, CHINESE))


def test_enum_parameters_are_translated_and_english_stays_the_api_name() -> None:
    error = Invalid("org.moves_under", level=models.OrgLevel.GRID, parent=models.OrgLevel.COMMUNITY)
    assert error.message == "A GRID node moves only under a COMMUNITY."
    assert error.message_in(CHINESE) == "网格节点只能移动到社区之下。"
    for enum in (models.OrgLevel, models.Role, models.CaseStatus, Step, models.TitleKind):
        for member in enum:
            assert CJK.search(TERMS[CHINESE][f"{enum.__name__}.{member.value}"]), member


def test_text_english_from_code_without_a_key_is_still_answered_in_chinese() -> None:
    error = Invalid("Some rule written before its key.")
    assert error.message == "Some rule written before its key."
    assert error.message_in(CHINESE) == "输入无效。（Some rule written before its key.）"


def test_strawberry_refusals_are_translated() -> None:
    assert http_reason("Unable to parse request body as JSON", CHINESE) == "请求体不是有效的 JSON。"
    assert CJK.search(http_reason("Something new", CHINESE))
    assert http_reason("Something new", ENGLISH) == "Bad request: Something new"


ERROR_CLASSES = {
    "Invalid",
    "Unauthenticated",
    "Forbidden",
    "NotFound",
    "Conflict",
    "InvalidTransition",
    "RateLimited",
    "TooCostly",
    "TextTooLong",
}
KEY_ARGUMENTS = {"refused", "wrong_level", "message_key"}


def _sources() -> list[Path]:
    return [p for d in ("app", "schema", "resolvers") for p in (ROOT / d).rglob("*.py")]


def test_every_message_the_code_raises_is_a_key_of_the_catalogue() -> None:
    """Literal texts and f-strings would reach a Chinese reader in English."""
    wrong: list[str] = []
    nouns: set[str] = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            texts = [node.args[0]] if name in ERROR_CLASSES and node.args else []
            texts += [k.value for k in node.keywords if k.arg in KEY_ARGUMENTS]
            for text in texts:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(text, ast.JoinedStr):
                    wrong.append(f"{where}: an f-string")
                elif isinstance(text, ast.Constant) and not is_key(str(text.value)):
                    wrong.append(f"{where}: {text.value!r}")
            what = next((k.value for k in node.keywords if k.arg == "what"), None)
            if isinstance(what, ast.Constant):
                nouns.add(str(what.value))
    assert wrong == []
    assert nouns, "no `what=` found: the scan is broken"
    assert sorted(n for n in nouns if CJK.search(TERMS[CHINESE].get(n, "")) is None) == []


def test_module_constants_naming_messages_are_keys() -> None:
    from resolvers.cases.qr import TOO_MANY
    from resolvers.cursors import NOT_A_CURSOR
    from resolvers.people import PEOPLE_REFUSED
    from resolvers.people.accounts import ACCOUNT_REFUSED
    from resolvers.people.residents import ID_NUMBER_REFUSED
    from resolvers.users.sessions import WRONG

    for key in (TOO_MANY, NOT_A_CURSOR, PEOPLE_REFUSED, ACCOUNT_REFUSED, ID_NUMBER_REFUSED, WRONG):
        assert is_key(key), key


def test_too_costly_is_english_in_logs_and_carries_its_key() -> None:
    refused = TooCostly("query.once", name="login")
    assert str(refused) == "login may be asked for once per request."
    assert render(refused.key, refused.params, CHINESE) == "每个请求只能调用一次 login。"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, ENGLISH),
        ("", ENGLISH),
        ("zh-CN", CHINESE),
        ("zh", CHINESE),
        ("zh-Hans-CN", CHINESE),
        ("zh-CN,zh;q=0.9,en;q=0.8", CHINESE),
        ("en-US,en;q=0.9,zh-CN;q=0.8", ENGLISH),
        ("en;q=0.5, zh;q=0.7", CHINESE),
        ("zh;q=0.5, en;q=0.7", ENGLISH),
        ("zh, en", CHINESE),  # equal weights: the one listed first
        ("en, zh", ENGLISH),
        ("fr", ENGLISH),
        ("fr, zh-TW;q=0.3", CHINESE),
        ("*", ENGLISH),
        ("zh;q=0", ENGLISH),
        ("zh;q=0, *", ENGLISH),
        ("de, *;q=0.5, zh;q=0.6", CHINESE),
        ("zh;q=abc", ENGLISH),
        ("zh;q=2", ENGLISH),
        ("ZH-cn ; Q = 0.8", CHINESE),
    ],
)
def test_accept_language_weights(header: str | None, language: str) -> None:
    assert negotiate(header) == language
