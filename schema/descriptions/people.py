"""Residents (居民) and households (住户): the lists, personal data and its masks, changes and
spreadsheet imports. Tag and gender values take their Chinese labels from models."""

from models import GENDER_LABELS, RESIDENT_TAG_LABELS, Gender, ResidentTag
from resolvers.people.files import MAX_ROWS
from schema.descriptions.shared import ERRORS, connection, node_id, payload

TAG_MEANINGS: dict[ResidentTag, str] = {
    ResidentTag.ELDER_LIVING_ALONE: "Elder living alone",
    ResidentTag.DISABLED: "Person with a disability",
    ResidentTag.CHILD_LEFT_BEHIND: "Child left behind by parents working away",
    ResidentTag.LOW_INCOME: "Household on the minimum living allowance",
    ResidentTag.VETERAN: "Veteran",
    ResidentTag.SERIOUSLY_ILL: "Seriously ill",
    ResidentTag.UNEMPLOYED: "Unemployed",
    ResidentTag.RENTER: "Tenant renting the dwelling",
}
GENDER_MEANINGS: dict[Gender, str] = {Gender.MALE: "Male", Gender.FEMALE: "Female"}

NAME = "Full name (姓名), 1 to 50 characters."
BIRTH_DATE = (
    "Date of birth (出生日期), YYYY-MM-DD; must match the ID-card number when both are given."
)
ID_NUMBER = (
    "ID-card number (身份证号): 18 characters, check digit verified, sets the birth date; one "
    "registered already is INVALID (the same words wherever it is)."
)

DESCRIPTIONS: dict[str, str] = {
    # ------------------------------------------------------------------ enums
    "Gender": "Gender (性别).",
    **{f"Gender.{g.name}": f"{GENDER_MEANINGS[g]} ({GENDER_LABELS[g]})." for g in GENDER_MEANINGS},
    "ResidentTag": (
        "A circumstance staff record about a resident; exports write the Chinese label, imports "
        "take the label or the name."
    ),
    **{
        f"ResidentTag.{tag.name}": f"{meaning}: {RESIDENT_TAG_LABELS[tag]}."
        for tag, meaning in TAG_MEANINGS.items()
    },
    # ------------------------------------------------------------------ residents
    **node_id("Resident", "resident"),
    "Resident.name": "Full name (姓名).",
    "Resident.gender": "Gender (性别); null when not recorded.",
    "Resident.active": "False once deactivated: kept, but left out of lists by default.",
    "Resident.phone": (
        "Mobile phone (手机), 11 digits; masked (138****5678) unless the viewer may see phones "
        "here (BUILDING_LEADER and up, or their own household); null when not recorded."
    ),
    "Resident.idNumber": (
        "ID-card number (身份证号); masked (5203**************) unless the viewer may see ID "
        "numbers here (COMMUNITY_ADMIN and up, or their own household); null when not recorded."
    ),
    "Resident.household": "The household (住户) they belong to.",
    "Resident.tags": "Circumstances staff recorded (独居老人, 低保户 ...), in name order.",
    "Resident.partyMember": "Their party-member profile (党员); null when they are not one.",
    **connection("Resident", "residents"),
    "ResidentFilter": "Conditions on residents; all given ones must hold.",
    "ResidentFilter.tag": "Only residents with this tag.",
    "ResidentFilter.partyMemberKind": "Only party members of this kind.",
    "ResidentFilter.minAge": (
        "At least this old, 0 to 150: by exact age where the viewer sees birth dates, else by "
        "the age reached this year."
    ),
    "ResidentFilter.maxAge": "At most this old, 0 to 150, compared as `minAge`.",
    "ResidentFilter.includeInactive": (
        "Also deactivated residents and the members of deactivated households."
    ),
    "Query.residentsCsv(filter)": "As the `residents` list's filter.",
    "Mutation.createResident": (
        "Registers a resident in a household (BUILDING_LEADER and up at its building). Each "
        "ID-card number given counts against the account's 30,000 a day (then RATE_LIMITED)."
    ),
    "Mutation.createResident(input)": "The new resident.",
    "CreateResidentInput": "A new resident: `name` and `householdId` are required.",
    "CreateResidentInput.name": NAME,
    "CreateResidentInput.gender": "Gender (性别).",
    "CreateResidentInput.birthDate": BIRTH_DATE,
    "CreateResidentInput.idNumber": ID_NUMBER,
    "CreateResidentInput.householdId": "The household (住户) they belong to.",
    "Mutation.updateResident": (
        "Changes a resident's record (BUILDING_LEADER and up at their building); an ID-card "
        "number given counts as in `createResident`."
    ),
    "Mutation.updateResident(id)": "The resident.",
    "Mutation.updateResident(input)": "What changes; null fields stay as they are.",
    "ResidentInput": "Changes to a resident; a null field stays as it is.",
    "ResidentInput.name": NAME,
    "ResidentInput.gender": "Gender (性别).",
    "ResidentInput.birthDate": (
        f"{BIRTH_DATE} A viewer who sees the number masked must give the number with it."
    ),
    "ResidentInput.idNumber": ID_NUMBER,
    "Mutation.moveResident": "Moves a resident to another household, both in the viewer's care.",
    "Mutation.moveResident(id)": "The resident.",
    "Mutation.moveResident(householdId)": "The household they move to.",
    "Mutation.linkResidentAccount(id)": "The resident.",
    "Mutation.linkResidentAccount(userId)": "The account to tie to them.",
    "Mutation.unlinkResidentAccount(id)": "The resident.",
    "Mutation.deactivateResident(id)": "The resident.",
    **payload("ResidentPayload", "resident", "the resident as it is now", "the resident mutations"),
    # ------------------------------------------------------------------ households
    "Household": (
        "A household (住户/家庭): a dwelling in a building and its members, possibly looked "
        "after by a party-member central household (党员中心户) of the same grid."
    ),
    **node_id("Household", "household"),
    "Household.active": "False once deactivated: its members are hidden with it.",
    "Household.building": "The building (楼栋) it is in.",
    "Household.members": "Its active members whose records the viewer reads, in id order.",
    **connection("Household", "households"),
    "Mutation.createHousehold": (
        "Creates a household in a building (BUILDING_LEADER and up there); a number the "
        "building has already is CONFLICT."
    ),
    "Mutation.createHousehold(input)": "The new household.",
    "CreateHouseholdInput": "A new household.",
    "CreateHouseholdInput.buildingId": "The building (an OrgNode of level BUILDING).",
    "CreateHouseholdInput.number": (
        "Unit and room, e.g. 2-301: unique in the building, 1 to 32 characters."
    ),
    "CreateHouseholdInput.centralHouseholdId": (
        "The central household (党员中心户) that looks after it, in the building's grid."
    ),
    "Mutation.updateHousehold": "Renumbers a household or changes its central household.",
    "Mutation.updateHousehold(id)": "The household.",
    "Mutation.updateHousehold(input)": "What changes.",
    "UpdateHouseholdInput": "Changes to a household; a null field stays as it is.",
    "UpdateHouseholdInput.number": "The new number: unique in the building, 1 to 32 characters.",
    "UpdateHouseholdInput.centralHouseholdId": (
        "Link it to this central household (in the building's grid)."
    ),
    "UpdateHouseholdInput.unlinkCentralHousehold": (
        "True: no central household looks after it any more (wins over `centralHouseholdId`)."
    ),
    "Mutation.deactivateHousehold(id)": "The household.",
    **payload(
        "HouseholdPayload", "household", "the household as it is now", "the household mutations"
    ),
    # ------------------------------------------------------------------ spreadsheets
    "Mutation.importResidents(nodeId)": (
        "A building, or a grid (then each row names its building in the `building` column)."
    ),
    "Mutation.importResidents(file)": (
        f"A CSV (UTF-8 or GBK) or XLSX file of at most 20 MB and {MAX_ROWS:,} rows, as a "
        "multipart upload; columns as in the README (楼栋, 户号, 姓名, 身份证号 ...)."
    ),
    "ImportResidentsPayload": (
        "What `importResidents` answers: the report, plus an INVALID error when any row is bad."
    ),
    "ImportResidentsPayload.report": "What the file held and did; null when it could not be read.",
    "ImportResidentsPayload.errors": ERRORS,
    "ImportReport": "What an import did; with any bad row, nothing was written.",
    "ImportReport.rows": "Rows read below the header, empty ones left out.",
    "ImportReport.created": "Residents created.",
    "ImportReport.updated": "Residents whose record or tags changed.",
    "ImportReport.unchanged": "Residents already as the file says.",
    "ImportReport.householdsCreated": "Households created for numbers their building lacked.",
    "ImportReport.rowErrors": "Every bad row, by line; when any, nothing was imported.",
    "ImportRowError.row": "The line in the file; the header is line 1.",
    "ImportRowError.column": (
        "The column at fault by its import name (`id_number`, `birth_date` ...); null for the row."
    ),
}
