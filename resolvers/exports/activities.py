"""GET /exports/activity-attendance.csv|.xlsx?activityId=...: an activity's sign-ups and
attendance (报名签到表), from the same scoped query as `activitySignUps`; names only where the
viewer may read the resident (as `ActivitySignUp.resident`)."""

import models
from models.workflows.points import LOCAL_TZ
from resolvers.activities.reading import ACTIVITIES, SignUpFilter, filtered_sign_ups
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row, local_minute

COLUMNS = (
    Column("姓名", "name", width=12),
    Column("状态", "status", width=10),
    Column("报名时间", "signed_up_at", width=18),
    Column("签到时间", "checked_in_at", width=18),
    Column("签退时间", "checked_out_at", width=18),
    Column("时长(小时)", "hours", width=10),
    Column("积分", "points", width=8),
)
STATUS_LABELS = {
    models.SignUpStatus.SIGNED_UP: "已报名",
    models.SignUpStatus.CHECKED_IN: "已签到",
    models.SignUpStatus.CHECKED_OUT: "已签退",
    models.SignUpStatus.CANCELLED: "已取消",
}


async def attendance_export(ctx: Context, params: Params, fmt: Format) -> Download:
    activity_id = params.global_id("activityId", "Activity")
    lang = params.lang()
    params.done()
    if activity_id is None:
        raise Invalid("export.activity_required", field="activityId")
    query = await filtered_sign_ups(ctx, SignUpFilter(activity_id=activity_id))  # NOT_FOUND
    activity = await ACTIVITIES.require(ctx, activity_id, "activityId")

    async def rows_of(page: list[models.ActivitySignUp]) -> list[Row]:
        people = await ctx.loaders.resident_by_id.load_many([row.resident_id for row in page])
        return [
            [
                person.name if person is not None else "",
                lang.label(STATUS_LABELS, row.status),
                local_minute(row.created_at),
                local_minute(row.checked_in_at),
                local_minute(row.checked_out_at),
                "" if row.minutes is None else f"{row.minutes / 60:.2f}",
                "" if row.points is None else str(row.points),
            ]
            for row, person in zip(page, people, strict=True)
        ]

    day = activity.starts_at.astimezone(LOCAL_TZ).strftime("%Y%m%d")
    sheet = Sheet(
        columns=COLUMNS,
        name=f"签到表-{activity.title}-{day}",
        fallback_name=f"attendance-{activity.id}-{day}",
        title=lang.pick("签到表", "attendance"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
