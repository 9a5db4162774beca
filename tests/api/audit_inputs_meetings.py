"""Audit calls of the meeting, resolution, convention and service item mutations (issue 13),
in an order that makes each possible on the demo data; tests/api/audit_inputs.py takes them
into CALLS. A building council at the state's building: community1 convenes and records,
resident1 (invited) casts its own vote."""

from datetime import UTC, datetime, timedelta
from typing import Any

import models
from resolvers.ids import decode_global_id
from tests.helpers import Api, discard_open_drafts, gid

State = dict[str, Any]
MEETING = "meeting { id attendees { id } }"


async def _run(api: Api, name: str, args: str, variables: dict[str, Any], as_: str,
               select: str) -> dict[str, Any]:  # fmt: skip
    from tests.api.audit_inputs import run

    return await run(api, name, args, variables, as_, select)


async def _schedule(api: Api, state: State, key: str = "meeting") -> dict[str, Any]:
    building_id = decode_global_id(state["building"])[1]
    own = await models.Resident.get(user__username="resident1")
    others = (
        await models.Resident.filter(household__building_id=building_id, active=True)
        .exclude(id=own.id)
        .order_by("id")
        .limit(5)
    )
    starts = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    payload = await _run(api, "scheduleMeeting", "(input: $input)", {"input": (
        "ScheduleMeetingInput!", {
            "nodeId": state["building"], "type": "BUILDING_COUNCIL", "title": "审计议事会",
            "startsAt": starts, "place": "党群服务站", "agenda": ["审议楼栋公约"],
            "invitees": {"residentIds": [gid(own)] + [gid(r) for r in others],
                         "parties": [{"kind": "PROPERTY_COMPANY", "name": "王经理"}]},
        })}, "community1", MEETING)  # fmt: skip
    state[key] = payload["meeting"]["id"] if payload["meeting"] else None
    return payload


def _on_meeting(name: str, args: str = "(id: $id)", **extra: tuple[str, Any]) -> Any:
    async def call(api: Api, state: State) -> dict[str, Any]:
        variables = {"id": ("ID!", state["meeting"]), **extra}
        return await _run(api, name, args, variables, "community1", MEETING)

    return call


async def _invite(api: Api, state: State) -> dict[str, Any]:
    return await _run(api, "inviteMeetingAttendees", "(meetingId: $id, invitees: $i)", {
        "id": ("ID!", state["meeting"]),
        "i": ("MeetingInviteesInput!", {"userIds": [state["users"]["building1"]]})},
        "community1", MEETING)  # fmt: skip


async def _attendance(api: Api, state: State) -> dict[str, Any]:
    meeting = decode_global_id(state["meeting"])[1]
    present = [
        gid(a) for a in await models.MeetingAttendee.filter(meeting_id=meeting).order_by("id")
    ]
    state["attendees"] = present
    variables = {"id": ("ID!", state["meeting"]), "p": ("[ID!]!", present)}
    args = "(meetingId: $id, presentIds: $p)"
    return await _run(api, "recordMeetingAttendance", args, variables, "community1", MEETING)


async def _draft(api: Api, state: State, key: str = "version") -> dict[str, Any]:
    building_id = decode_global_id(state["building"])[1]
    await discard_open_drafts(building_id)
    # street1 drafts: community1, who decides the adoption, may not decide their own draft
    payload = await _run(api, "draftConventionVersion", "(buildingId: $b, input: $i)", {
        "b": ("ID!", state["building"]),
        "i": ("ConventionDraftInput!", {"title": "审计公约", "sections": [
            {"section": "HYGIENE", "body": "不在楼道堆放杂物。"}]})},
        "street1", "version { id }")  # fmt: skip
    state[key] = payload["version"]["id"] if payload["version"] else None
    return payload


async def _update_draft(api: Api, state: State) -> dict[str, Any]:
    return await _run(api, "updateConventionDraft", "(id: $id, input: $i)", {
        "id": ("ID!", state["version"]),
        "i": ("ConventionDraftInput!", {"title": "审计公约（修订）", "sections": [
            {"section": "HYGIENE", "body": "不在楼道堆放杂物。"},
            {"section": "DOG_KEEPING", "body": "遛狗拴绳。"}]})},
        "street1", "version { id }")  # fmt: skip


async def _propose(api: Api, state: State, kind: str = "ADOPT_CONVENTION") -> dict[str, Any]:
    fields: dict[str, Any] = {"kind": kind, "title": "审计决议"}
    if kind == "ADOPT_CONVENTION":
        fields["conventionVersionId"] = state["version"]
    payload = await _run(api, "proposeResolution", "(meetingId: $m, input: $i)", {
        "m": ("ID!", state["meeting"]), "i": ("ProposeResolutionInput!", fields)},
        "community1", "resolution { id }")  # fmt: skip
    state["resolution"] = payload["resolution"]["id"] if payload["resolution"] else None
    return payload


async def _record_vote(api: Api, state: State) -> dict[str, Any]:
    return await _run(api, "recordVote", "(resolutionId: $r, attendeeId: $a, choice: FOR)", {
        "r": ("ID!", state["resolution"]), "a": ("ID!", state["attendees"][1])},
        "community1", "resolution { id }")  # fmt: skip


async def _cast_vote(api: Api, state: State) -> dict[str, Any]:
    return await _run(api, "castVote", "(resolutionId: $r, choice: FOR)", {
        "r": ("ID!", state["resolution"])}, "resident1", "resolution { id }")  # fmt: skip


def _on_resolution(name: str) -> Any:
    async def call(api: Api, state: State) -> dict[str, Any]:
        if name == "withdrawResolution":
            assert (await _propose(api, state, "GENERAL"))["errors"] == []
        return await _run(api, name, "(id: $id)", {"id": ("ID!", state["resolution"])},
                          "community1", "resolution { id status }")  # fmt: skip

    return call


async def _cancel(api: Api, state: State) -> dict[str, Any]:
    assert (await _schedule(api, state, "other_meeting"))["errors"] == []
    return await _run(api, "cancelMeeting", "(id: $id, reason: $r)", {
        "id": ("ID!", state["other_meeting"]), "r": ("String!", "改期")},
        "community1", MEETING)  # fmt: skip


async def _discard(api: Api, state: State) -> dict[str, Any]:
    assert (await _draft(api, state, "other_version"))["errors"] == []
    return await _run(api, "discardConventionDraft", "(id: $id)", {
        "id": ("ID!", state["other_version"])}, "community1", "version { id }")  # fmt: skip


def _item_step(name: str) -> Any:
    async def call(api: Api, state: State) -> dict[str, Any]:
        if "service_item" not in state:
            community_id = decode_global_id(state["community"])[1]
            item = (
                await models.ServiceItem.filter(
                    community_id=community_id, status=models.ServiceItemStatus.ACTIVE
                )
                .order_by("number")
                .first()
            )
            assert item is not None
            state["service_item"] = gid(item)
        return await _run(api, name, "(id: $id)", {"id": ("ID!", state["service_item"])},
                          "community1", "serviceItem { id status }")  # fmt: skip

    return call


MEETING_CALLS: dict[str, Any] = {
    "scheduleMeeting": _schedule,
    "updateMeeting": _on_meeting(
        "updateMeeting", "(id: $id, input: $i)", i=("UpdateMeetingInput!", {"place": "会议室"})
    ),
    "inviteMeetingAttendees": _invite,
    "holdMeeting": _on_meeting("holdMeeting"),
    "recordMeetingAttendance": _attendance,
    "writeMeetingMinutes": _on_meeting(
        "writeMeetingMinutes", "(id: $id, minutes: $m)", m=("String!", "审议通过。")
    ),
    "draftConventionVersion": _draft,
    "updateConventionDraft": _update_draft,
    "proposeResolution": _propose,
    "recordVote": _record_vote,
    "castVote": _cast_vote,
    "decideResolution": _on_resolution("decideResolution"),
    "withdrawResolution": _on_resolution("withdrawResolution"),
    "closeMeeting": _on_meeting("closeMeeting"),
    "cancelMeeting": _cancel,
    "discardConventionDraft": _discard,
    "suspendServiceItem": _item_step("suspendServiceItem"),
    "resumeServiceItem": _item_step("resumeServiceItem"),
    "retireServiceItem": _item_step("retireServiceItem"),
}
