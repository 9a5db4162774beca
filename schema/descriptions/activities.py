"""Volunteer activities (志愿活动): stairwell cleaning, fire checks, visiting elders; sign-ups
(报名), check-in (签到) and check-out (签退), hours and points."""

from schema.descriptions.shared import DATE_TIME, IN_NODE, connection, node_id, payload

ACTIVITY_ID = (
    "The activity; one the viewer cannot read is NOT_FOUND (BUILDING_LEADER and up in its "
    "subtree run it)."
)
SIGN_UP_ID = "The sign-up; one the viewer cannot read is NOT_FOUND."
QR_TOKEN = (
    "The token of the activity's QR code (活动二维码), as `Activity.qrToken` gives it to the "
    "organiser; an unknown or retired one, or one of an activity the caller cannot read, is "
    "INVALID."
)
WINDOW = (
    "Check-in opens 30 minutes before the start and closes at the end; check-out closes an hour "
    "after the end; outside: INVALID."
)

DESCRIPTIONS: dict[str, str] = {
    "Query.activities": (
        "Volunteer activities (志愿活动) the viewer reads: staff and volunteers those in their "
        "subtree, in every status; residents the published ones at their building and the nodes "
        "above it (grid, community, street). Default order: latest start first."
    ),
    "Query.activity": (
        "An activity by id, or null when it is missing or outside what the viewer reads."
    ),
    "Query.activitySignUps": (
        "Sign-ups and attendance (报名与签到记录): all of the activities in the viewer's "
        "activity scope (staff, volunteers), and the viewer's own (a resident's account)."
    ),
    **connection("Activity", "activities"),
    **connection("ActivitySignUp", "sign-ups"),
    "Activity": (
        "A volunteer activity (志愿活动) at a node, run by a leader and perhaps a volunteer team "
        "(志愿服务队): residents below the node sign up, check in and out, and earn its rule's "
        "points (志愿积分)."
    ),
    **node_id("Activity", "activity"),
    "Activity.title": "What it is, e.g. 楼道清洁 (stairwell cleaning), 消防检查, 走访独居老人.",
    "Activity.description": "Details for the volunteers; may be empty.",
    "Activity.place": "Where to meet (集合地点).",
    "Activity.startsAt": f"When it starts {DATE_TIME}.",
    "Activity.endsAt": f"When it ends {DATE_TIME}.",
    "Activity.capacity": "Places (名额): at most this many active sign-ups.",
    "Activity.signedUp": "Active sign-ups (signed up, checked in or checked out).",
    "Activity.status": "Where it stands: planned, open for sign-up, closed, cancelled.",
    "Activity.createdAt": f"When it was created {DATE_TIME}.",
    "Activity.placesLeft": "Places still free.",
    "Activity.checkInOpensAt": (
        f"The earliest check-in (签到), 30 minutes before the start {DATE_TIME}."
    ),
    "Activity.checkOutClosesAt": f"The latest check-out (签退), an hour after the end {DATE_TIME}.",
    "Activity.node": "The node it is at; the residents living below it may sign up.",
    "Activity.points": "Points (志愿积分) a check-out earns by its rule, within the rule's caps.",
    "Activity.ruleCode": "The code of the community's points rule (积分条款) it earns by.",
    "Activity.team": "The volunteer team (志愿服务队) running it; null when none or unreadable.",
    "Activity.organiser": "The leader who created and runs it.",
    "Activity.qrToken": (
        "The token to print in its QR code (活动二维码), for residents to check themselves in "
        "and out; null unless the viewer runs the activity. rotateActivityQrToken retires it."
    ),
    "Activity.mySignUp": "The viewer's own sign-up (a resident's account), or null.",
    "ActivityStatus": "Where an activity stands (活动状态).",
    "ActivityStatus.PLANNED": "Being prepared (筹备中): staff only, residents do not see it.",
    "ActivityStatus.OPEN": "Published, open for sign-up (报名中).",
    "ActivityStatus.CLOSED": "Published, sign-up closed (报名截止); check-in goes on.",
    "ActivityStatus.CANCELLED": "Cancelled (已取消): no check-in; its sign-ups stay on record.",
    "ActivitySignUp": (
        "One resident's sign-up (报名) for an activity and their attendance: check-in (签到), "
        "check-out (签退), hours served and points credited."
    ),
    **node_id("ActivitySignUp", "sign-up"),
    "ActivitySignUp.status": "Signed up, checked in, checked out or cancelled.",
    "ActivitySignUp.createdAt": f"When they first signed up {DATE_TIME}.",
    "ActivitySignUp.checkedInAt": f"Check-in (签到) {DATE_TIME}; null before.",
    "ActivitySignUp.checkInMethod": "How they were checked in; null before.",
    "ActivitySignUp.checkedOutAt": f"Check-out (签退) {DATE_TIME}; null before.",
    "ActivitySignUp.checkOutMethod": "How they were checked out; null before.",
    "ActivitySignUp.minutes": (
        "Minutes served inside the activity's window (服务时长), recorded on check-out."
    ),
    "ActivitySignUp.points": (
        "Points credited on check-out: the rule's, cut to what its weekly and monthly caps "
        "still allowed (0 when nothing was left); null before check-out."
    ),
    "ActivitySignUp.hours": "`minutes` in hours, two decimals; null before check-out.",
    "ActivitySignUp.activity": "The activity.",
    "ActivitySignUp.resident": "The resident; null when the viewer may not read their record.",
    "SignUpStatus": "Where a sign-up stands.",
    "SignUpStatus.SIGNED_UP": "Signed up (已报名); holds a place.",
    "SignUpStatus.CHECKED_IN": "Checked in (已签到).",
    "SignUpStatus.CHECKED_OUT": "Checked out (已签退): hours recorded, points credited.",
    "SignUpStatus.CANCELLED": "Cancelled (已取消报名); the place is free again.",
    "AttendanceMethod": "How a check-in or check-out was recorded.",
    "AttendanceMethod.STAFF": "By the organiser, a volunteer or staff in scope (工作人员登记).",
    "AttendanceMethod.QR": "By the resident scanning the activity's QR code (扫码).",
    "ActivityFilter": "Which activities (志愿活动) a list holds; conditions AND.",
    "ActivityFilter.nodeId": IN_NODE,
    "ActivityFilter.status": "Only these statuses.",
    "ActivityFilter.teamId": "Only those of this volunteer team.",
    "ActivityFilter.startsAfter": f"Only those starting at or after this {DATE_TIME}.",
    "ActivityFilter.startsBefore": f"Only those starting before this {DATE_TIME}.",
    "ActivityFilter.upcoming": "true: not ended yet; false: ended.",
    "ActivityFilter.search": "Title contains.",
    "ActivityOrder": "The order of `activities`; every order pages by keyset cursors.",
    "ActivityOrder.STARTS_ASC": "The earliest start (开始时间) first.",
    "ActivityOrder.STARTS_DESC": "The latest start first.",
    "ActivityOrder.CREATED_DESC": "The newest first.",
    "ActivityOrder.ID": "By id, in the order the activities were created.",
    "ActivitySignUpFilter": "Which sign-ups a list holds; conditions AND.",
    "ActivitySignUpFilter.activityId": (
        "Only this activity's; one the viewer cannot read is NOT_FOUND."
    ),
    "ActivitySignUpFilter.residentId": "Only this resident's.",
    "ActivitySignUpFilter.nodeId": (
        "Only those of activities in this node's subtree; a node the viewer cannot read is "
        "NOT_FOUND."
    ),
    "ActivitySignUpFilter.status": "Only these statuses.",
    "ActivitySignUpFilter.mine": "true: only the viewer's own (a resident's account).",
    "ActivitySignUpOrder": "The order of `activitySignUps`; every order pages by keyset cursors.",
    "ActivitySignUpOrder.CREATED_ASC": "In the order they signed up (报名先后).",
    "ActivitySignUpOrder.CREATED_DESC": "The latest sign-up first.",
    "ActivitySignUpOrder.ID": "By id.",
    "Mutation.createActivity": (
        "Plan a volunteer activity (志愿活动) at a node: BUILDING_LEADER and up in their "
        "subtree. It starts PLANNED (staff only); openActivity publishes it."
    ),
    "Mutation.createActivity(input)": "The activity.",
    "Mutation.updateActivity": (
        "Change its details, until someone has checked in (CONFLICT after); capacity never "
        "below the sign-ups so far."
    ),
    "Mutation.updateActivity(id)": ACTIVITY_ID,
    "Mutation.updateActivity(input)": "The fields to change; those left out stay.",
    "Mutation.openActivity": (
        "Publish it to the residents below its node and open sign-up (报名中), or reopen it; "
        "not once it has ended."
    ),
    "Mutation.openActivity(id)": ACTIVITY_ID,
    "Mutation.closeActivity": "Close sign-up (报名截止); check-in and check-out go on.",
    "Mutation.closeActivity(id)": ACTIVITY_ID,
    "Mutation.cancelActivity": "Cancel it (已取消), unless someone has checked in already.",
    "Mutation.cancelActivity(id)": ACTIVITY_ID,
    "Mutation.rotateActivityQrToken": "A new QR code for it; the old one stops working at once.",
    "Mutation.rotateActivityQrToken(id)": ACTIVITY_ID,
    "Mutation.signUpForActivity": (
        "Sign up (报名) for an open activity: a resident their own self, staff (BUILDING_LEADER "
        "and up) a resident of their scope. Once per person (CONFLICT), never past capacity "
        "(CONFLICT), only residents living below the activity's node (INVALID)."
    ),
    "Mutation.signUpForActivity(activityId)": ACTIVITY_ID,
    "Mutation.signUpForActivity(residentId)": (
        "The resident to sign up; null: the caller's own (their account's resident)."
    ),
    "Mutation.cancelActivitySignUp": (
        "Give the place back, before checking in: the resident or staff in scope."
    ),
    "Mutation.cancelActivitySignUp(id)": SIGN_UP_ID,
    "Mutation.checkInToActivity": (
        "Check a signed-up resident in (签到): volunteers, the organiser and staff in scope, "
        f"never for themselves; once (CONFLICT). {WINDOW}"
    ),
    "Mutation.checkInToActivity(id)": SIGN_UP_ID,
    "Mutation.checkOutOfActivity": (
        "Check a resident out (签退): the organiser and staff in scope (BUILDING_LEADER and up), "
        "never for themselves. Records the minutes served and credits the rule's points in the "
        f"same transaction (within its caps); once (CONFLICT). {WINDOW}"
    ),
    "Mutation.checkOutOfActivity(id)": SIGN_UP_ID,
    "Mutation.checkInByActivityQr": (
        "A resident checks themselves in (扫码签到) by scanning the activity's QR code; they "
        f"must have signed up. {WINDOW}"
    ),
    "Mutation.checkInByActivityQr(token)": QR_TOKEN,
    "Mutation.checkOutByActivityQr": (
        "A resident checks themselves out (扫码签退) by the QR code: minutes and points as "
        f"checkOutOfActivity. {WINDOW}"
    ),
    "Mutation.checkOutByActivityQr(token)": QR_TOKEN,
    **payload(
        "ActivityPayload",
        "activity",
        "the activity as it is now",
        "the mutations that plan and run activities",
    ),
    **payload(
        "ActivitySignUpPayload",
        "signUp",
        "the sign-up as it is now",
        "sign-up, check-in and check-out",
    ),
    "CreateActivityInput": "A new volunteer activity.",
    "CreateActivityInput.nodeId": (
        "Where (a street, community, grid or building); a node the viewer cannot read is NOT_FOUND."
    ),
    "CreateActivityInput.title": "What it is, at most 100 characters.",
    "CreateActivityInput.place": "Where to meet, at most 200 characters.",
    "CreateActivityInput.startsAt": f"Start {DATE_TIME}.",
    "CreateActivityInput.endsAt": f"End {DATE_TIME}: after the start, at most 7 days later.",
    "CreateActivityInput.capacity": "Places (名额), 1 to 10,000.",
    "CreateActivityInput.ruleId": (
        "A current volunteer-points rule (积分条款) of the node's community (at a street: of "
        "the street); any other is INVALID."
    ),
    "CreateActivityInput.description": "Details, at most 2,000 characters.",
    "CreateActivityInput.teamId": "The volunteer team running it, of the node's community.",
    "UpdateActivityInput": "The details to change.",
    "UpdateActivityInput.title": "What it is, at most 100 characters.",
    "UpdateActivityInput.description": "Details, at most 2,000 characters.",
    "UpdateActivityInput.place": "Where to meet, at most 200 characters.",
    "UpdateActivityInput.startsAt": f"Start {DATE_TIME}.",
    "UpdateActivityInput.endsAt": f"End {DATE_TIME}.",
    "UpdateActivityInput.capacity": "Places, 1 to 10,000 and at least the sign-ups so far.",
    "UpdateActivityInput.ruleId": "A current volunteer-points rule of the node's community.",
    "UpdateActivityInput.teamId": "The volunteer team running it, of the node's community.",
}
