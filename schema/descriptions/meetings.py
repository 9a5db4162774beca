"""Deliberation ("楼栋听事、小区议事、社区决事", issue 13): meetings (议事会) at a building, grid or
community, their agenda, attendees, minutes and resolutions (决议) with votes; the agreed
service items (服务事项) of a community; each building's convention (楼栋公约) in versions."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

RUN = (
    "Needs meeting.convene at the meeting's node (BUILDING_LEADER and up: a building leader "
    "runs their building's meetings, a grid leader the grid's, a community admin the "
    "community's); a meeting the viewer cannot read is NOT_FOUND, one they read but may not "
    "run FORBIDDEN."
)
MEETING_ID = "The meeting (a Meeting id); one the viewer cannot read is NOT_FOUND."
RESOLUTION_ID = "The resolution (a Resolution id); one the viewer cannot read is NOT_FOUND."
VERSION_ID = "The convention version (a ConventionVersion id); one not readable is NOT_FOUND."
ITEM_ID = "The service item (a ServiceItem id); one the viewer cannot read is NOT_FOUND."
ITEM_STEP = (
    "Needs service_item.manage at the item's community (COMMUNITY_ADMIN and up); a step the "
    "item's status does not allow is INVALID_TRANSITION."
)
DRAFT_RULE = (
    "Needs convention.draft at the building (BUILDING_LEADER and up). Only a DRAFT changes: an "
    "adopted version never does (INVALID_TRANSITION, nothing written), a new draft revises it."
)

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ reads
    "Query.meetings": (
        "Meetings (议事会) the viewer reads: staff (BUILDING_LEADER and up, auditors) those at "
        "nodes in their scope; a resident those held at their own building; anyone those they "
        "are invited to. Nothing of a sibling subtree."
    ),
    "Query.meeting": "A meeting by id, or null when missing or not readable.",
    "Query.resolutions": (
        "Resolutions (决议) of the meetings the viewer reads, with their tallies."
    ),
    "Query.serviceItems": (
        "Service items (服务事项) of the communities whose area holds the viewer's node: a "
        "resident's or building leader's own community, a community admin's, and every "
        "community below a street admin. By number (the community's list) by default."
    ),
    "Query.conventionVersions": (
        "Convention versions (楼栋公约): staff read every version (drafts too) of buildings in "
        "their scope; a resident reads the adopted versions of their own building."
    ),
    "Query.conventionVersion": "A convention version by id, or null when missing or not readable.",
    "Query.currentConvention": (
        "The building's current convention: its adopted version of the highest number; null "
        "when there is none or the viewer may not read it (the two look the same)."
    ),
    "Query.currentConvention(buildingId)": "The building (an OrgNode id of level BUILDING).",
    "Query.conventionDiff": (
        "A readable difference between two versions of one building's convention, section by "
        "section: sections added or removed, lines added and removed, and a unified diff."
    ),
    "Query.conventionDiff(fromId)": "The older version (a ConventionVersion id).",
    "Query.conventionDiff(toId)": (
        "The newer version, of the same building (else INVALID); one not readable is NOT_FOUND."
    ),
    # ------------------------------------------------------------------ meetings
    "Meeting": (
        "A meeting (议事会) at a building, grid or community node: its agenda, attendees, "
        "minutes and resolutions."
    ),
    **node_id("Meeting", "meeting"),
    "Meeting.type": "Which kind of meeting, fixed by the node's level.",
    "Meeting.title": "Its title, e.g. 3栋关于加装电梯的议事会.",
    "Meeting.startsAt": f"When it starts {DATE_TIME}.",
    "Meeting.place": "Where it is held.",
    "Meeting.status": "Where the meeting stands.",
    "Meeting.minutes": "The minutes (会议纪要), written once it is held; empty before.",
    "Meeting.minutesAt": "When the minutes were last written; null before.",
    "Meeting.cancelReason": "Why it was cancelled; empty unless CANCELLED.",
    "Meeting.heldAt": "When it was marked held; null before.",
    "Meeting.closedAt": "When it was closed or cancelled; null before.",
    "Meeting.createdAt": "When it was convened (召集).",
    "Meeting.node": "The node it is held at.",
    "Meeting.agenda": "The agenda (议程), in order.",
    "Meeting.attendees": (
        "Those invited, and whether present. Residents' names are shown in full to staff in "
        "scope and masked (张*明) to anyone else."
    ),
    "Meeting.invitedCount": (
        "How many residents and staff are invited (outside parties attend without counting)."
    ),
    "Meeting.presentCount": (
        "How many residents and staff are recorded present (出席); outside parties not counted."
    ),
    "Meeting.quorumNeeded": (
        "How many residents and staff must be present for a quorum (法定人数; outside parties "
        "do not count): a share of those invited by the "
        "meeting's type (half; two thirds for a community council), and at least a minimum "
        "(5; 3 for a steward roundtable; 7 for a community council)."
    ),
    "Meeting.hasQuorum": (
        "Whether enough are present: resolutions are proposed and decided only with a quorum."
    ),
    "Meeting.resolutions": "Its resolutions, in the order they were proposed.",
    "MeetingType": "The kinds of meeting (议事会).",
    "MeetingType.BUILDING_COUNCIL": "Building council (楼栋议事会), at a building: 楼栋听事.",
    "MeetingType.STEWARD_ROUNDTABLE": (
        "Building stewards' roundtable (楼栋管家圆桌会), at a building."
    ),
    "MeetingType.GRID_COUNCIL": "Compound or grid council (小区议事会), at a grid: 小区议事.",
    "MeetingType.COMMUNITY_COUNCIL": (
        "Community council (社区议事会), at a community: 社区决事; only it adds service items."
    ),
    "MeetingStatus": "Where a meeting stands.",
    "MeetingStatus.SCHEDULED": "Convened (已召集): may be edited, attendees invited.",
    "MeetingStatus.HELD": (
        "Held (已召开): attendance, minutes, resolutions and votes are recorded."
    ),
    "MeetingStatus.CLOSED": "Closed (已结束): minutes written, every resolution decided.",
    "MeetingStatus.CANCELLED": "Cancelled (已取消) before it was held.",
    "MeetingAgendaItem": "One item of a meeting's agenda (议程).",
    "MeetingAgendaItem.position": "Its place in the agenda, from 1.",
    "MeetingAgendaItem.text": "What is discussed.",
    "MeetingAttendee": "Someone invited to a meeting (参会人员).",
    "MeetingAttendee.id": (
        "Global id of the attendee (opaque): `recordVote` and attendance take it."
    ),
    "MeetingAttendee.kind": "Who they are.",
    "MeetingAttendee.name": (
        "Their name; a resident's is masked (张*明) unless the viewer is staff in scope."
    ),
    "MeetingAttendee.organisation": "The organisation an outside party speaks for; may be empty.",
    "MeetingAttendee.present": "Recorded present (出席).",
    "MeetingAttendeeKind": "Who an attendee is.",
    "MeetingAttendeeKind.RESIDENT": "A resident (居民) of the meeting node's subtree.",
    "MeetingAttendeeKind.STAFF": "A staff member (工作人员), by their account.",
    "MeetingAttendeeKind.PROPERTY_COMPANY": "The property company (物业公司).",
    "MeetingAttendeeKind.OWNERS_COMMITTEE": "The owners' committee (业委会).",
    "MeetingAttendeeKind.OTHER_PARTY": "Another organisation (共建单位, 驻区单位).",
    **connection("Meeting", "meetings"),
    "MeetingFilter": "Which meetings a list holds; conditions AND.",
    "MeetingFilter.nodeId": IN_NODE,
    "MeetingFilter.type": "Only this type.",
    "MeetingFilter.status": "Only these statuses.",
    "MeetingFilter.search": "Title contains.",
    "MeetingFilter.startsFrom": f"Only those starting at or after this {DATE_TIME}.",
    "MeetingFilter.startsTo": f"Only those starting before this {DATE_TIME}.",
    "MeetingOrder": "The order of `meetings`; every order pages by keyset cursors.",
    "MeetingOrder.STARTS_DESC": "The latest start first.",
    "MeetingOrder.STARTS_ASC": "The earliest start first.",
    "MeetingOrder.TITLE": "By title, then id.",
    "MeetingOrder.CREATED_DESC": "The newest first.",
    "MeetingOrder.ID": "By id, in the order they were convened.",
    # ------------------------------------------------------------------ resolutions
    "Resolution": (
        "A resolution (决议) put to the vote in a held meeting, its tallies and outcome. Passed, "
        "it applies its effects (service items, a convention version) in the same transaction."
    ),
    **node_id("Resolution", "resolution"),
    "Resolution.kind": "What it decides.",
    "Resolution.title": "Its title.",
    "Resolution.text": "Its full text; may be empty.",
    "Resolution.status": "Where it stands.",
    "Resolution.votesFor": "Votes for (赞成).",
    "Resolution.votesAgainst": "Votes against (反对).",
    "Resolution.votesAbstain": "Abstentions (弃权), counted among the votes cast.",
    "Resolution.decidedAt": "When it was decided or withdrawn; null while voting.",
    "Resolution.createdAt": "When it was proposed.",
    "Resolution.meeting": "Its meeting; null when the viewer may not read it.",
    "Resolution.proposedServiceItems": (
        "ADD_SERVICE_ITEMS: the service items it proposes; empty for other kinds."
    ),
    "Resolution.serviceItems": "The service items it created once passed.",
    "Resolution.conventionVersion": (
        "ADOPT_CONVENTION: the version put to the vote; null for other kinds or when not readable."
    ),
    "Resolution.votes": (
        "Who voted what: staff in scope only; null for anyone else, who reads the tallies."
    ),
    "ResolutionKind": "What a resolution decides.",
    "ResolutionKind.GENERAL": "A general decision (一般决议).",
    "ResolutionKind.ADD_SERVICE_ITEMS": (
        "Adds service items (新增服务事项) to the community's list; community councils only."
    ),
    "ResolutionKind.ADOPT_CONVENTION": (
        "Adopts a draft of a building's convention (通过楼栋公约), at a meeting of the building or "
        "above it; needs two thirds of the votes cast."
    ),
    "ResolutionKind.ADOPT_TOPIC": "Adopts a topic (议题采纳); see topics.",
    "ResolutionStatus": "Where a resolution stands.",
    "ResolutionStatus.VOTING": "Being voted on (表决中).",
    "ResolutionStatus.PASSED": (
        "Passed (通过): more than half of the votes cast were for it (two thirds for a convention)."
    ),
    "ResolutionStatus.REJECTED": "Rejected (未通过).",
    "ResolutionStatus.WITHDRAWN": "Withdrawn (撤回) before it was decided.",
    "ProposedServiceItem": "A service item a resolution proposes.",
    "ProposedServiceItem.category": "Its category.",
    "ProposedServiceItem.title": "Its title.",
    "ProposedServiceItem.description": "What it offers; may be empty.",
    "ResolutionVote": "One present attendee's vote (表决票) on a resolution, written once.",
    "ResolutionVote.choice": "For, against or abstain.",
    "ResolutionVote.byRecorder": (
        "true: recorded by the meeting's recorder as the attendee gave it; false: cast by the "
        "attendee themselves."
    ),
    "ResolutionVote.createdAt": "When it was recorded.",
    "ResolutionVote.attendee": "Who voted.",
    "VoteChoice": "A vote.",
    "VoteChoice.FOR": "For (赞成).",
    "VoteChoice.AGAINST": "Against (反对).",
    "VoteChoice.ABSTAIN": "Abstain (弃权).",
    **connection("Resolution", "resolutions"),
    "ResolutionFilter": "Which resolutions a list holds; conditions AND.",
    "ResolutionFilter.meetingId": MEETING_ID,
    "ResolutionFilter.nodeId": IN_NODE,
    "ResolutionFilter.kind": "Only this kind.",
    "ResolutionFilter.status": "Only these statuses.",
    "ResolutionOrder": "The order of `resolutions`; every order pages by keyset cursors.",
    "ResolutionOrder.CREATED_DESC": "The newest first.",
    "ResolutionOrder.CREATED_ASC": "The oldest first.",
    "ResolutionOrder.ID": "By id.",
    # ------------------------------------------------------------------ service items
    "ServiceItem": (
        "An agreed service (服务事项) of a community (\u201c共同商议制定服务事项95项\u201d), "
        "with the resolution that created it."
    ),
    **node_id("ServiceItem", "service item"),
    "ServiceItem.number": "Its number in the community's list (1, 2, ...).",
    "ServiceItem.category": "Its category.",
    "ServiceItem.title": "Its title.",
    "ServiceItem.description": "What it offers; may be empty.",
    "ServiceItem.status": "Whether it is offered.",
    "ServiceItem.createdAt": "When it was agreed.",
    "ServiceItem.community": "The community it belongs to.",
    "ServiceItem.resolution": (
        "The resolution that created it; null when the viewer may not read that meeting."
    ),
    "ServiceCategory": "What a service item is about.",
    "ServiceCategory.ELDERLY": "Care for the elderly (为老服务).",
    "ServiceCategory.CHILDREN": "Care for children (儿童关爱).",
    "ServiceCategory.HEALTH": "Health and medical care (健康医疗).",
    "ServiceCategory.EMPLOYMENT": "Employment and business (就业创业).",
    "ServiceCategory.CONVENIENCE": "Everyday convenience (便民服务).",
    "ServiceCategory.ENVIRONMENT": "Environment and hygiene (环境卫生).",
    "ServiceCategory.SAFETY": "Safety (平安建设).",
    "ServiceCategory.CULTURE": "Culture and activities (文化活动).",
    "ServiceCategory.LEGAL": "Legal aid (法律援助).",
    "ServiceItemStatus": "Whether a service item is offered.",
    "ServiceItemStatus.ACTIVE": "Offered (服务中).",
    "ServiceItemStatus.SUSPENDED": "Suspended (暂停); may be resumed.",
    "ServiceItemStatus.RETIRED": "Retired (已停止) for good.",
    **connection("ServiceItem", "service items"),
    "ServiceItemFilter": "Which service items a list holds; conditions AND.",
    "ServiceItemFilter.communityId": (
        "Only this community's (an OrgNode id); one the viewer cannot read gives an empty list."
    ),
    "ServiceItemFilter.category": "Only this category.",
    "ServiceItemFilter.status": "Only these statuses.",
    "ServiceItemFilter.search": "Title contains.",
    "ServiceItemOrder": "The order of `serviceItems`; every order pages by keyset cursors.",
    "ServiceItemOrder.NUMBER": "By number: the community's list as agreed.",
    "ServiceItemOrder.TITLE": "By title, then id.",
    "ServiceItemOrder.CREATED_DESC": "The newest first.",
    "ServiceItemOrder.CREATED_ASC": "The oldest first.",
    "ServiceItemOrder.ID": "By id.",
    # ------------------------------------------------------------------ conventions
    "ConventionVersion": (
        "One version (第 n 版) of a building's convention (楼栋公约, \u201c一楼一特色\u201d), in "
        "sections. A draft may change; an adopted version never does."
    ),
    **node_id("ConventionVersion", "convention version"),
    "ConventionVersion.number": "Its number (1, 2, ...) among the building's versions.",
    "ConventionVersion.title": "Its title, e.g. 3栋楼栋公约（2026年修订）.",
    "ConventionVersion.status": "Draft, adopted or discarded.",
    "ConventionVersion.adoptedAt": "When a passed resolution adopted it; null unless ADOPTED.",
    "ConventionVersion.createdAt": "When it was drafted.",
    "ConventionVersion.building": "The building it belongs to.",
    "ConventionVersion.sections": "Its sections, in order.",
    "ConventionStatus": "Where a convention version stands.",
    "ConventionStatus.DRAFT": "Draft (草案): may be changed and put to the vote.",
    "ConventionStatus.ADOPTED": (
        "Adopted (已通过) by a passed resolution: frozen; the adopted version of the highest "
        "number is the building's current convention."
    ),
    "ConventionStatus.DISCARDED": "Discarded (已废弃): a draft not taken up.",
    "ConventionSectionText": "The text of one section of a convention version.",
    "ConventionSectionText.section": "Which section.",
    "ConventionSectionText.body": "Its text, lines separated by line breaks.",
    "ConventionSection": "The sections of a convention.",
    "ConventionSection.RESPECT_ELDERS": "Respect for elders, care for the young (尊老爱幼).",
    "ConventionSection.NEIGHBOURLY_HELP": "Neighbourly help (邻里互助).",
    "ConventionSection.PUBLIC_MORALITY": "Public morality (社会公德).",
    "ConventionSection.HYGIENE": "Hygiene and tidiness (环境卫生).",
    "ConventionSection.DOG_KEEPING": "Civilised dog keeping (文明养犬).",
    "ConventionSection.FIRE_SAFETY": "Fire safety (消防安全).",
    "ConventionSection.PARKING": "Parking order (停车秩序).",
    "ConventionSection.OTHER": "Anything else (其他).",
    "ConventionSectionDiff": "What changed in one section from one version to another.",
    "ConventionSectionDiff.section": "Which section.",
    "ConventionSectionDiff.change": "Added, removed, changed or unchanged.",
    "ConventionSectionDiff.added": "Lines only in the newer version.",
    "ConventionSectionDiff.removed": "Lines only in the older version.",
    "ConventionSectionDiff.unified": (
        "Every line of the section, prefixed `- ` (older only), `+ ` (newer only) or two "
        "spaces (both)."
    ),
    "ConventionChange": "How a section changed.",
    "ConventionChange.ADDED": "The section is new.",
    "ConventionChange.REMOVED": "The section is gone.",
    "ConventionChange.CHANGED": "Lines were added or removed.",
    "ConventionChange.UNCHANGED": "The same text.",
    **connection("ConventionVersion", "convention versions"),
    "ConventionVersionFilter": "Which convention versions a list holds; conditions AND.",
    "ConventionVersionFilter.buildingId": (
        "Only this building's (an OrgNode id); one the viewer cannot read is NOT_FOUND."
    ),
    "ConventionVersionFilter.nodeId": IN_NODE,
    "ConventionVersionFilter.status": "Only these statuses.",
    "ConventionVersionOrder": (
        "The order of `conventionVersions`; every order pages by keyset cursors."
    ),
    "ConventionVersionOrder.NUMBER_DESC": "The latest version first (the history).",
    "ConventionVersionOrder.NUMBER_ASC": "The first version first.",
    "ConventionVersionOrder.ID": "By id.",
    # ------------------------------------------------------------------ mutations
    "Mutation.scheduleMeeting": (
        "Convene (召集) a meeting at a node: its type must fit the node's level. Needs "
        "meeting.convene at the node (BUILDING_LEADER and up)."
    ),
    "Mutation.scheduleMeeting(input)": "The meeting.",
    "Mutation.updateMeeting": "Change a SCHEDULED meeting's title, time, place or agenda. " + RUN,
    "Mutation.updateMeeting(id)": MEETING_ID,
    "Mutation.updateMeeting(input)": "What changes; fields left null stay.",
    "Mutation.inviteMeetingAttendees": (
        "Invite more attendees (SCHEDULED or HELD); someone invited already is a CONFLICT, and "
        "so is a resident and the account tied to them (one person, one seat). " + RUN
    ),
    "Mutation.inviteMeetingAttendees(meetingId)": MEETING_ID,
    "Mutation.inviteMeetingAttendees(invitees)": "Who is invited.",
    "Mutation.holdMeeting": "Mark a SCHEDULED meeting held: attendance and votes follow. " + RUN,
    "Mutation.holdMeeting(id)": MEETING_ID,
    "Mutation.recordMeetingAttendance": (
        "Record who is present (HELD meetings); an attendee who has voted cannot be marked "
        "absent (INVALID_TRANSITION). " + RUN
    ),
    "Mutation.recordMeetingAttendance(meetingId)": MEETING_ID,
    "Mutation.recordMeetingAttendance(presentIds)": "Attendees (MeetingAttendee ids) present.",
    "Mutation.recordMeetingAttendance(absentIds)": "Attendees (MeetingAttendee ids) absent.",
    "Mutation.writeMeetingMinutes": "Write the minutes (会议纪要) of a HELD meeting. " + RUN,
    "Mutation.writeMeetingMinutes(id)": MEETING_ID,
    "Mutation.writeMeetingMinutes(minutes)": "The minutes, at most 20,000 characters.",
    "Mutation.closeMeeting": (
        "Close a HELD meeting once its minutes are written and every resolution decided. " + RUN
    ),
    "Mutation.closeMeeting(id)": MEETING_ID,
    "Mutation.cancelMeeting": "Cancel a SCHEDULED meeting. " + RUN,
    "Mutation.cancelMeeting(id)": MEETING_ID,
    "Mutation.cancelMeeting(reason)": "Why, at most 500 characters.",
    "Mutation.proposeResolution": (
        "Put a resolution to the vote in a HELD meeting with its quorum (else "
        "INVALID_TRANSITION, nothing written). " + RUN
    ),
    "Mutation.proposeResolution(meetingId)": MEETING_ID,
    "Mutation.proposeResolution(input)": "The resolution.",
    "Mutation.recordVote": (
        "The meeting's recorder records a present attendee's vote as they give it: an "
        "attendee not present or an outside party (who attends but does not vote) is INVALID, a "
        "second vote of one attendee a CONFLICT; nothing is written either way. " + RUN
    ),
    "Mutation.recordVote(resolutionId)": RESOLUTION_ID,
    "Mutation.recordVote(attendeeId)": "The attendee (a MeetingAttendee id of the meeting).",
    "Mutation.recordVote(choice)": "Their vote.",
    "Mutation.castVote": (
        "A present attendee with an account (a resident tied to it, or staff) casts their own "
        "vote, once; anyone else is FORBIDDEN (one seated twice, from before one seat per "
        "person was enforced, is a CONFLICT: the recorder records their vote)."
    ),
    "Mutation.castVote(resolutionId)": RESOLUTION_ID,
    "Mutation.castVote(choice)": "The vote.",
    "Mutation.decideResolution": (
        "Count the votes and pass or reject the resolution by its rule (more than half of the "
        "votes cast, two thirds for a convention), with the quorum still met; passed, its "
        "service items are created or its convention version adopted in the same "
        "transaction. Whoever drafted the convention version does not decide its adoption "
        "(FORBIDDEN, nothing written). " + RUN
    ),
    "Mutation.decideResolution(id)": RESOLUTION_ID,
    "Mutation.withdrawResolution": "Withdraw a resolution still being voted on. " + RUN,
    "Mutation.withdrawResolution(id)": RESOLUTION_ID,
    "Mutation.draftConventionVersion": (
        "Draft the next version of a building's convention; one open draft per building "
        "(else CONFLICT). " + DRAFT_RULE
    ),
    "Mutation.draftConventionVersion(buildingId)": (
        "The building (an OrgNode id of level BUILDING)."
    ),
    "Mutation.draftConventionVersion(input)": "Its title and sections.",
    "Mutation.updateConventionDraft": "Rewrite a draft's title and sections. " + DRAFT_RULE,
    "Mutation.updateConventionDraft(id)": VERSION_ID,
    "Mutation.updateConventionDraft(input)": "Its new title and sections (all of them).",
    "Mutation.discardConventionDraft": "Discard a draft not put to the vote. " + DRAFT_RULE,
    "Mutation.discardConventionDraft(id)": VERSION_ID,
    "Mutation.suspendServiceItem": "Suspend an ACTIVE service item. " + ITEM_STEP,
    "Mutation.suspendServiceItem(id)": ITEM_ID,
    "Mutation.resumeServiceItem": "Resume a SUSPENDED service item. " + ITEM_STEP,
    "Mutation.resumeServiceItem(id)": ITEM_ID,
    "Mutation.retireServiceItem": "Retire a service item for good. " + ITEM_STEP,
    "Mutation.retireServiceItem(id)": ITEM_ID,
    **payload("MeetingPayload", "meeting", "the meeting", "the meeting mutations"),
    **payload("ResolutionPayload", "resolution", "the resolution", "the resolution mutations"),
    **payload(
        "ConventionVersionPayload", "version", "the convention version", "the convention drafts"
    ),
    **payload("ServiceItemPayload", "serviceItem", "the service item", "the service item steps"),
    "ScheduleMeetingInput": "A new meeting.",
    "ScheduleMeetingInput.nodeId": (
        "Where it is held (an OrgNode id): a building, grid or community fitting `type`."
    ),
    "ScheduleMeetingInput.type": "Which kind of meeting.",
    "ScheduleMeetingInput.title": "Its title, at most 100 characters.",
    "ScheduleMeetingInput.startsAt": (
        f"When it starts {DATE_TIME}: at most a year back and two years ahead (else INVALID)."
    ),
    "ScheduleMeetingInput.place": "Where, at most 100 characters.",
    "ScheduleMeetingInput.agenda": (
        "The agenda items in order, at most 30, each at most 500 characters."
    ),
    "ScheduleMeetingInput.invitees": (
        "Who is invited; more may be invited later. One person holds one seat: a resident and "
        "the account tied to them together are a CONFLICT."
    ),
    "MeetingInviteesInput": "Attendees to invite.",
    "MeetingInviteesInput.residentIds": (
        "Residents (Resident ids) living in the meeting node's subtree; one the viewer cannot "
        "read is NOT_FOUND."
    ),
    "MeetingInviteesInput.userIds": "Staff (User ids) the viewer reads.",
    "MeetingInviteesInput.parties": (
        "Outside parties by name: they attend but neither count toward the quorum nor vote."
    ),
    "MeetingPartyInput": "An outside party invited by name.",
    "MeetingPartyInput.kind": "Which kind (not RESIDENT or STAFF: those are invited by id).",
    "MeetingPartyInput.name": "Who attends for it, at most 100 characters.",
    "MeetingPartyInput.organisation": "The organisation, e.g. 某某物业公司; may be empty.",
    "UpdateMeetingInput": "Changes to a scheduled meeting; null fields stay as they are.",
    "UpdateMeetingInput.title": "A new title.",
    "UpdateMeetingInput.startsAt": (
        f"A new start {DATE_TIME}: at most a year back and two years ahead (else INVALID)."
    ),
    "UpdateMeetingInput.place": "A new place.",
    "UpdateMeetingInput.agenda": "The whole new agenda, replacing the old one.",
    "ProposeResolutionInput": "A resolution to put to the vote.",
    "ProposeResolutionInput.kind": "What it decides; the meeting's type must allow it.",
    "ProposeResolutionInput.title": "Its title, at most 100 characters.",
    "ProposeResolutionInput.text": "Its full text, at most 2,000 characters.",
    "ProposeResolutionInput.serviceItems": (
        "ADD_SERVICE_ITEMS: the items (1 to 100, titles distinct); empty for other kinds."
    ),
    "ProposeResolutionInput.conventionVersionId": (
        "ADOPT_CONVENTION: the DRAFT version (of a building in the meeting's area) to adopt."
    ),
    "ProposedServiceItemInput": "A service item to propose.",
    "ProposedServiceItemInput.category": "Its category.",
    "ProposedServiceItemInput.title": "Its title, at most 100 characters.",
    "ProposedServiceItemInput.description": "What it offers, at most 1,000 characters.",
    "ConventionDraftInput": "The text of a convention draft.",
    "ConventionDraftInput.title": "Its title, at most 100 characters.",
    "ConventionDraftInput.sections": "Its sections in order, each section at most once.",
    "ConventionSectionInput": "One section of a draft.",
    "ConventionSectionInput.section": "Which section.",
    "ConventionSectionInput.body": "Its text, at most 4,000 characters and 100 lines.",
}
