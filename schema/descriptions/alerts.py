"""Elder care (独居老人关爱, issue 14): devices (智能设备) of elders living alone (独居老人) and the
alerts (告警) their alarms raise."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

_DEVICES: dict[str, str] = {
    "Device": (
        "A smart device (智能设备) registered to an elder living alone (独居老人) at the "
        "building they live in; its gateway posts signed events to POST /devices/events."
    ),
    **node_id("Device", "device"),
    "Device.uid": (
        "The device's public id, sent by its gateway as X-Device-Id (random, not a secret)."
    ),
    "Device.kind": "Health watch, vital-sign monitor, door sensor or smoke detector.",
    "Device.kindLabel": "The kind in Chinese: 智能手环, 生命体征监测仪, 门磁传感器 or 烟感报警器.",
    "Device.label": "Where or what it is, for staff (卧室门磁); may be empty.",
    "Device.secretVersion": (
        "How many secrets it has had: 1 at registration, one more per rotation."
    ),
    "Device.createdAt": f"When it was registered {DATE_TIME}.",
    "Device.retiredAt": f"When it was retired (停用) {DATE_TIME}; null while in use.",
    "Device.lastSeenAt": f"Its last accepted event {DATE_TIME}; null: none yet.",
    "Device.battery": "Battery level in percent (0-100) as last reported; null: never reported.",
    "Device.lastDoorActivityAt": (
        f"A door sensor's last DOOR_OPENED {DATE_TIME}; null for other kinds or none yet."
    ),
    "Device.status": "ONLINE (an event within 30 minutes), OFFLINE, or RETIRED.",
    "Device.lastVitalSigns": "The vital signs of its last reading; null: none reported.",
    "Device.resident": (
        "The elder it is registered to; null when the viewer may not read residents there."
    ),
    "Device.building": "The building it is registered at (the elder's).",
    "DeviceKind": "Kinds of smart devices (智能设备).",
    "DeviceKind.HEALTH_WATCH": "Health watch (智能手环): falls, SOS button, heart rate.",
    "DeviceKind.VITAL_SIGN_MONITOR": (
        "Vital-sign monitor (生命体征监测仪): abnormal vital signs, SOS."
    ),
    "DeviceKind.DOOR_SENSOR": (
        "Door sensor (门磁): reports the door opening; a door shut too long raises DOOR_NOT_OPENED."
    ),
    "DeviceKind.SMOKE_DETECTOR": "Smoke detector (烟感报警器): smoke alarms.",
    "DeviceStatus": "A device's health (设备状态).",
    "DeviceStatus.ONLINE": "In use, with an accepted event within the last 30 minutes (在线).",
    "DeviceStatus.OFFLINE": "In use, but silent for longer (离线): check the device.",
    "DeviceStatus.RETIRED": "Retired (停用): its events are refused.",
    "VitalSigns": "Vital signs (生命体征) as a device reported them; null where not reported.",
    "VitalSigns.heartRate": "Heart rate (心率), beats per minute.",
    "VitalSigns.bloodOxygen": "Blood oxygen saturation (血氧), percent.",
    "VitalSigns.systolic": "Systolic blood pressure (收缩压), mmHg.",
    "VitalSigns.diastolic": "Diastolic blood pressure (舒张压), mmHg.",
    "VitalSigns.breathingRate": "Breathing rate (呼吸频率), breaths per minute.",
    "VitalSigns.temperatureTenths": (
        "Body temperature (体温) in tenths of a degree Celsius: 365 is 36.5."
    ),
    **connection("Device", "devices"),
    "Query.devices": (
        "Smart devices (智能设备) of elders living alone (独居老人) at buildings in the viewer's "
        "scope (BUILDING_LEADER and up, AUDITOR), with their health: last seen, battery, status."
    ),
    "Query.device": "One device by id; null when missing or not readable (the two look alike).",
    "DeviceFilter": "Which devices; every condition given applies (AND).",
    "DeviceFilter.nodeId": IN_NODE,
    "DeviceFilter.residentId": "Only the devices of this elder.",
    "DeviceFilter.kind": "Only devices of these kinds.",
    "DeviceFilter.status": "Only devices in one of these states (ONLINE, OFFLINE, RETIRED).",
    "DeviceFilter.lowBattery": "True: only those reporting 20 % or less; false: the others.",
    "DeviceOrder": "The order of devices; every order pages by keyset.",
    "DeviceOrder.CREATED_DESC": "Latest registered first (the default).",
    "DeviceOrder.CREATED_ASC": "Earliest registered first.",
    "DeviceOrder.ID": "In the order they were registered.",
    **payload("DevicePayload", "device", "the device", "retireDevice"),
    "DeviceSecretPayload": (
        "Answered by registerDevice and rotateDeviceSecret: the device and its new secret, or "
        "the errors."
    ),
    "DeviceSecretPayload.device": "The device; null when `errors` is not empty.",
    "DeviceSecretPayload.secret": (
        "The device's secret (hex), shown this once and never stored: provision it into the "
        "device's gateway, which signs each event with it (HMAC-SHA256 of "
        '"<X-Timestamp>.<raw body>", sent as X-Signature).'
    ),
    "DeviceSecretPayload.errors": (
        "What went wrong, each with a code and the input field; empty on success."
    ),
    "Mutation.registerDevice": (
        "Register a smart device (智能设备) to a resident tagged as an elder living alone "
        "(独居老人), at their building (BUILDING_LEADER and up in scope; another resident is "
        "INVALID). The answer holds the device's secret, shown once."
    ),
    "Mutation.registerDevice(input)": "The device.",
    "Mutation.rotateDeviceSecret": (
        "Give a device a new secret (shown once); the old one signs nothing from now on. A "
        "retired device is CONFLICT."
    ),
    "Mutation.rotateDeviceSecret(id)": "The device.",
    "Mutation.retireDevice": (
        "Retire (停用) a device: its events are refused from now on, its alerts stay. A second "
        "retirement is CONFLICT."
    ),
    "Mutation.retireDevice(id)": "The device.",
    "RegisterDeviceInput": "A new device.",
    "RegisterDeviceInput.residentId": "The elder living alone (独居老人) it is registered to.",
    "RegisterDeviceInput.kind": "What kind of device it is.",
    "RegisterDeviceInput.label": (
        "Where or what it is (卧室门磁), at most 100 characters; may be empty."
    ),
}

_ALERTS: dict[str, str] = {
    "Alert": (
        "An alert (告警) raised by an elder's device (a fall, SOS, abnormal vital signs, smoke) "
        "or by a door shut too long, at the elder's building. Routed to the building's "
        "stewards and the grid, who acknowledge it by its deadline (else it is escalated to "
        "the community) and close it with a follow-up."
    ),
    **node_id("Alert", "alert"),
    "Alert.kind": "What raised it.",
    "Alert.kindLabel": (
        "The kind in Chinese: 跌倒, 紧急呼叫, 生命体征异常, 长时间未开门 or 烟雾报警."
    ),
    "Alert.status": "RAISED, ACKNOWLEDGED, ESCALATED or CLOSED.",
    "Alert.statusLabel": "The status in Chinese: 待响应, 已响应, 已上报社区 or 已办结.",
    "Alert.urgent": "True for SOS, falls and smoke (the shorter deadline, 15 minutes by default).",
    "Alert.raisedAt": f"When it was raised {DATE_TIME}.",
    "Alert.deadlineAt": (
        f"Acknowledge it by then {DATE_TIME}, or it is escalated to the community."
    ),
    "Alert.acknowledgedAt": f"When it was acknowledged (响应) {DATE_TIME}; null: not yet.",
    "Alert.acknowledgedBy": "Who acknowledged it; null: not yet.",
    "Alert.escalatedAt": (
        f"When it was escalated (上报社区) {DATE_TIME}; null: never. The community reads it "
        "from then on."
    ),
    "Alert.closedAt": f"When it was closed (办结) {DATE_TIME}; null: still open.",
    "Alert.closedBy": "Who closed it; null: still open.",
    "Alert.followUp": "How it was followed up (处置方式); null until closed.",
    "Alert.note": "What was done (处置情况), written when it was closed; empty until then.",
    "Alert.vitalSigns": "The vital signs sent with the alarm; null: none.",
    "Alert.node": "The building it was raised at (the elder's).",
    "Alert.resident": "The elder (独居老人); null when the viewer may not read residents there.",
    "Alert.device": "The device that raised it; null when the viewer may not read devices.",
    "AlarmKind": "What an alert (告警) is about.",
    "AlarmKind.FALL": "A fall (跌倒), from a health watch: urgent.",
    "AlarmKind.SOS": "An emergency call (紧急呼叫, SOS button): urgent.",
    "AlarmKind.ABNORMAL_VITALS": "Abnormal vital signs (生命体征异常).",
    "AlarmKind.DOOR_NOT_OPENED": (
        "A door sensor saw no opening for the quiet period (长时间未开门, 24 hours by default)."
    ),
    "AlarmKind.SMOKE": "Smoke (烟雾报警), from a smoke detector: urgent.",
    "AlertStatus": "Where an alert stands (告警状态).",
    "AlertStatus.RAISED": "Raised, waiting to be acknowledged (待响应).",
    "AlertStatus.ACKNOWLEDGED": (
        "Acknowledged (已响应): someone is on it; close it with a follow-up."
    ),
    "AlertStatus.ESCALATED": (
        "Not acknowledged by its deadline: escalated to the community (已上报社区), still to "
        "be acknowledged."
    ),
    "AlertStatus.CLOSED": "Closed (已办结) with a follow-up and a note; never changes again.",
    "FollowUpKind": "How an alert was followed up (处置方式).",
    "FollowUpKind.VISIT": "A visit to the elder's home (上门查看).",
    "FollowUpKind.CALL": "A phone call (电话联系).",
    "FollowUpKind.HOSPITAL": "Taken to hospital (送医).",
    "FollowUpKind.FALSE_ALARM": "A false alarm (误报).",
    **connection("Alert", "alerts"),
    "Query.alerts": (
        "Alerts (告警) of elders' devices at buildings in the viewer's scope: building leaders "
        "and grid leaders read all of them, community admins and the levels above only the "
        "escalated ones, auditors all. An elder's alert history (告警记录): filter by "
        "residentId."
    ),
    "Query.alert": "One alert by id; null when missing or not readable (the two look alike).",
    "AlertFilter": "Which alerts; every condition given applies (AND).",
    "AlertFilter.nodeId": IN_NODE,
    "AlertFilter.residentId": "Only the alerts of this elder (their alert history).",
    "AlertFilter.deviceId": "Only the alerts of this device.",
    "AlertFilter.status": "Only alerts in these statuses.",
    "AlertFilter.kind": "Only alerts of these kinds.",
    "AlertFilter.open": "True: only those not closed yet; false: only closed ones.",
    "AlertFilter.escalated": "True: only those ever escalated; false: only those never escalated.",
    "AlertOrder": "The order of alerts; every order pages by keyset.",
    "AlertOrder.RAISED_DESC": "Latest raised first (the default).",
    "AlertOrder.RAISED_ASC": "Earliest raised first.",
    "AlertOrder.DEADLINE_ASC": "Soonest acknowledgement deadline first.",
    "AlertOrder.ID": "In the order they were raised.",
    **payload("AlertPayload", "alert", "the alert", "acknowledgeAlert, closeAlert"),
    "Mutation.acknowledgeAlert": (
        "Acknowledge (响应) a raised or escalated alert: the building's stewards and the grid "
        "in scope, and the community once it is escalated. An alert someone else handled "
        "meanwhile is CONFLICT; one acknowledged or closed already is INVALID_TRANSITION."
    ),
    "Mutation.acknowledgeAlert(id)": "The alert.",
    "Mutation.closeAlert": (
        "Close (办结) an acknowledged alert with how it was followed up and a note (both "
        "required, else INVALID). Closed alerts never change again."
    ),
    "Mutation.closeAlert(id)": "The alert.",
    "Mutation.closeAlert(input)": "The follow-up and the note.",
    "CloseAlertInput": "How an alert was followed up.",
    "CloseAlertInput.followUp": "Visit, call, hospital or false alarm (required).",
    "CloseAlertInput.note": "What was done, at most 1,000 characters, line breaks kept (required).",
}

DESCRIPTIONS: dict[str, str] = {**_DEVICES, **_ALERTS}
