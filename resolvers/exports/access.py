"""GET /exports/access-review.csv|.xlsx?nodeId=&role=&unused=&siblingSubtrees=: the access
review (权限审查) of a node, from the same scoped query as `accessReview`."""

import models
from resolvers.access.review import Position, ReviewFilter, review_query
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row, local_minute

COLUMNS = (
    Column("用户名", "username", width=16),
    Column("姓名", "display_name", width=12),
    Column("角色", "role", width=18),
    Column("节点", "node", width=20),
    Column("位置", "position", width=6),
    Column("授权时间", "granted_at", width=18),
    Column("授权人", "granted_by", width=16),
    Column("最近使用", "last_used_at", width=18),
    Column("90天未使用", "unused", width=8),
    Column("跨平级子树", "sibling_subtrees", width=8),
)
ROLE_LABELS = {
    models.Role.SYSTEM_ADMIN: "系统管理员",
    models.Role.STREET_ADMIN: "街道管理员",
    models.Role.COMMUNITY_ADMIN: "社区管理员",
    models.Role.GRID_LEADER: "网格长",
    models.Role.BUILDING_LEADER: "楼栋长",
    models.Role.CENTRAL_HOUSEHOLD: "党员中心户",
    models.Role.VOLUNTEER: "志愿者",
    models.Role.RESIDENT: "居民",
    models.Role.AUDITOR: "审计员",
}
POSITION_LABELS = {Position.AT: "本级", Position.ABOVE: "上级", Position.BELOW: "下级"}


async def access_review_export(ctx: Context, params: Params, fmt: Format) -> Download:
    node_id = params.global_id("nodeId", "OrgNode")
    role = params.choice("role", models.Role)
    unused = params.boolean("unused")
    siblings = params.boolean("siblingSubtrees")
    lang = params.lang()
    params.done()
    if node_id is None:
        raise Invalid("export.needs_node", field="nodeId")
    where = ReviewFilter(roles=[role] if role else None, unused=unused, sibling_subtrees=siblings)
    query, facts = await review_query(ctx, node_id, where)  # out of scope: NOT_FOUND

    async def rows_of(page: list[models.RoleGrant]) -> list[Row]:
        granters = await ctx.loaders.readable_user_by_id.load_many(
            sorted({g.granted_by_id for g in page if g.granted_by_id})
        )
        names = {u.id: u.username for u in granters if u is not None}
        yes, no = lang.pick("是", "yes"), lang.pick("否", "no")
        rows: list[Row] = []
        for grant in page:
            path = grant.node.path if grant.node is not None else None
            rows.append(
                [
                    grant.user.username,
                    grant.user.display_name,
                    lang.label(ROLE_LABELS, models.Role(grant.role)),
                    grant.node.name if grant.node is not None else "",
                    lang.label(POSITION_LABELS, facts.position(grant, path)),
                    local_minute(grant.created_at),
                    names.get(grant.granted_by_id or 0, ""),
                    local_minute(facts.last_used.get(grant.id)),
                    yes if grant.id in facts.unused else no,
                    yes if grant.id in facts.siblings else no,
                ]
            )
        return rows

    sheet = Sheet(
        columns=COLUMNS,
        name="权限审查",
        fallback_name="access-review",
        title=lang.pick("权限审查", "access review"),
    )
    source = KeysetSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
