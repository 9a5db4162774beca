"""Building conventions (楼栋公约) and service items (服务事项).

Pure: a convention version is DRAFT (editable) until a passed ADOPT_CONVENTION resolution
adopts it (ADOPTED: frozen, the one of highest number is current) or it is discarded; the
checks of its sections; the readable difference between two versions, section by section
(added, removed, changed lines, with difflib); and the service items' statuses (ACTIVE,
SUSPENDED, RETIRED for good). The resolvers write what it decides and the seed drives it.
"""

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from models.conventions import ConventionSection, ConventionStatus, ServiceItemStatus
from models.workflows.meetings import Broken, Refused, WorkflowError

__all__ = ["Broken", "Refused", "WorkflowError"]

MAX_SECTIONS = len(ConventionSection)
MAX_SECTION_LINES = 100


def require_draft(status: ConventionStatus) -> None:
    """Only a draft changes: an adopted version never does (a new draft revises it)."""
    if status is ConventionStatus.ADOPTED:
        raise Refused("conventions.adopted_frozen")
    if status is not ConventionStatus.DRAFT:
        raise Refused("conventions.not_draft")


def check_sections(sections: Sequence[tuple[ConventionSection, str]]) -> None:
    if not sections:
        raise Broken("conventions.no_sections", field="sections")
    kinds = [section for section, _ in sections]
    if len(set(kinds)) != len(kinds):
        raise Broken("conventions.section_twice", field="sections")
    for _, body in sections:
        if len(body.splitlines()) > MAX_SECTION_LINES:
            raise Broken("conventions.section_long", field="sections", limit=MAX_SECTION_LINES)


class Change(StrEnum):
    ADDED = "ADDED"  # the section is new
    REMOVED = "REMOVED"  # the section is gone
    CHANGED = "CHANGED"
    UNCHANGED = "UNCHANGED"


@dataclass(frozen=True)
class SectionDiff:
    section: ConventionSection
    change: Change
    added: list[str] = field(default_factory=list)  # lines only in the newer text
    removed: list[str] = field(default_factory=list)  # lines only in the older text
    # A unified diff of the section's lines (`-` older, `+` newer, ` ` both), readable as is.
    unified: list[str] = field(default_factory=list)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def diff(
    older: Mapping[ConventionSection, str], newer: Mapping[ConventionSection, str]
) -> list[SectionDiff]:
    """Section by section, in the order of ConventionSection, what changed from `older` to
    `newer`: sections added or removed, and for each the lines added and removed."""
    result: list[SectionDiff] = []
    for section in ConventionSection:
        if section not in older and section not in newer:
            continue
        old, new = _lines(older.get(section, "")), _lines(newer.get(section, ""))
        unified: list[str] = []
        added: list[str] = []
        removed: list[str] = []
        for line in difflib.ndiff(old, new):
            tag, text = line[:1], line[2:]
            if tag == "+":
                added.append(text)
                unified.append(f"+ {text}")
            elif tag == "-":
                removed.append(text)
                unified.append(f"- {text}")
            elif tag == " ":
                unified.append(f"  {text}")
        if section not in older:
            change = Change.ADDED
        elif section not in newer:
            change = Change.REMOVED
        elif added or removed:
            change = Change.CHANGED
        else:
            change = Change.UNCHANGED
        result.append(SectionDiff(section, change, added, removed, unified))
    return result


class ItemStep(StrEnum):
    SUSPEND = "SUSPEND"
    RESUME = "RESUME"
    RETIRE = "RETIRE"


Item = ServiceItemStatus
ITEM_TRANSITIONS: dict[ItemStep, tuple[frozenset[ServiceItemStatus], ServiceItemStatus]] = {
    ItemStep.SUSPEND: (frozenset({Item.ACTIVE}), Item.SUSPENDED),
    ItemStep.RESUME: (frozenset({Item.SUSPENDED}), Item.ACTIVE),
    ItemStep.RETIRE: (frozenset({Item.ACTIVE, Item.SUSPENDED}), Item.RETIRED),
}


def next_item_status(step: ItemStep, status: ServiceItemStatus) -> ServiceItemStatus:
    sources, target = ITEM_TRANSITIONS[step]
    if status not in sources:
        raise Refused("conventions.item_wrong_status")
    return target
