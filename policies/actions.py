"""The only action strings allowed: `<resource>.<verb>`, as in policy.csv."""

from enum import StrEnum

from models import Role
from models.workflows.cases import Step


class Action(StrEnum):
    ORG_READ = "org.read"
    ORG_CREATE = "org.create"
    ORG_UPDATE = "org.update"
    PERSON_READ = "person.read"
    # A central household reads the households linked to it (not its node's subtree).
    PERSON_READ_LINKED = "person.read_linked"
    # A resident reads their own household.
    PERSON_READ_OWN = "person.read_own"
    PERSON_WRITE = "person.write"
    PERSON_SEE_PHONE = "person.see_phone"
    PERSON_SEE_ID_NUMBER = "person.see_id_number"
    TEAM_WRITE = "team.write"
    CASE_READ = "case.read"
    # Volunteers: cases waiting to be claimed in their scope.
    CASE_READ_OPEN = "case.read_open"
    CASE_READ_DISPUTE = "case.read_dispute"
    CASE_SUBMIT = "case.submit"
    CASE_ACCEPT = "case.accept"
    CASE_REJECT = "case.reject"
    CASE_ASSIGN = "case.assign"
    CASE_CLAIM = "case.claim"
    # Staff add photos to cases they read (the reporter and the assignee always may).
    CASE_ATTACH = "case.attach"
    CASE_VERIFY = "case.verify"
    # Community rules: categories, deadlines, duty points.
    CASE_CONFIGURE = "case.configure"
    QR_ROTATE = "qr.rotate"
    USER_READ = "user.read"
    USER_CREATE = "user.create"
    GRANT_SYSTEM_ADMIN = "grant.system_admin"
    GRANT_STREET_ADMIN = "grant.street_admin"
    GRANT_COMMUNITY_ADMIN = "grant.community_admin"
    GRANT_GRID_LEADER = "grant.grid_leader"
    GRANT_BUILDING_LEADER = "grant.building_leader"
    GRANT_CENTRAL_HOUSEHOLD = "grant.central_household"
    GRANT_VOLUNTEER = "grant.volunteer"
    GRANT_RESIDENT = "grant.resident"
    GRANT_AUDITOR = "grant.auditor"
    # Volunteer activities (志愿活动): staff read them in their subtree, residents those at
    # their building and above (published only); leaders create and run them.
    ACTIVITY_READ = "activity.read"
    ACTIVITY_READ_ABOVE = "activity.read_above"
    ACTIVITY_MANAGE = "activity.manage"
    # Check a signed-up resident in (not out: check-out credits points).
    ACTIVITY_CHECK_IN = "activity.check_in"
    # Sign oneself up (checked at one's own building), or others (at theirs).
    ACTIVITY_SIGN_UP = "activity.sign_up"
    ACTIVITY_ENROL = "activity.enrol"
    # The audit trail (审计日志) of changes at nodes in scope.
    AUDIT_READ = "audit.read"
    # Evaluations (评选): staff read everything of campaigns at nodes in scope.
    EVALUATION_READ = "evaluation.read"
    # Published shortlists (公示) and awards of campaigns whose area holds the grant node.
    EVALUATION_READ_PUBLISHED = "evaluation.read_published"
    # Create and run campaigns (criteria, candidates, reviewers, stages, objections' answers).
    EVALUATION_MANAGE = "evaluation.manage"
    # File an objection (异议) to a published shortlist whose area holds the grant node.
    EVALUATION_OBJECT = "evaluation.object"
    # Redemption (兑换): a community's catalogue, window and dividends, read from a grant in,
    # at or above the community (residents and building staff see their own community's).
    REDEMPTION_BROWSE = "redemption.browse"
    # Redemptions and dividend lines in scope (by the resident's building).
    REDEMPTION_READ = "redemption.read"
    # A resident: their own redemptions and their household's dividend lines.
    REDEMPTION_READ_OWN = "redemption.read_own"
    # Staff at the counter redeem for a resident of a building in scope.
    REDEMPTION_REDEEM = "redemption.redeem"
    # A resident redeems their own points.
    REDEMPTION_REDEEM_OWN = "redemption.redeem_own"
    # Cancel a redemption: points and stock back (never one's own, policies.authorizer).
    REDEMPTION_CANCEL = "redemption.cancel"
    # The catalogue, its stock and the yearly window.
    REDEMPTION_CONFIGURE = "redemption.configure"
    # Share a cooperative's income by points (按合作社收入进行分红).
    DIVIDEND_DISTRIBUTE = "dividend.distribute"
    # Points (积分制): the ledger's entries, balances and rankings at nodes in scope.
    POINTS_READ = "points.read"
    # Volunteer points for residents of the subtree, by their community's rules.
    POINTS_RECORD = "points.record"
    # Duty points (履职积分) for cadres, by a duty rule of the community.
    POINTS_RECORD_DUTY = "points.record_duty"
    # Reverse an entry (更正).
    POINTS_CORRECT = "points.correct"
    # A community's rules (积分条款); at a street, the defaults its communities copy.
    POINTS_CONFIGURE = "points.configure"
    # Publish a quarterly notice (积分公示) at a node.
    POINTS_PUBLISH = "points.publish"
    # Topics (议题, issue 13): those raised at buildings in scope, wherever they are held now.
    TOPIC_READ = "topic.read"
    # Raise a topic at a building in scope (staff), or at one's own building (a resident).
    TOPIC_RAISE = "topic.raise"
    TOPIC_RAISE_OWN = "topic.raise_own"
    # Support (附议) a topic of one's own building, once; follow (关注) a topic one reads.
    TOPIC_SUPPORT = "topic.support"
    TOPIC_FOLLOW = "topic.follow"
    # Escalate (上报) a topic held at a node in scope one level up.
    TOPIC_ESCALATE = "topic.escalate"
    # Decide (决事) a topic held at a community in scope: adopt, decline, merge.
    TOPIC_DECIDE = "topic.decide"
    # A community's supporter thresholds for the automatic climb.
    TOPIC_CONFIGURE = "topic.configure"
    # Notices (公告, 公示), issue 13: staff read every notice at nodes in scope (scheduled,
    # expired, withdrawn), and the current ones at the nodes above.
    NOTICE_READ = "notice.read"
    # Current notices at the grant node and the nodes above it (a resident: their building,
    # grid, community and street).
    NOTICE_READ_ABOVE = "notice.read_above"
    # Post, change (while scheduled) and withdraw notices at nodes in scope.
    NOTICE_WRITE = "notice.write"
    # Meetings (议事会, issue 13): staff read meetings, their attendees, resolutions and votes
    # at nodes in scope; residents read the meetings of their building (tallies, not who voted
    # what). BUILDING_LEADER and up convene and run meetings at nodes in scope (a building
    # leader: their building's); attendees with an account cast their own vote.
    MEETING_READ = "meeting.read"
    MEETING_READ_BUILDING = "meeting.read_building"
    MEETING_CONVENE = "meeting.convene"
    MEETING_VOTE = "meeting.vote"
    # Conventions (楼栋公约): staff read every version (drafts too) in scope and draft new ones;
    # residents read the adopted versions of their building.
    CONVENTION_READ = "convention.read"
    CONVENTION_READ_BUILDING = "convention.read_building"
    CONVENTION_DRAFT = "convention.draft"
    # Service items (服务事项): read where a community meets the grant node (its residents and
    # staff, and staff above it); the community's admins suspend, resume and retire them.
    SERVICE_ITEM_READ = "service_item.read"
    SERVICE_ITEM_MANAGE = "service_item.manage"
    # Figures (统计, issue 14): rolled-up counts of a node in scope and of its children; each
    # group of figures also needs the read action of what it counts (policies/stats.py).
    STATS_READ = "stats.read"
    # Elder care (独居老人关爱, issue 14): staff read the devices of elders at buildings in scope
    # and register, rotate and retire them.
    DEVICE_READ = "device.read"
    DEVICE_MANAGE = "device.manage"
    # Alerts (告警) are routed to the building's stewards and the grid: they read and handle
    # every alert in scope. The community (and above) reads and handles only escalated ones.
    ALERT_READ = "alert.read"
    ALERT_HANDLE = "alert.handle"
    ALERT_READ_ESCALATED = "alert.read_escalated"
    ALERT_HANDLE_ESCALATED = "alert.handle_escalated"
    # Access review (issue 15): explain a user's access to an object in scope, and review who
    # holds which grants at nodes in scope (street admins, auditors; system admins all).
    ACCESS_EXPLAIN = "access.explain"
    ACCESS_REVIEW = "access.review"

    @property
    def resource(self) -> str:
        return self.value.split(".", 1)[0]

    @property
    def verb(self) -> str:
        return self.value.split(".", 1)[1]

    @classmethod
    def grant(cls, role: Role) -> "Action":
        """The action that granting (or revoking) `role` needs."""
        return cls(f"grant.{role.value.lower()}")


# Actions that change nothing: an allowed decision on any other is what authorised a
# mutation (its grant goes into the audit record, `policies.authorizer.authorising_grant`).
READS = frozenset(
    {
        Action.ORG_READ,
        Action.PERSON_READ,
        Action.PERSON_READ_LINKED,
        Action.PERSON_READ_OWN,
        Action.PERSON_SEE_PHONE,
        Action.PERSON_SEE_ID_NUMBER,
        Action.CASE_READ,
        Action.CASE_READ_OPEN,
        Action.CASE_READ_DISPUTE,
        Action.USER_READ,
        Action.AUDIT_READ,
        Action.ACTIVITY_READ,
        Action.ACTIVITY_READ_ABOVE,
        Action.EVALUATION_READ,
        Action.EVALUATION_READ_PUBLISHED,
        Action.REDEMPTION_BROWSE,
        Action.REDEMPTION_READ,
        Action.REDEMPTION_READ_OWN,
        Action.POINTS_READ,
        # Topics (议题, issue 13)
        Action.TOPIC_READ,
        # notices (issue 13)
        Action.NOTICE_READ,
        Action.NOTICE_READ_ABOVE,
        # meetings (issue 13)
        Action.MEETING_READ,
        Action.MEETING_READ_BUILDING,
        Action.CONVENTION_READ,
        Action.CONVENTION_READ_BUILDING,
        Action.SERVICE_ITEM_READ,
        # figures (issue 14)
        Action.STATS_READ,
        # elder care (issue 14)
        Action.DEVICE_READ,
        Action.ALERT_READ,
        Action.ALERT_READ_ESCALATED,
        # access review (issue 15)
        Action.ACCESS_EXPLAIN,
        Action.ACCESS_REVIEW,
    }
)

# The action each step of the case workflow needs at the case's node. The other steps belong
# to a person, not a scope: the assignee resolves, the reporter rates (policies/rules.py).
STEP_ACTION: dict[Step, Action] = {
    Step.ACCEPT: Action.CASE_ACCEPT,
    Step.REJECT: Action.CASE_REJECT,
    Step.ASSIGN: Action.CASE_ASSIGN,
    Step.CLAIM: Action.CASE_CLAIM,
    Step.VERIFY: Action.CASE_VERIFY,
}
PERSONAL_STEPS = frozenset({Step.RESOLVE, Step.RATE, Step.REOPEN})
