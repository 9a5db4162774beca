"""Calls of elder care's mutations (issue 14) for tests/api/audit_inputs.py: a device registered
to an elder of the first building, its secret rotated, an alert of it acknowledged and closed,
and the device retired."""

from datetime import UTC, datetime
from typing import Any

import models
from models.workflows.alerts import AlertRules
from resolvers.alerts.raising import raise_alert
from resolvers.ids import decode_global_id, encode_global_id
from tests.api.alerts_helpers import elder_at
from tests.helpers import Api

State = dict[str, Any]
DEVICE = "device { id uid }"
ALERT = "alert { id status }"


async def _run(api: Api, name: str, args: str, variables: dict[str, Any], as_: str,
               select: str) -> dict[str, Any]:  # fmt: skip
    from tests.api.audit_inputs import run

    return await run(api, name, args, variables, as_, select)


async def _register(api: Api, state: State) -> dict[str, Any]:
    _, building_pk = decode_global_id(state["building"])
    elder = await elder_at(await models.OrgNode.get(id=building_pk))
    new = {"residentId": encode_global_id("Resident", elder.id), "kind": "HEALTH_WATCH",
           "label": "智能手环"}  # fmt: skip
    payload = await _run(api, "registerDevice", "(input: $input)",
                         {"input": ("RegisterDeviceInput!", new)}, "building1",
                         f"{DEVICE} secret")  # fmt: skip
    state["device"] = payload["device"]["id"] if payload["device"] else None
    return payload


async def _rotate(api: Api, state: State) -> dict[str, Any]:
    return await _run(api, "rotateDeviceSecret", "(id: $id)", {"id": ("ID!", state["device"])},
                      "building1", f"{DEVICE} secret")  # fmt: skip


async def _acknowledge(api: Api, state: State) -> dict[str, Any]:
    _, device_pk = decode_global_id(state["device"])
    device = await models.Device.get(id=device_pk)
    alert = await raise_alert(device, models.AlarmKind.SOS, datetime.now(UTC), AlertRules())
    state["alert"] = encode_global_id("Alert", alert.id)
    return await _run(api, "acknowledgeAlert", "(id: $id)", {"id": ("ID!", state["alert"])},
                      "building1", ALERT)  # fmt: skip


async def _close(api: Api, state: State) -> dict[str, Any]:
    closing = {"followUp": "VISIT", "note": "已上门查看，老人安好"}
    variables = {"id": ("ID!", state["alert"]), "input": ("CloseAlertInput!", closing)}
    return await _run(api, "closeAlert", "(id: $id, input: $input)", variables, "grid1", ALERT)


async def _retire(api: Api, state: State) -> dict[str, Any]:
    return await _run(api, "retireDevice", "(id: $id)", {"id": ("ID!", state["device"])},
                      "grid1", DEVICE)  # fmt: skip


ALERT_CALLS = {
    "registerDevice": _register,
    "rotateDeviceSecret": _rotate,
    "acknowledgeAlert": _acknowledge,
    "closeAlert": _close,
    "retireDevice": _retire,
}
