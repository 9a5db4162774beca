"""The public building page (三亮) and a party member's consent to it (issue 13)."""

from schema.descriptions.shared import DATE_TIME, payload

PERSON = "names and titles only"

DESCRIPTIONS: dict[str, str] = {
    "TitleKind.PARTY_GROUP_LEADER": (
        "Party group leader (楼栋党小组组长), a party member, held at a building."
    ),
    "Query.publicBuilding": (
        "The public building page (三亮) behind a building's QR code, without login (the same "
        "answer signed in). Null for an unknown, replaced or malformed code alike. Rate-limited "
        "per client address (RATE_LIMITED); cached for up to a minute."
    ),
    "Query.publicBuilding(qrToken)": "The token in the building's QR code.",
    "Query.publicBuildingById": (
        "The public building page (三亮) of a building by id, without login; null for any id "
        "that is not a live building's. Rate-limited and cached like publicBuilding."
    ),
    "Query.publicBuildingById(id)": "The building's global id.",
    "PublicBuilding": (
        "What a building shows everyone (三亮: identity, pledges, party group): no phone, ID "
        "number, birth date or household of anyone, and names only of people whose title or "
        "consent makes them public."
    ),
    "PublicBuilding.id": "The building's global id.",
    "PublicBuilding.name": "The building's name (楼栋).",
    "PublicBuilding.street": "The name of its street (街道).",
    "PublicBuilding.community": "The name of its community (社区).",
    "PublicBuilding.grid": "The name of its grid (网格).",
    "PublicBuilding.partyGroup": "Its party group (楼栋党小组) and the group's leader.",
    "PublicBuilding.buildingHeads": f"Its building heads (楼栋长): {PERSON}.",
    "PublicBuilding.redStewards": f"Its red stewards (红管家): {PERSON}.",
    "PublicBuilding.partyMembers": (
        "Party members living there who consented to be shown (亮身份): name, kind, pledge."
    ),
    "PublicBuilding.awards": "Titles the building holds now (e.g. 红色美丽楼栋).",
    "PublicBuilding.notices": (
        "Notices current now at the building and the nodes above it (newest first, 20 at most)."
    ),
    "PublicBuilding.submitCase": "How to submit a demand or hazard by QR code (码上扫心愿).",
    "PublicBuilding.convention": (
        "The building's current convention (楼栋公约, 一楼一特色): its adopted version of the "
        "highest number; null when none was adopted."
    ),
    "PublicBuilding.serviceItems": (
        "The active service items (服务事项) of the building's community, by number: the "
        "first 200 when there are more."
    ),
    "PublicConvention": "A building's adopted convention (楼栋公约).",
    "PublicConvention.title": "The convention's title.",
    "PublicConvention.number": "Its version number (1 for the first adopted).",
    "PublicConvention.adoptedAt": f"When the residents adopted it {DATE_TIME}.",
    "PublicConvention.sections": "Its sections in order.",
    "PublicConventionSection": "One section of a convention.",
    "PublicConventionSection.section": "The section's kind, e.g. RESPECT_ELDERS or DOG_KEEPING.",
    "PublicConventionSection.label": "The kind in Chinese, e.g. 尊老爱幼, 文明养犬.",
    "PublicConventionSection.body": "The section's text.",
    "PublicServiceItem": "A service the community agreed to offer (服务事项), active now.",
    "PublicServiceItem.number": "Its number in the community's list.",
    "PublicServiceItem.category": "Its category, e.g. ELDERLY.",
    "PublicServiceItem.categoryLabel": "The category in Chinese, e.g. 为老服务.",
    "PublicServiceItem.title": "What the service is.",
    "PublicServiceItem.description": "More about it; empty when none.",
    "PublicPartyGroup": "A building's party group (楼栋党小组).",
    "PublicPartyGroup.name": "The group's name, e.g. 1栋党小组.",
    "PublicPartyGroup.leaders": f"Its leader (楼栋党小组组长): {PERSON}.",
    "PublicPerson": f"Someone holding a public title at the building: {PERSON}.",
    "PublicPerson.name": "Their name.",
    "PublicPerson.title": "The title they hold.",
    "PublicPerson.titleLabel": "The title in Chinese (楼栋长, 红管家, 楼栋党小组组长).",
    "PublicPartyMember": "A party member who consented to the public page (亮身份、亮承诺).",
    "PublicPartyMember.name": "Their name.",
    "PublicPartyMember.kind": "Their kind of membership.",
    "PublicPartyMember.kindLabel": "The kind in Chinese (在职党员, 离退休干部党员 ...).",
    "PublicPartyMember.pledge": "Their service pledge (服务承诺); empty when none.",
    "PublicAward": "A title the building earned (评选), valid now.",
    "PublicAward.kind": "The kind of evaluation that awarded it.",
    "PublicAward.title": "The title, e.g. 2026年度红色美丽楼栋.",
    "PublicAward.validFrom": "The first day it is valid.",
    "PublicAward.validUntil": "The last day it is valid.",
    "PublicNotice": "A current notice for the building's residents (公告, 公示).",
    "PublicNotice.kind": "General announcement, public notice or points notice.",
    "PublicNotice.kindLabel": "The kind in Chinese: 公告, 公示 or 积分公示.",
    "PublicNotice.title": "The notice's title.",
    "PublicNotice.body": "The notice's plain text.",
    "PublicNotice.level": "The level of the node it is posted at.",
    "PublicNotice.postedAt": "The name of the node it is posted at.",
    "PublicNotice.publishedAt": f"When it was published {DATE_TIME}.",
    "PublicNotice.expiresAt": f"When it stops being shown {DATE_TIME}; null: never.",
    "PublicCaseSubmission": "How to submit a case by the building's QR code, without login.",
    "PublicCaseSubmission.mutation": "The mutation that takes it: submitCaseByQr.",
    "PublicCaseSubmission.kinds": "Kinds it takes (disputes go to the grid or community).",
    "PublicCaseSubmission.instructions": "What to do, in Chinese.",
    "Mutation.setMyPublicConsent": (
        "A party member's own consent (亮身份) to be shown on their building's public page, "
        "and their service pledge (服务承诺): only with the account linked to their resident "
        "record, else FORBIDDEN. Staff record a paper consent with setPartyMember."
    ),
    "Mutation.setMyPublicConsent(showPublicly)": "True: shown on the public page; false: not.",
    "Mutation.setMyPublicConsent(pledge)": (
        "The pledge, at most 500 characters of plain text; null keeps the current one."
    ),
    **payload(
        "PartyMemberConsentPayload", "partyMember", "the party profile", "setMyPublicConsent"
    ),
}
