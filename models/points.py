"""The points system (积分制): each community's rules (积分条款) and one ledger for residents'
volunteer points and cadres' duty points (履职积分).

"一事一记录、一周一统计、一月一评比、一季一公示、一年一兑换": every deed is one entry; totals,
rankings, notices and redemptions are computed from the entries.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.fields.base import RESTRICT
from tortoise.models import Model

from models.base import IdMixin, fk, nullable_fk

if TYPE_CHECKING:
    from models.cases import Case
    from models.org import OrgNode
    from models.people import Household, Resident
    from models.users import User


class PointKind(StrEnum):
    VOLUNTEER = "VOLUNTEER"  # 志愿积分: residents (and through them their households)
    DUTY = "DUTY"  # 履职积分: cadres, by user account


class PointSource(StrEnum):
    ACTIVITY = "ACTIVITY"  # checked out of a volunteer activity
    CASE = "CASE"  # a case the owner handled was verified
    MANUAL = "MANUAL"  # recorded by hand by a leader, by a rule, with a reason
    CORRECTION = "CORRECTION"  # reverses exactly one earlier entry
    REDEMPTION = "REDEMPTION"  # spent on goods of the community's catalogue (兑换)
    DIVIDEND = "DIVIDEND"  # a cooperative's income shared by points (按合作社收入进行分红)


class RuleCategory(StrEnum):
    VOLUNTEERING = "VOLUNTEERING"  # 志愿服务
    NEIGHBOURLINESS = "NEIGHBOURLINESS"  # 邻里互助
    ENVIRONMENT = "ENVIRONMENT"  # 环境卫生
    SAFETY = "SAFETY"  # 平安建设
    CIVILITY = "CIVILITY"  # 文明新风
    DUTY = "DUTY"  # 干部履职


RULE_CATEGORY_LABELS: dict[RuleCategory, str] = {
    RuleCategory.VOLUNTEERING: "志愿服务",
    RuleCategory.NEIGHBOURLINESS: "邻里互助",
    RuleCategory.ENVIRONMENT: "环境卫生",
    RuleCategory.SAFETY: "平安建设",
    RuleCategory.CIVILITY: "文明新风",
    RuleCategory.DUTY: "干部履职",
}
POINT_SOURCE_LABELS: dict[PointSource, str] = {
    PointSource.ACTIVITY: "志愿活动",
    PointSource.CASE: "诉求办理",
    PointSource.MANUAL: "手工记录",
    PointSource.CORRECTION: "更正",
    PointSource.REDEMPTION: "兑换",
    PointSource.DIVIDEND: "分红",
}


class PointRule(IdMixin, Model):
    """One version of a rule (积分条款) of a community, or a default a street publishes for its
    communities to copy. Editing a rule adds a version and retires the last (`current`
    false), and entries keep the version they used."""

    node: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "point_rules", RESTRICT)
    node_id: int
    code = fields.CharField(max_length=32)
    version = fields.IntField(default=1)
    kind = fields.CharEnumField(PointKind, max_length=16, default=PointKind.VOLUNTEER)
    category = fields.CharEnumField(RuleCategory, max_length=24)
    description = fields.CharField(max_length=200)
    points = fields.IntField()
    # False: an entry by the rule gives exactly `points`. True: the recorder gives 1 to `points`
    # (a deed whose worth varies: hours of service, size of the help).
    variable = fields.BooleanField(default=False)
    # The most one person may earn by this rule in a week / a calendar month (None: no cap).
    cap_per_week = fields.IntField(null=True)
    cap_per_month = fields.IntField(null=True)
    current = fields.BooleanField(default=True)
    copied_from: fields.ForeignKeyNullableRelation["PointRule"] = nullable_fk("PointRule", "copies")
    copied_from_id: int | None
    created_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "point_rules")
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "point_rule"
        unique_together = (("node", "code", "version"),)


class PointEntry(IdMixin, Model):
    """The ledger (积分台账). Entries are never edited or deleted (on PostgreSQL a trigger refuses
    it, and only the copied `node_path` follows a moved subtree): a correction is a new entry that
    reverses one earlier entry. Balances and period totals are sums over it."""

    kind = fields.CharEnumField(PointKind, max_length=16)
    # VOLUNTEER entries belong to a resident (and the household they lived in then); DUTY
    # entries to a user.
    resident: fields.ForeignKeyNullableRelation["Resident"] = nullable_fk(
        "Resident", "point_entries", RESTRICT
    )
    resident_id: int | None
    household: fields.ForeignKeyNullableRelation["Household"] = nullable_fk(
        "Household", "point_entries", RESTRICT
    )
    household_id: int | None
    user: fields.ForeignKeyNullableRelation["User"] = nullable_fk("User", "point_entries", RESTRICT)
    user_id: int | None
    # Where it was earned (the resident's building, the case's node): the scope of the entry.
    node: fields.ForeignKeyRelation["OrgNode"] = fk("OrgNode", "point_entries", RESTRICT)
    node_id: int
    node_path = fields.CharField(max_length=255, default="", db_default="")
    amount = fields.IntField()
    rule: fields.ForeignKeyNullableRelation[PointRule] = nullable_fk(
        "PointRule", "entries", RESTRICT
    )
    rule_id: int | None
    reason = fields.CharField(max_length=200)
    source = fields.CharEnumField(PointSource, max_length=16)
    # The activity, redemption or dividend the entry came from (by source); cases have `case`.
    source_id = fields.IntField(null=True)
    case: fields.ForeignKeyNullableRelation["Case"] = nullable_fk("Case", "point_entries", RESTRICT)
    case_id: int | None
    # A correction names the one entry it reverses; the unique index lets it happen once.
    reverses: fields.OneToOneNullableRelation["PointEntry"] = fields.OneToOneField(
        "models.PointEntry",
        related_name="reversed_by",
        null=True,
        on_delete=RESTRICT,
    )
    reverses_id: int | None
    recorded_by: fields.ForeignKeyNullableRelation["User"] = nullable_fk(
        "User", "points_recorded", RESTRICT
    )
    recorded_by_id: int | None
    at = fields.DatetimeField()

    class Meta:
        table = "point_entry"
