"""Paths copied from `org_node` onto the rows whose scope filters need them (`cases.node_path`,
`household.building_path`, `point_entry.node_path`, activities, campaigns, redemption's tables,
`points_notice.node_path`, `notice.node_path`), so that a list's scope is an index range on its
own table."""

from models.org import PATH_SEPARATOR, OrgNode

# (table, copied path column, foreign key to org_node)
COPIED_PATHS = (
    ("cases", "node_path", "node_id"),
    ("household", "building_path", "building_id"),
    ("point_entry", "node_path", "node_id"),
    ("activity", "node_path", "node_id"),
    ("evaluation_campaign", "node_path", "node_id"),
    ("redemption_good", "node_path", "community_id"),
    ("redemption", "node_path", "building_id"),
    ("dividend", "node_path", "community_id"),
    ("dividend_line", "building_path", "building_id"),
    ("points_notice", "node_path", "node_id"),
    # Topics (议题, issue 13): the origin building and the node holding it.
    ("topic", "building_path", "building_id"),
    ("topic", "node_path", "node_id"),
    # notices (公告, 公示), issue 13
    ("notice", "node_path", "node_id"),
    # meetings (issue 13)
    ("meeting", "node_path", "node_id"),
    ("service_item", "node_path", "community_id"),
    ("convention_version", "node_path", "building_id"),
    # elder care (issue 14): devices and alerts at the elder's building
    ("device", "building_path", "building_id"),
    ("alert", "node_path", "node_id"),
)
# Paths copied from a row that copies one itself, refreshed after it:
# (table, copied path column, source table, its path column, foreign key to the source)
COPIED_FROM_COPIES = (
    ("activity_sign_up", "node_path", "activity", "node_path", "activity_id"),
    # meetings (issue 13)
    ("resolution", "node_path", "meeting", "node_path", "meeting_id"),
)


async def refresh_copied_paths(old_prefix: str) -> None:
    """After the subtree at `old_prefix` moved (its org_node paths already rewritten, in the
    same transaction), copy the new paths onto every row that carried an old one."""
    # Paths hold only digits and separators: nothing LIKE would read as a wildcard.
    assert old_prefix.replace(PATH_SEPARATOR, "").isdigit(), old_prefix
    db = OrgNode._meta.db
    marker = "$1" if db.capabilities.dialect == "postgres" else "?"
    for table, column, key in COPIED_PATHS:
        await db.execute_query(
            f"UPDATE {table} SET {column} = "
            f"(SELECT org_node.path FROM org_node WHERE org_node.id = {table}.{key}) "
            f"WHERE {column} LIKE {marker}",
            [old_prefix + "%"],
        )
    for table, column, source, source_column, key in COPIED_FROM_COPIES:
        await db.execute_query(
            f"UPDATE {table} SET {column} = "
            f"(SELECT {source}.{source_column} FROM {source} WHERE {source}.id = {table}.{key}) "
            f"WHERE {column} LIKE {marker}",
            [old_prefix + "%"],
        )
