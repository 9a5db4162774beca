"""Party members (党员), mobile party members (流动党员), titles held at nodes (楼栋长, 红管家,
网格员, 兼职委员) and volunteer teams (志愿服务队)."""

from schema.descriptions.shared import connection, node_id, payload

MOBILE_MEMBER = "The mobile party member (a PartyMember of kind MOBILE)"
READABLE_USER = "The cadre's account; one the viewer cannot read is NOT_FOUND."

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ party members
    "PartyMember": "A resident's party-member profile (党员).",
    **node_id("PartyMember", "party member"),
    "PartyMember.kind": "What kind of party member.",
    "PartyMember.employer": "Mobile members: who they work for now; empty otherwise.",
    "PartyMember.reportsTo": (
        "Where they report (报到), usually a community; null when none or outside the viewer's "
        "scope."
    ),
    "PartyMember.resident": "The resident; null when the viewer may not read their record.",
    "PartyMember.lastContactedOn": "The day of the latest contact logged; null when none.",
    "PartyMemberKind": "Kinds of party member.",
    "PartyMemberKind.IN_SERVICE": "In-service member reporting where they live (在职/报到党员).",
    "PartyMemberKind.RETIRED_CADRE": "Retired cadre (离退休干部).",
    "PartyMemberKind.VETERAN": "Veteran (退役军人).",
    "PartyMemberKind.MOBILE": (
        "Mobile member working away (流动党员): a work city, contact persons and a contact log."
    ),
    **connection("PartyMember", "party members"),
    "Mutation.setPartyMember(residentId)": (
        "The resident (BUILDING_LEADER and up at their building)."
    ),
    "Mutation.setPartyMember(input)": "The whole profile.",
    "PartyMemberInput": "A party-member profile; it replaces the one before.",
    "PartyMemberInput.kind": "What kind of party member.",
    "PartyMemberInput.reportsToId": (
        "Where they report (报到), if anywhere; a node the viewer cannot read is NOT_FOUND."
    ),
    "PartyMemberInput.pledge": "Public service pledge (服务承诺), at most 500 characters.",
    "PartyMemberInput.showPublicly": "Consents to be shown on the building's public page (三亮).",
    "PartyMemberInput.workCity": "MOBILE only: the city they work in now (at most 50 characters).",
    "PartyMemberInput.employer": "MOBILE only: who they work for (at most 100 characters).",
    **payload(
        "PartyMemberPayload",
        "partyMember",
        "the profile as it is now",
        "`setPartyMember` and the contact-person mutations",
    ),
    # ------------------------------------------------------------------ mobile members
    "Mutation.addContactPerson(partyMemberId)": (
        f"{MOBILE_MEMBER}; BUILDING_LEADER and up at its building choose its contact persons."
    ),
    "Mutation.addContactPerson(userId)": READABLE_USER,
    "Mutation.removeContactPerson(partyMemberId)": f"{MOBILE_MEMBER}.",
    "Mutation.removeContactPerson(userId)": "The cadre's account; not a contact person: NOT_FOUND.",
    "Mutation.logContact(partyMemberId)": (
        f"{MOBILE_MEMBER}; its contact persons and BUILDING_LEADER and up at its building record."
    ),
    "Mutation.logContact(input)": "The contact.",
    "ContactLog": "One contact with a mobile party member (联系记录).",
    "ContactLog.contactedOn": "The day of the contact (YYYY-MM-DD).",
    "ContactLog.channel": "How they were reached.",
    "ContactLog.note": "What was said or done; may be empty.",
    "ContactInput": "A contact with a mobile party member.",
    "ContactInput.contactedOn": "The day (YYYY-MM-DD), not after today (China time).",
    "ContactInput.channel": "How they were reached.",
    "ContactInput.note": "What was said or done, at most 1,000 characters.",
    "ContactInput.materialSent": "Study material sent, at most 200 characters.",
    "ContactChannel": "How a mobile party member was reached.",
    "ContactChannel.PHONE": "By phone (电话).",
    "ContactChannel.WECHAT": "By WeChat (微信).",
    "ContactChannel.VISIT": "In person (走访).",
    "ContactChannel.MAIL": "By post (信件).",
    **payload("ContactLogPayload", "contactLog", "the contact recorded", "`logContact`"),
    # ------------------------------------------------------------------ titles
    "Title": "A title a resident holds at a node (楼栋长, 红管家, 网格员, 兼职委员).",
    **node_id("Title", "title"),
    "Title.kind": "Which title.",
    "Title.resident": "Who holds it; null when the viewer may not read their record.",
    "TitleKind": "Titles held at a node, each at its level.",
    "TitleKind.BUILDING_HEAD": "Building head (楼栋长), held at a building.",
    "TitleKind.RED_STEWARD": "Red steward (红管家): a party member stewarding a building.",
    "TitleKind.GRID_WORKER": "Grid worker (网格员), held at a grid.",
    "TitleKind.PART_TIME_COMMITTEE_MEMBER": (
        "Part-time committee member (兼职委员), at a community."
    ),
    "Query.titles(nodeId)": "The node; one the viewer cannot read gives an empty list.",
    "Mutation.assignTitle": (
        "Gives a resident living in the node's area a title there (BUILDING_LEADER and up); "
        "a red steward must be a party member. Held already: CONFLICT."
    ),
    "Mutation.assignTitle(nodeId)": (
        "Where: a building for 楼栋长 and 红管家, a grid for 网格员, a community for 兼职委员."
    ),
    "Mutation.assignTitle(residentId)": "The resident.",
    "Mutation.assignTitle(kind)": "Which title.",
    "Mutation.removeTitle": "Takes a title away (BUILDING_LEADER and up at its node).",
    "Mutation.removeTitle(id)": "The title (a Title id).",
    **payload("TitlePayload", "title", "the title", "`assignTitle` and `removeTitle`"),
    # ------------------------------------------------------------------ volunteer teams
    "VolunteerTeam": 'A volunteer team (志愿服务队, "红色代办") belonging to a node.',
    **node_id("VolunteerTeam", "team"),
    "VolunteerTeam.name": "Its name, unique at its node.",
    "VolunteerTeam.node": "The node it belongs to.",
    **connection("VolunteerTeam", "volunteer teams"),
    "Mutation.createVolunteerTeam": (
        "Creates a volunteer team at a node (GRID_LEADER and up); a name the node has already "
        "is CONFLICT."
    ),
    "Mutation.createVolunteerTeam(nodeId)": "The node it belongs to.",
    "Mutation.createVolunteerTeam(name)": "1 to 100 characters, unique at the node.",
    "Mutation.createVolunteerTeam(leaderId)": (
        "A resident living in the node's area; becomes its first member."
    ),
    "Mutation.addTeamMember": "Adds a resident living in the team's area (GRID_LEADER and up).",
    "Mutation.addTeamMember(teamId)": "The team.",
    "Mutation.addTeamMember(residentId)": "The resident.",
    "Mutation.removeTeamMember": (
        "Removes a member (GRID_LEADER and up); the leader cannot be removed (INVALID)."
    ),
    "Mutation.removeTeamMember(teamId)": "The team.",
    "Mutation.removeTeamMember(residentId)": "The member.",
    **payload("VolunteerTeamPayload", "team", "the team as it is now", "the team mutations"),
}
