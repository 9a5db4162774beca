"""Every message a caller reads, in English and Chinese, and the choice between them.

Code raises errors with a key and parameters (`Invalid("org.moves_under", level=..., parent=...)`);
the request's language is chosen once from `Accept-Language` (`language_of`) and a message is
written out (`render`) only where an error becomes a payload error or a GraphQL error. Enum
parameters (levels, roles, statuses) and `Noun`s are translated as well, so no English word
lands inside a Chinese sentence.
"""

import re
import string
from collections.abc import Mapping
from enum import Enum
from typing import Final, Literal

Language = Literal["en", "zh-CN"]
ENGLISH: Final = "en"
CHINESE: Final = "zh-CN"
LANGUAGES: tuple[Language, ...] = (ENGLISH, CHINESE)


class Noun(str):
    """A word a message names (`A name`, `building`): translated like an enum parameter."""

    __slots__ = ()


# key: (English, Chinese). One entry per message; `{name}` parameters, `{n:,}` numbers.
_CATALOGUE: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- each code's default
    "error.invalid": ("Invalid input.", "输入无效。"),
    "error.unauthenticated": (
        "Sign in first: send `Authorization: Bearer <token>`.",
        "请先登录：请求头带上 `Authorization: Bearer <token>`。",
    ),
    "error.forbidden": ("You may not do this here.", "您无权在此执行该操作。"),
    "error.not_found": ("No such object.", "对象不存在。"),
    "error.conflict": ("This clashes with existing data.", "与已有数据冲突。"),
    "error.invalid_transition": ("Not allowed in the current state.", "当前状态下不允许该操作。"),
    "error.rate_limited": ("Too many attempts; try again later.", "尝试次数过多，请稍后再试。"),
    # A message written in English only (code merged before its key was added).
    "error.untranslated": ("{text}", "{generic}（{text}）"),
    # ---------------------------------------------------------------- downloads (app/exports.py)
    "export.no_such_download": ("No such download.", "没有这个下载。"),
    "export.param_twice": ("The parameter {name} is given twice.", "参数 {name} 重复出现。"),
    "export.too_long": ("{name} has at most {limit} characters.", "{name} 最多 {limit} 个字符。"),
    "export.control_character": ("{name} holds a control character.", "{name} 含有控制字符。"),
    "export.whole_number": ("{name} is a whole number.", "{name} 须为整数。"),
    "export.boolean": ("{name} is true or false.", "{name} 须为 true 或 false。"),
    "export.one_of": ("{name} is one of: {allowed}.", "{name} 须为以下之一：{allowed}。"),
    "export.unknown_parameter": ("Unknown parameter: {name}.", "未知参数：{name}。"),
    "export.needs_node": ("Say which node: nodeId.", "请指定节点：nodeId。"),
    "export.needs_distribution": (
        "Say which distribution: distributionId.",
        "请指定分红记录：distributionId。",
    ),
    # ---------------------------------------------------------------- transport and limits
    "error.unexpected": ("Unexpected error.", "服务器内部错误。"),
    "error.unavailable": (
        "The database is unavailable; try again in a moment.",
        "数据库暂时不可用，请稍后再试。",
    ),
    "request.too_large": (
        "The request body may hold at most {limit:,} bytes.",
        "请求体最多 {limit:,} 字节。",
    ),
    "request.not_object": ("The request body must be a JSON object.", "请求体必须是 JSON 对象。"),
    "request.subscriptions_only": (
        "Only subscriptions over the WebSocket; send queries and mutations by POST.",
        "WebSocket 上只能订阅；查询和变更请用 POST 发送。",
    ),
    "request.bad": ("Bad request: {reason}", "请求无效：{reason}"),
    "request.bad_json": ("Unable to parse request body as JSON", "请求体不是有效的 JSON。"),
    "request.no_query": ("No GraphQL query found in the request", "请求中没有 GraphQL 查询。"),
    "request.content_type": ("Unsupported content type", "不支持的 Content-Type。"),
    "request.bad_multipart": ("Unable to parse the multipart body", "无法解析 multipart 请求体。"),
    "request.files_missing": ("File(s) missing in form data", "表单数据中缺少文件。"),
    "request.method": (
        "GraphQL only supports GET and POST requests.",
        "GraphQL 只支持 GET 和 POST 请求。",
    ),
    "query.too_deep": ("The query nests too deeply.", "查询嵌套层数过多。"),
    "query.too_many_fields": (
        "A query asks for at most {limit} fields.",
        "一个查询最多请求 {limit} 个字段。",
    ),
    "query.too_costly": (
        "This query would cost too much; ask for fewer rows or fields.",
        "查询代价过高，请减少行数或字段。",
    ),
    "query.same_field": (
        "The field {name!r} is asked for too often in one place.",
        "字段 {name!r} 在同一处请求次数过多。",
    ),
    "query.once": ("{name} may be asked for once per request.", "每个请求只能调用一次 {name}。"),
    "query.too_long": ("This query is too long.", "查询文本过长。"),
    "query.text_unstorable": (
        "A text argument holds U+0000 or an unpaired surrogate, which no text may hold.",
        "文本参数含有 U+0000 或不成对的代理字符，任何文本都不能包含。",
    ),
    "query.text_too_long": (
        "A text argument has at most {limit:,} characters.",
        "文本参数最多 {limit:,} 个字符。",
    ),
    "query.validation_slow": (
        "This query took too long to check (or too many are being checked); try again.",
        "查询校验超时（或同时校验的查询过多），请重试。",
    ),
    # ---------------------------------------------------------------- ids, pages, text
    "id.invalid": ("Not a valid id.", "无效的 ID。"),
    "id.wrong_type": (
        "Expected the id of a {expected}, got one of a {actual}.",
        "需要 {expected} 的 ID，收到的是 {actual} 的 ID。",
    ),
    "page.bad_cursor": ("Not a valid cursor.", "无效的游标。"),
    "page.negative": ("`{name}` cannot be negative.", "`{name}` 不能为负数。"),
    "page.too_many": (
        "`{name}` is at most {limit} rows per page.",
        "`{name}` 每页最多 {limit} 行。",
    ),
    "page.first_and_last": (
        "Give `first` or `last`, not both.",
        "`first` 与 `last` 只能给出其一。",
    ),
    "filter.loose_beside": (
        "Give `{name}` inside `filter`, not beside it.",
        "请在 `filter` 之内给出 `{name}`，不要与它并列。",
    ),
    "text.control_character": (
        "{what} holds a control or invisible formatting character.",
        "{what}含有控制字符或不可见的格式字符。",
    ),
    "text.empty": ("{what} cannot be empty.", "{what}不能为空。"),
    "text.too_long": ("{what} has at most {limit:,} characters.", "{what}最多 {limit:,} 个字符。"),
    "text.username_shape": (
        "A username has {min} to {max} letters a-z, digits, '_', '.' or '-', and starts with a "
        "letter or digit.",
        "用户名由 {min} 到 {max} 个字符组成（a-z、数字、'_'、'.' 或 '-'），以字母或数字开头。",
    ),
    "id_number.shape": (
        "An ID-card number has 17 digits and a check digit or X.",
        "身份证号由 17 位数字加一位校验码（数字或 X）组成。",
    ),
    "id_number.check_digit": ("The ID-card number's check digit is wrong.", "身份证号校验码错误。"),
    "id_number.no_birth_date": (
        "The ID-card number holds no valid birth date.",
        "身份证号中的出生日期无效。",
    ),
    "id_number.birth_mismatch": (
        "The birth date does not match the ID-card number.",
        "出生日期与身份证号不符。",
    ),
    "id_number.refused": (
        "This ID-card number cannot be registered here.",
        "该身份证号不能在此登记。",
    ),
    "phone.shape": (
        "A phone is an 11-digit mainland mobile number.",
        "手机号应为 11 位大陆手机号码。",
    ),
    # ---------------------------------------------------------------- sessions and accounts
    "auth.wrong_password": ("Wrong username or password.", "用户名或密码错误。"),
    "auth.session_ended": (
        "Your session has expired or was ended; sign in again.",
        "登录已过期或已退出，请重新登录。",
    ),
    "auth.password_length": (
        "A password has {min} to {max} characters.",
        "密码长度为 {min} 到 {max} 个字符。",
    ),
    "auth.username_too_long": (
        "A username has at most {max} characters.",
        "用户名最多 {max} 个字符。",
    ),
    "auth.too_many_from_address": (
        "Too many sign-in attempts from your address; try again later.",
        "您所在地址的登录尝试过多，请稍后再试。",
    ),
    "auth.wait": (
        "Too many wrong passwords; try again in {seconds} seconds.",
        "密码错误次数过多，请 {seconds} 秒后再试。",
    ),
    "auth.old_password_wrong": ("The current password is wrong.", "当前密码错误。"),
    "users.may_not_create": ("You may not create accounts.", "您无权创建账号。"),
    "users.username_taken": ("This username is taken.", "该用户名已被占用。"),
    "grants.may_not_grant": ("You may not grant {role} here.", "您无权在此授予{role}角色。"),
    "grants.admin_without_node": (
        "{role} is granted without a node",
        "{role}角色不在节点上授予",
    ),
    "grants.needs_node": ("{role} needs a node", "{role}角色需要指定节点"),
    "grants.wrong_level": (
        "{role} is granted at a {wanted} node, not a {level}",
        "{role}角色只能在{wanted}节点上授予，不能在{level}上授予",
    ),
    "grants.own_account": (
        "Nobody grants a role to their own account.",
        "不能给自己的账号授予角色。",
    ),
    "users.no_user": ("No such user.", "用户不存在。"),
    # ---------------------------------------------------------------- access review (issue 15)
    "access.may_not_explain": (
        "You may not explain or review access.",
        "您无权解释或审查访问权限。",
    ),
    "access.unknown_action": (
        "Unknown action: {action} (a policy action such as case.read).",
        "未知操作：{action}（应为策略中的操作，如 case.read）。",
    ),
    "access.no_target": ("No such object.", "对象不存在。"),
    "access.rule.dispute": (
        "Disputes are read only in a dispute scope (community level and up) or by their mediator.",
        "矛盾纠纷仅限社区及以上在辖范围内或其调解人查看。",
    ),
    "access.rule.verify": (
        "Whoever resolved a case never verifies it.",
        "办理人不得验收自己办理的事项。",
    ),
    "access.rule.own_report": (
        "Nobody claims or is dispatched a case they reported.",
        "任何人不得接办自己提交的事项。",
    ),
    "access.rule.own_household": (
        "A resident reads their own household, unmasked.",
        "居民可查看本户信息（不打码）。",
    ),
    "access.mask.own_household": (
        "Shown: it is the user's own household.",
        "显示：为该用户本户。",
    ),
    "access.mask.granted": (
        "Shown: a grant over the building holds {action}.",
        "显示：该用户在此楼栋的授权含 {action}。",
    ),
    "access.mask.no_grant": (
        "Masked: no grant over the building holds {action}.",
        "打码：该用户在此楼栋无含 {action} 的授权。",
    ),
    "grants.held": ("The user already holds this role here.", "该用户已在此持有该角色。"),
    "grants.no_grant": ("No such grant.", "授权不存在。"),
    "grants.may_not_revoke": ("You may not revoke {role} here.", "您无权在此撤销{role}角色。"),
    "grants.revoked_meanwhile": ("The grant was revoked meanwhile.", "该授权已被他人撤销。"),
    # ---------------------------------------------------------------- the tree
    "org.no_such": ("No such {what}.", "{what}不存在。"),
    "org.wrong_level": (
        "Expected a {level} node, got a {actual}.",
        "需要{level}节点，实际是{actual}。",
    ),
    "org.archived": ("The node is archived.", "该节点已归档。"),
    "org.no_node": ("No such node.", "节点不存在。"),
    "org.sibling_name": ("A sibling node already has this name.", "同级节点中已有同名节点。"),
    "org.no_children": ("A {parent} node has no children.", "{parent}节点下不能再有下级。"),
    "org.only_at_top": (
        "Only a {expected} node can be created at the top.",
        "最上层只能创建{expected}节点。",
    ),
    "org.only_under": (
        "Only a {expected} node can be created under a {parent}.",
        "{parent}下只能创建{expected}节点。",
    ),
    "org.may_not_create": ("You may not create nodes here.", "您无权在此创建节点。"),
    "org.may_not_change": (
        "You may change only nodes below your own.",
        "您只能修改本级以下的节点。",
    ),
    "org.may_not_move_under": (
        "You may not move nodes under this parent.",
        "您无权把节点移到该上级之下。",
    ),
    "org.into_own_subtree": (
        "A node cannot move into its own subtree.",
        "节点不能移动到自己的下级中。",
    ),
    "org.moves_under": (
        "A {level} node moves only under a {parent}.",
        "{level}节点只能移动到{parent}之下。",
    ),
    "org.moves_nowhere": ("A {level} node cannot move.", "{level}节点不能移动。"),
    "org.parent_archived": ("The new parent is archived.", "新的上级节点已归档。"),
    "org.restore_parent": ("Restore the parent node first.", "请先恢复上级节点。"),
    # ---------------------------------------------------------------- people
    "people.refused": ("You may not change people here.", "您无权修改此处的人员信息。"),
    "people.age": (
        "An age is a whole number from 0 to {max}.",
        "年龄应为 0 到 {max} 之间的整数。",
    ),
    "people.birth_from_id_number": (
        "The birth date comes from the ID-card number; give the number to change it.",
        "出生日期取自身份证号，修改出生日期请同时提供身份证号。",
    ),
    "people.birth_in_future": ("The birth date lies in the future.", "出生日期不能晚于今天。"),
    "people.no_resident": ("No such resident.", "居民不存在。"),
    "people.may_not_change_resident": ("You may not change this resident.", "您无权修改该居民。"),
    "people.no_central_household": ("No such central household.", "党员中心户不存在。"),
    "people.not_central_household": (
        "Expected a CENTRAL_HOUSEHOLD node.",
        "需要党员中心户节点。",
    ),
    "people.central_household_elsewhere": (
        "The central household lies outside the building's grid.",
        "该党员中心户不在楼栋所在的网格内。",
    ),
    "people.household_number_taken": (
        "The building already has a household with this number.",
        "该楼栋已有相同户号的住户。",
    ),
    "people.household_exists": ("The building already has this household.", "该楼栋已有该住户。"),
    "people.no_household": ("No such household.", "住户不存在。"),
    "people.may_not_change_household": ("You may not change this household.", "您无权修改该住户。"),
    "people.id_number_budget": (
        "Too many ID-card numbers checked today; try again tomorrow.",
        "今日核验的身份证号过多，请明天再试。",
    ),
    "accounts.may_not_link": (
        "You may not link accounts to this resident.",
        "您无权为该居民关联账号。",
    ),
    "accounts.refused": (
        "This account cannot be linked to a resident.",
        "该账号不能关联到居民。",
    ),
    "accounts.own_account": (
        "You may not link your own account to a resident.",
        "不能把自己的账号关联到居民。",
    ),
    "accounts.created_by_caller": (
        "You may not link an account you created; a colleague links it.",
        "不能关联您自己创建的账号，请由其他工作人员关联。",
    ),
    "accounts.seated_twice": (
        "The account and the resident both hold a seat in a meeting not yet closed; "
        "remove one of the seats first.",
        "该账号与该居民在同一未结束的议事会中各占一个席位，请先移除其中一个席位。",
    ),
    "accounts.resident_linked": (
        "The resident is linked to another account; unlink it first.",
        "该居民已关联其他账号，请先解除关联。",
    ),
    "accounts.linked_meanwhile": ("The account was linked meanwhile.", "该账号已被他人关联。"),
    "accounts.none_linked": ("The resident has no linked account.", "该居民没有关联账号。"),
    # ---------------------------------------------------------------- import files
    "file.too_slow": ("The file took too long to read.", "文件读取超时。"),
    "file.not_xlsx": (
        "The file is not a readable XLSX workbook.",
        "文件不是可读取的 XLSX 工作簿。",
    ),
    "file.unpacked_too_large": (
        "The workbook is too large once unpacked.",
        "工作簿解压后过大。",
    ),
    "file.no_sheet": ("The workbook has no sheet.", "工作簿中没有工作表。"),
    "file.not_table": ("The file is neither CSV nor XLSX.", "文件既不是 CSV 也不是 XLSX。"),
    "file.encoding": (
        "The CSV file is neither UTF-8 nor GBK text.",
        "CSV 文件既不是 UTF-8 也不是 GBK 编码。",
    ),
    "file.bad_csv_line": (
        "The CSV file cannot be read on line {line}.",
        "CSV 文件第 {line} 行无法读取。",
    ),
    "file.too_large": ("The file is larger than 20 MB.", "文件超过 20 MB。"),
    "file.empty": ("The file is empty.", "文件为空。"),
    "file.missing_columns": (
        "The header lacks the column(s): {columns}.",
        "表头缺少列：{columns}。",
    ),
    "file.too_many_rows": (
        "A file holds at most {max:,} rows below the header, empty ones too.",
        "表头以下最多 {max:,} 行（空行也计算在内）。",
    ),
    "file.bad_rows": (
        "{count} bad row(s); nothing was imported.",
        "有 {count} 行有误，未导入任何数据。",
    ),
    "file.import_where": ("Import into a building or a grid.", "只能导入到楼栋或网格。"),
    "row.date": (
        "Write dates as YYYY-MM-DD (got “{value}”).",
        "日期请写成 YYYY-MM-DD（收到的是“{value}”）。",
    ),
    "row.tag": ("Unknown tag: {tag}.", "未知标签：{tag}。"),
    "row.building": ("No building named “{name}” here.", "此处没有名为“{name}”的楼栋。"),
    "row.gender": (
        "Gender is 男 or 女 (or MALE, FEMALE).",
        "性别填写 男 或 女（或 MALE、FEMALE）。",
    ),
    "row.same_id_number": (
        "The same ID-card number is on line {line}.",
        "第 {line} 行已有相同的身份证号。",
    ),
    "row.masked": (
        "“{value}” is a masked value (with *) from an export; write the full value.",
        "“{value}”是导出时打码（含 *）的值，请填写完整的值。",
    ),
    "row.excel_number": (
        "“{value}” looks like an ID-card number Excel stored as a number and cut to 15 "
        "digits; format the column as text and type the number again.",
        "“{value}”像是被 Excel 当作数字保存、只保留了 15 位的身份证号；请把该列设置为文本格式"
        "后重新输入。",
    ),
    "row.year_only": (
        "“{value}” is a year alone, as an export writes a masked birth date; write the whole "
        "date or leave it empty (the ID-card number gives it).",
        "“{value}”只有年份，是导出时打码的出生日期；请填写完整日期，或留空（出生日期取自身份证号）。",
    ),
    # ---------------------------------------------------------------- cases
    "case.no_case": ("No such case.", "事项不存在。"),
    "case.may_not_step": ("You may not {step} this case.", "您无权{step}该事项。"),
    "case.wrong_status": ("A {status} case cannot be {step}.", "{status}的事项不能再{step}。"),
    "case.claimed_meanwhile": ("Someone else claimed this case first.", "该事项已被他人接单。"),
    "case.rating_window": (
        "The reporter may still rate this case; verify it after they do or once their time to "
        "rate has passed.",
        "群众仍可评价该事项；请在其评价后或评价期限过后再验收。",
    ),
    "case.changed_meanwhile": (
        "Someone else changed this case first; reload it.",
        "该事项已被他人修改，请刷新后重试。",
    ),
    "case.no_assignee": (
        "No user by this id can handle cases here.",
        "该用户不能办理此处的事项。",
    ),
    "case.own_report_assignee": (
        "A case is never handled by the person who reported it.",
        "事项不能由其提交人办理。",
    ),
    "case.own_report_claim": (
        "Nobody claims a case they reported themselves.",
        "不能认领自己提交的事项。",
    ),
    "case.only_assignee_resolves": (
        "Only the assignee resolves this case.",
        "只有承办人能办结该事项。",
    ),
    "case.only_reporter_rates": (
        "Only the reporter rates this case, and never their own work.",
        "只有提交人能评价该事项，且不能评价自己办理的事项。",
    ),
    "case.rating": ("A rating is 1 to 5.", "评分为 1 到 5。"),
    "case.resolver_verifies": (
        "Whoever resolved a case cannot verify it.",
        "办结人不能验收该事项。",
    ),
    "case.photos_refused": (
        "Only people handling the case add photos.",
        "只有办理该事项的人员能添加照片。",
    ),
    "case.photo_size": ("A photo is at most 10 MB.", "照片不能超过 10 MB。"),
    "case.photo_type": ("Photos are JPEG, PNG or WebP files.", "照片须为 JPEG、PNG 或 WebP 文件。"),
    "case.hazard_only": (
        "Only hazards have a severity and a hazard type.",
        "只有隐患才有严重程度和隐患类型。",
    ),
    "case.dispute_only": ("Only disputes have parties.", "只有纠纷才有当事人。"),
    "case.node_level": (
        "A case is about a grid, a building or a central household.",
        "事项须针对网格、楼栋或党员中心户。",
    ),
    "case.may_not_submit": ("You may not submit cases here.", "您无权在此提交事项。"),
    "qr.idempotency_key": (
        "An idempotency key has 8 to 64 letters, digits, '-', '_', '.' or ':'.",
        "幂等键由 8 到 64 个字母、数字、'-'、'_'、'.' 或 ':' 组成。",
    ),
    "qr.unknown": ("Unknown or replaced QR code.", "二维码无效或已更换。"),
    "qr.no_disputes": (
        "Disputes are raised with the community, not by QR code.",
        "纠纷请向社区反映，不能扫码提交。",
    ),
    "qr.key_reused": (
        "This idempotency key was used for another submission; use a new key.",
        "该幂等键已用于其他提交，请换一个新键。",
    ),
    "qr.too_many": ("Too many submissions; try again in a while.", "提交过于频繁，请稍后再试。"),
    "qr.refused": ("You may not manage this building's QR code.", "您无权管理该楼栋的二维码。"),
    "qr.buildings_only": ("QR codes belong to buildings.", "二维码属于楼栋。"),
    "rules.refused": ("You may not set this community's rules.", "您无权设置该社区的规则。"),
    "rules.per_community": ("Rules are set per community.", "规则按社区设置。"),
    "rules.unknown_category": (
        "Unknown category {code} in this community.",
        "该社区没有类别 {code}。",
    ),
    "rules.code_shape": (
        "A code has 1 to 40 letters, digits or underscores.",
        "代码由 1 到 40 个字母、数字或下划线组成。",
    ),
    "rules.built_in": ("This is a built-in category.", "这是内置类别。"),
    "rules.category_exists": (
        "The community already has this category.",
        "该社区已有此类别。",
    ),
    "rules.hours": ("Give 1 to 2,160 hours.", "请填写 1 到 2,160 小时。"),
    "rules.points": ("Give 0 to 1,000 points.", "请填写 0 到 1,000 分。"),
    "rules.no_community": ("No such community.", "社区不存在。"),
    # ---------------------------------------------------------------- points
    "points.zero_amount": ("Give a number of points other than 0.", "积分不能为 0。"),
    "points.amount_too_large": (
        "One entry moves at most {max:,} points.",
        "单条记录最多 {max:,} 分。",
    ),
    "points.negative_amount": (
        "Only a correction takes points away: record a correction of the entry instead.",
        "只有更正可以扣减积分，请对原记录进行更正。",
    ),
    "points.over_cap": (
        "This rule's cap allows at most {room:,} more points for this person now.",
        "按该条款的上限，此人目前最多还可获得 {room:,} 分。",
    ),
    "points.insufficient_balance": (
        "The balance is too small for this.",
        "积分余额不足。",
    ),
    # ---------------------------------------------------------------- activities
    "export.activity_required": (
        "Name the activity (activityId).",
        "请指定活动（activityId）。",
    ),
    "activities.no_activity": ("No such activity.", "活动不存在。"),
    "activities.no_sign_up": ("No such sign-up.", "报名记录不存在。"),
    "activities.may_not_manage": (
        "You may not organise or run activities here.",
        "您无权在此组织或管理活动。",
    ),
    "activities.may_not_sign_up": (
        "You may not sign this resident up.",
        "您无权为该居民报名。",
    ),
    "activities.may_not_check_in": (
        "You may not check people in at this activity.",
        "您无权为该活动签到。",
    ),
    "activities.may_not_check_out": (
        "Only the organiser or staff in charge check people out (or scan the activity's QR code).",
        "只有组织者或负责的工作人员可以签退（或扫描活动二维码）。",
    ),
    "activities.own_attendance": (
        "You do not record your own attendance or your household's: another member of staff does.",
        "不能为自己或本户成员登记签到或签退，请由其他工作人员登记。",
    ),
    "activities.own_attendance_qr": (
        "You run this activity, so you do not scan its code for yourself: another member of"
        " staff checks you in and out.",
        "您负责该活动，不能扫码为自己签到或签退，请由其他工作人员登记。",
    ),
    "activities.required": (
        "Give the start, end, capacity and rule.",
        "请填写开始时间、结束时间、名额和积分条款。",
    ),
    "activities.ends_before_start": (
        "The end must come after the start.",
        "结束时间须晚于开始时间。",
    ),
    "activities.too_short": (
        "An activity lasts at least {minutes} minutes.",
        "活动时长至少 {minutes} 分钟。",
    ),
    "activities.too_long": (
        "An activity lasts at most {days} days.",
        "一次活动最长 {days} 天。",
    ),
    "activities.capacity": (
        "Give 1 to {max:,} places.",
        "名额须为 1 到 {max:,}。",
    ),
    "activities.capacity_below_sign_ups": (
        "{count:,} people have signed up already: give at least as many places.",
        "已有 {count:,} 人报名，名额不能少于报名人数。",
    ),
    "activities.rule_elsewhere": (
        "Choose a current volunteer-points rule of the activity's community.",
        "请选择活动所在社区现行的志愿积分条款。",
    ),
    "activities.team_elsewhere": (
        "Choose a volunteer team of the activity's community.",
        "请选择活动所在社区的志愿服务队。",
    ),
    "activities.bad_move": (
        "An activity that is {source} cannot become {target}.",
        "活动当前为“{source}”，不能改为“{target}”。",
    ),
    "activities.over": ("The activity is over.", "活动已结束。"),
    "activities.not_editable": (
        "A {status} activity cannot be changed.",
        "“{status}”的活动不能修改。",
    ),
    "activities.attended": (
        "People have checked in already: the activity can no longer change.",
        "已有人签到，活动不能再修改或取消。",
    ),
    "activities.not_open": ("Sign-up is not open.", "活动未开放报名。"),
    "activities.full": ("The activity is full.", "活动名额已满。"),
    "activities.signed_up_twice": (
        "This resident has signed up already.",
        "该居民已报名。",
    ),
    "activities.outside_audience": (
        "The activity is for residents living under its node.",
        "该活动仅面向所在区域的居民。",
    ),
    "activities.no_own_resident": (
        "Your account is not tied to a resident.",
        "您的账号未关联居民信息。",
    ),
    "activities.sign_up_not_cancellable": (
        "Only a sign-up not yet checked in can be cancelled.",
        "只有尚未签到的报名可以取消。",
    ),
    "activities.not_running": (
        "The activity is not going ahead.",
        "活动未在进行。",
    ),
    "activities.check_in_window": (
        "Check-in opens {minutes} minutes before the start and closes at the end.",
        "签到时间为活动开始前 {minutes} 分钟至活动结束。",
    ),
    "activities.check_out_window": (
        "Check-out closes {minutes} minutes after the end.",
        "签退须在活动结束后 {minutes} 分钟内完成。",
    ),
    "activities.sign_up_cancelled": (
        "This sign-up was cancelled.",
        "该报名已取消。",
    ),
    "activities.checked_in_twice": ("Checked in already.", "已签到，不能重复签到。"),
    "activities.checked_out_twice": ("Checked out already.", "已签退，不能重复签退。"),
    "activities.not_checked_in": ("Check in first.", "请先签到。"),
    "activities.not_signed_up": (
        "You have not signed up for this activity.",
        "您未报名该活动。",
    ),
    "activities.qr_unknown": (
        "This code is not valid (any more).",
        "二维码无效或已失效。",
    ),
    # ---------------------------------------------------------------- redemption
    "redemption.price": (
        "A price is 1 to {max:,} points.",
        "兑换所需积分须为 1 到 {max:,} 分。",
    ),
    "redemption.stock": ("Stock is 0 to {max:,}.", "库存须为 0 到 {max:,}。"),
    "redemption.yearly_limit": (
        "A yearly limit per person is 1 to {max:,}, or none.",
        "每人每年限兑数量须为 1 到 {max:,}，或不限。",
    ),
    "redemption.stock_delta": (
        "Change the stock by 1 to {max:,}, either way.",
        "库存调整数量须为 1 到 {max:,}（增加或减少）。",
    ),
    "redemption.stock_below_zero": (
        "Only {stock:,} in stock: the stock cannot go below zero.",
        "当前库存只有 {stock:,}，库存不能小于零。",
    ),
    "redemption.quantity": ("Redeem 1 to {max:,} at a time.", "每次兑换数量须为 1 到 {max:,}。"),
    "redemption.too_costly": (
        "One redemption costs at most {max:,} points: redeem fewer at a time.",
        "单次兑换最多 {max:,} 分，请减少数量分次兑换。",
    ),
    "redemption.over_yearly_limit": (
        "Over this good's yearly limit per person: {left:,} more this year.",
        "超过该物品每人每年的兑换上限，今年还可兑换 {left:,} 件。",
    ),
    "redemption.month_day": (
        "Give a day of the year as MM-DD (e.g. 12-01).",
        "请按 MM-DD 格式填写日期（如 12-01）。",
    ),
    "redemption.window_both": (
        "Give both the opening and the closing day, or neither (all year).",
        "请同时填写开始和结束日期，或都不填（全年可兑换）。",
    ),
    "redemption.window_closed": (
        "Redemption is open from {opens} to {closes} each year.",
        "每年 {opens} 至 {closes} 开放兑换，现在不在兑换期内。",
    ),
    "redemption.inactive": ("These goods are no longer offered.", "该物品已下架。"),
    "redemption.not_cancellable": (
        "A {status} redemption cannot be cancelled.",
        "{status}的兑换记录不能撤销。",
    ),
    "redemption.no_good": ("No such goods.", "兑换物品不存在。"),
    "redemption.no_redemption": ("No such redemption.", "兑换记录不存在。"),
    "redemption.name_taken": (
        "The community already offers goods of this name.",
        "本社区已有同名的兑换物品。",
    ),
    "redemption.may_not_configure": (
        "You may not change this community's catalogue.",
        "您无权修改该社区的兑换目录。",
    ),
    "redemption.may_not_redeem": (
        "You may not redeem points for this resident.",
        "您无权为该居民兑换积分。",
    ),
    "redemption.may_not_cancel": (
        "You may not cancel this redemption.",
        "您无权撤销该兑换记录。",
    ),
    "redemption.other_community": (
        "These goods belong to another community's catalogue.",
        "该物品不属于该居民所在社区的兑换目录。",
    ),
    "redemption.changed": (
        "The goods changed meanwhile: look at them again.",
        "该物品刚被修改，请刷新后重试。",
    ),
    "redemption.out_of_stock": (
        "Not enough in stock for this.",
        "库存不足。",
    ),
    "redemption.which_resident": (
        "Say which resident redeems (residentId).",
        "请指定兑换的居民（residentId）。",
    ),
    "redemption.resident_inactive": (
        "This resident no longer lives here.",
        "该居民已迁出或已注销。",
    ),
    "dividend.income": (
        "The income is 1 to {max:,} fen.",
        "收入金额须为 1 到 {max:,} 分。",
    ),
    "dividend.period_order": (
        "The period ends on or after its first day.",
        "结束日期不能早于开始日期。",
    ),
    "dividend.period_future": (
        "The period must have ended: its last day is today at the latest.",
        "分红期间须已结束，结束日期最晚为今天。",
    ),
    "dividend.period_long": (
        "A period is at most {max:,} days.",
        "分红期间最长 {max:,} 天。",
    ),
    "dividend.no_points": (
        "No household of the community earned points in this period: nothing to share by.",
        "该期间本社区没有住户获得积分，无法按积分分红。",
    ),
    "dividend.may_not_distribute": (
        "You may not share out income in this community.",
        "您无权在该社区进行分红。",
    ),
    "dividend.no_distribution": ("No such dividend distribution.", "分红记录不存在。"),
    "points.rule_points": (
        "A rule gives 1 to {max:,} points.",
        "积分条款的分值须为 1 到 {max:,} 分。",
    ),
    "points.cap_range": (
        "A cap is from the rule's {min:,} points to {max:,}.",
        "上限须在条款分值 {min:,} 到 {max:,} 之间。",
    ),
    "points.week_over_month": (
        "The weekly cap may not exceed the monthly cap.",
        "每周上限不能超过每月上限。",
    ),
    "points.duty_category": (
        "Duty rules (DUTY) take the category DUTY, and only they do.",
        "履职积分条款须使用“干部履职”类别，其他条款不能使用该类别。",
    ),
    "points.code_shape": (
        "A code has 1 to {max} letters, digits, - or _.",
        "编号须为 1 到 {max} 个字母、数字、- 或 _。",
    ),
    "points.fixed_amount": (
        "This rule gives exactly {points:,} points.",
        "该条款固定为 {points:,} 分。",
    ),
    "points.over_rule": (
        "This rule gives at most {points:,} points.",
        "该条款最多 {points:,} 分。",
    ),
    "points.not_correctable": (
        "Only points earned (an activity, a case, a manual entry) can be corrected.",
        "只能更正获得的积分（志愿活动、诉求办理、手工记录）。",
    ),
    "points.already_corrected": (
        "This entry has been corrected already.",
        "该记录已更正过。",
    ),
    "points.bad_month": ("Give a month as 2026-05.", "月份格式应为 2026-05。"),
    "points.bad_day": ("Give a day as 2026-05-31.", "日期格式应为 2026-05-31。"),
    "points.bad_quarter": ("Give a quarter as 2026Q2.", "季度格式应为 2026Q2。"),
    "points.quarter_open": (
        "A quarter's notice is published once the quarter has ended.",
        "季度结束后才能发布该季度的公示。",
    ),
    "points.no_rule": ("No such points rule.", "积分条款不存在。"),
    "points.no_entry": ("No such points entry.", "积分记录不存在。"),
    "points.no_notice": ("No such points notice.", "积分公示不存在。"),
    "points.no_resident": ("No such resident.", "居民不存在。"),
    "points.no_household": ("No such household.", "住户不存在。"),
    "points.no_user": ("No such cadre.", "干部不存在。"),
    "points.rule_level": (
        "Rules belong to a community (or, as defaults, to a street).",
        "积分条款只能设在社区（或作为默认条款设在街道）。",
    ),
    "points.rule_exists": (
        "A current rule with this code exists here already.",
        "此处已有该编号的现行条款。",
    ),
    "points.rule_changed": (
        "This rule was changed or retired meanwhile; reload it.",
        "该条款已被修改或停用，请刷新后重试。",
    ),
    "points.rule_elsewhere": (
        "Use a current rule of the resident's own community.",
        "请使用该居民所在社区的现行条款。",
    ),
    "points.rule_kind": (
        "This rule is for the other kind of points.",
        "该条款不适用于此类积分。",
    ),
    "points.no_street": (
        "This community has no street above it.",
        "该社区没有上级街道。",
    ),
    "points.may_not_configure": (
        "You may not change the points rules here.",
        "您无权修改此处的积分条款。",
    ),
    "points.may_not_record": ("You may not record points here.", "您无权在此记录积分。"),
    "points.may_not_correct": ("You may not correct points here.", "您无权更正此处的积分。"),
    "points.may_not_publish": ("You may not publish notices here.", "您无权在此发布公示。"),
    "points.self": (
        "Nobody records points for themselves or their own household.",
        "不能为本人或本户记录积分。",
    ),
    "points.not_a_cadre": (
        "Duty points go to a cadre holding a role in this area.",
        "履职积分只能记给在本区域任职的干部。",
    ),
    "points.notice_exists": (
        "This notice has been published already.",
        "该公示已发布。",
    ),
    "points.notice_frozen": (
        "A published notice never changes.",
        "已发布的公示不能修改。",
    ),
    "points.ranking_level": (
        "Rankings are per building, grid, community or street; buildings only above a building.",
        "排名按楼栋、网格、社区或街道统计；楼栋排名须在楼栋以上层级。",
    ),
    "points.period_and_day": (
        "Give both a period and a day in it.",
        "请同时填写周期和其中的一天。",
    ),
    "points.ranking_forward": (
        "A ranking pages forward only: use first and after.",
        "排名只能向后翻页：请使用 first 和 after。",
    ),
    "points.one_owner": (
        "Give exactly one of residentId, householdId and userId.",
        "residentId、householdId、userId 须且只能填写一个。",
    ),
    # ---------------------------------------------------------------- party
    "teams.no_team": ("No such team.", "队伍不存在。"),
    "teams.may_not_change": ("You may not change this team.", "您无权修改该队伍。"),
    "teams.outside_area": ("Team members live in the team's area.", "队员须居住在队伍所在区域。"),
    "teams.name_taken": (
        "The node already has a team with this name.",
        "该节点已有同名队伍。",
    ),
    "teams.leader": (
        "Choose another leader before removing this one.",
        "请先指定新的队长，再移除现任队长。",
    ),
    "teams.may_not_create": ("You may not create teams here.", "您无权在此创建队伍。"),
    "members.mobile_only": (
        "Only mobile party members have a work city and employer.",
        "只有流动党员才有工作城市和工作单位。",
    ),
    "mobile.days": (
        "Give a number of days from 1 to 3660.",
        "天数应为 1 到 3660。",
    ),
    "mobile.no_member": ("No such mobile party member.", "流动党员不存在。"),
    "mobile.may_not_log": (
        "You may not record contacts of this member.",
        "您无权记录该党员的联系情况。",
    ),
    "mobile.may_not_choose": (
        "You may not choose this member's contact persons.",
        "您无权指定该党员的联系人。",
    ),
    "mobile.not_contact": (
        "This user is not a contact person of the member.",
        "该用户不是该党员的联系人。",
    ),
    "mobile.future_contact": ("A contact cannot lie in the future.", "联系日期不能晚于今天。"),
    "titles.outside_area": ("A {kind} lives in the node's area.", "{kind}须居住在该节点区域内。"),
    "titles.red_steward": (
        "A red steward (红管家) is a party member.",
        "红管家须是党员。",
    ),
    "titles.held": ("The resident already holds this title here.", "该居民已在此担任该职务。"),
    "titles.no_title": ("No such title.", "职务不存在。"),
    "titles.may_not_change": ("You may not change titles here.", "您无权修改此处的职务。"),
    # ---------------------------------------------------------------- evaluations (评选)
    "evaluations.no_campaign": ("No such campaign.", "评选活动不存在。"),
    "evaluations.export_campaign": (
        "Name the campaign: campaignId.",
        "请指定评选活动（campaignId）。",
    ),
    "evaluations.no_candidate": ("No such candidate.", "候选对象不存在。"),
    "evaluations.no_objection": ("No such objection.", "异议不存在。"),
    "evaluations.may_not_create": (
        "You may not create campaigns here.",
        "您无权在此创建评选活动。",
    ),
    "evaluations.may_not_run": ("You may not run this campaign.", "您无权管理该评选活动。"),
    "evaluations.wrong_stage": (
        "Not allowed while the campaign is {stage}.",
        "评选活动处于“{stage}”阶段，不允许该操作。",
    ),
    "evaluations.changed_meanwhile": (
        "The campaign was changed meanwhile; read it again.",
        "评选活动已被他人修改，请刷新后重试。",
    ),
    "evaluations.criterion_not_of_kind": (
        "This campaign has no criterion {criterion}.",
        "该评选活动没有“{criterion}”这一项。",
    ),
    "evaluations.criterion_twice": (
        "The criterion {criterion} is given twice.",
        "“{criterion}”重复出现。",
    ),
    "evaluations.weight_range": (
        "The weight of {criterion} is 0 to 100.",
        "“{criterion}”的权重应为 0 到 100。",
    ),
    "evaluations.weights_zero": (
        "The weights must add up to more than 0.",
        "各项权重之和须大于 0。",
    ),
    "evaluations.period_order": (
        "The period cannot end before it starts.",
        "评选周期的结束日期不能早于开始日期。",
    ),
    "evaluations.period_long": (
        "A period lasts at most {days} days.",
        "评选周期最长 {days} 天。",
    ),
    "evaluations.computed_criterion": (
        "{criterion} is computed from the points ledger, not scored.",
        "“{criterion}”由积分自动计算，无需评分。",
    ),
    "evaluations.score_range": (
        "A score of {criterion} is a whole number from 0 to 100.",
        "“{criterion}”的评分应为 0 到 100 的整数。",
    ),
    "evaluations.no_scores": ("Give at least one score.", "请至少给出一项评分。"),
    "evaluations.scored_already": (
        "You have already scored this candidate on one of these criteria.",
        "您已对该候选对象的其中一项打过分。",
    ),
    "evaluations.not_reviewer": (
        "Only the campaign's reviewers score its candidates.",
        "只有该评选活动的评议人可以评分。",
    ),
    "evaluations.self_dealing": (
        "You cannot judge yourself, your household or your own building.",
        "不能评议本人、本户或本人所住楼栋。",
    ),
    "evaluations.no_candidates": (
        "Nominate at least one candidate first.",
        "请先提名至少一个候选对象。",
    ),
    "evaluations.no_reviewers": (
        "Assign at least one reviewer first.",
        "请先指定至少一名评议人。",
    ),
    "evaluations.shortlist_size": (
        "A shortlist holds 1 to {limit} candidates.",
        "公示名单应为 1 到 {limit} 名。",
    ),
    "evaluations.objection_end_past": (
        "The objection period must end in the future.",
        "公示期的结束时间须晚于现在。",
    ),
    "evaluations.objection_period_long": (
        "An objection period lasts at most {days} days.",
        "公示期最长 {days} 天。",
    ),
    "evaluations.objection_period_over": (
        "The objection period is over.",
        "公示期已结束，不能再提出异议。",
    ),
    "evaluations.objection_period_runs": (
        "Award the titles once the objection period is over.",
        "公示期结束后方可授予。",
    ),
    "evaluations.objections_open": (
        "{n} objection(s) still await an answer.",
        "还有 {n} 条异议未答复。",
    ),
    "evaluations.validity_order": (
        "A title cannot expire before it is valid.",
        "称号的失效日期不能早于生效日期。",
    ),
    "evaluations.validity_long": (
        "A title is valid for at most {days} days.",
        "称号有效期最长 {days} 天。",
    ),
    "evaluations.outside_area": (
        "Candidates lie inside the campaign's area.",
        "候选对象须在评选活动的范围之内。",
    ),
    "evaluations.subject_needed": (
        "This campaign's candidates are of the kind {subject}: give it.",
        "该评选活动的候选对象为“{subject}”，请指定。",
    ),
    "evaluations.not_party_member": (
        "This resident is not a party member.",
        "该居民不是党员。",
    ),
    "evaluations.not_cadre_here": (
        "This account holds no staff role in the campaign's area.",
        "该账号在评选范围内没有干部职务。",
    ),
    "evaluations.too_many_candidates": (
        "A campaign has at most {limit} candidates.",
        "一个评选活动最多 {limit} 个候选对象。",
    ),
    "evaluations.nominated_already": (
        "This candidate is nominated already.",
        "该候选对象已被提名。",
    ),
    "evaluations.reviewer_outside_area": (
        "A reviewer holds a role in the campaign's area.",
        "评议人须在评选活动范围内任职或居住。",
    ),
    "evaluations.reviewer_already": (
        "This user reviews the campaign already.",
        "该用户已是评议人。",
    ),
    "evaluations.may_not_object": (
        "Only residents and staff of the campaign's area may object.",
        "只有评选范围内的居民和工作人员可以提出异议。",
    ),
    "evaluations.objection_open": (
        "Your objection to this candidate awaits its answer.",
        "您对该候选对象的异议尚待答复。",
    ),
    "evaluations.not_shortlisted": (
        "Objections are to candidates on the shortlist.",
        "只能对公示名单上的对象提出异议。",
    ),
    "evaluations.answered_already": (
        "This objection has been answered already.",
        "该异议已答复。",
    ),
    # ---------------------------------------------------------------- topics (议题, issue 13)
    "topics.no_topic": ("No such topic.", "议题不存在。"),
    "topics.may_not_raise": (
        "Residents raise topics at their own building, staff at buildings in their scope.",
        "居民只能在自己所在楼栋提出议题，工作人员只能在其管辖楼栋提出议题。",
    ),
    "topics.only_at_building": ("A topic is raised at a building.", "议题须在楼栋提出。"),
    "topics.no_own_resident": (
        "Your account is not tied to a resident: only residents support topics.",
        "您的账号未关联居民信息，只有居民可以附议。",
    ),
    "topics.may_not_support": (
        "Only residents of the building where the topic was raised support it.",
        "只有议题提出楼栋的居民可以附议。",
    ),
    "topics.own_topic": (
        "Raising a topic is not supporting it: nobody supports their own household's topic.",
        "提出议题不等于附议：不能附议本人或本户提出的议题。",
    ),
    "topics.supported_twice": ("You support this topic already.", "您已附议该议题。"),
    "topics.may_not_follow": ("You may not follow this topic.", "您无权关注该议题。"),
    "topics.followed_meanwhile": (
        "You started following this topic meanwhile.",
        "您已同时关注了该议题。",
    ),
    "topics.closed": ("This topic is closed ({status}).", "该议题已办结（{status}）。"),
    "topics.past_community": (
        "The community decides: a topic climbs no further than the community.",
        "议题最高上报至社区，由社区决事。",
    ),
    "topics.moved_meanwhile": (
        "The topic was moved or decided meanwhile; read it again.",
        "该议题已被他人上报或决定，请刷新后重试。",
    ),
    "topics.may_not_escalate": (
        "Only the level holding the topic (or one above it) escalates it.",
        "只有当前受理该议题的层级（或其上级）可以上报。",
    ),
    "topics.may_not_decide": (
        "Only the community admin over the topic decides it.",
        "只有议题所在社区的管理员可以决事。",
    ),
    "topics.not_at_community": (
        "The topic is still held at the {level}: escalate it to the community first.",
        "该议题仍在{level}层级，请先上报至社区。",
    ),
    "topics.reason_required": (
        "Say why the topic is declined.",
        "不予采纳须说明理由。",
    ),
    "topics.merge_target_required": (
        "Say which topic to merge into: mergeIntoId.",
        "请指定合并到的议题：mergeIntoId。",
    ),
    "topics.merge_into_itself": ("A topic cannot merge into itself.", "议题不能合并到自身。"),
    "topics.merge_other_community": (
        "A topic merges only into a topic of its own community.",
        "只能合并到本社区的议题。",
    ),
    "topics.merge_into_closed": (
        "That topic is closed: merge into an open topic.",
        "目标议题已办结，请合并到未办结的议题。",
    ),
    "topics.may_not_configure": (
        "Only the community admin sets the community's thresholds.",
        "只有社区管理员可以设置本社区的自动上报人数。",
    ),
    "topics.threshold_range": (
        "A threshold is 1 to {max:,} supporters.",
        "自动上报人数须为 1 到 {max:,} 人。",
    ),
    "topics.topic_required": (
        "Name the topic the resolution adopts: topicId.",
        "请指定决议采纳的议题：topicId。",
    ),
    "topics.no_agenda_item": (
        "The meeting's agenda has no item {position}.",
        "会议议程没有第 {position} 项。",
    ),
    "topics.not_adopt_topic": (
        "Only a resolution of kind ADOPT_TOPIC names a topic to adopt.",
        "只有“议题采纳”类决议可以指定议题。",
    ),
    "topics.outside_meeting": (
        "A meeting names only topics raised in its node's subtree.",
        "会议只能列入本节点范围内提出的议题。",
    ),
    "topics.meeting_elsewhere": (
        "Only a meeting of the community holding the topic adopts it.",
        "只有议题所在社区的议事会决议可以采纳该议题。",
    ),
    "topics.own_decision": (
        "Nobody decides their own topic: another member of the community decides it.",
        "不能决定自己提出的议题，请由社区其他人员决定。",
    ),
    "topics.too_many": (
        "Too many topics raised from this account today; try again tomorrow.",
        "该账号今日提出的议题过多，请明天再试。",
    ),
    "topics.threshold_order": (
        "The community's threshold is at least the grid's.",
        "上报社区的人数不得少于上报网格的人数。",
    ),
    # ---------------------------------------------------------------- notices, public page (13)
    "notices.no_notice": ("No such notice.", "公告不存在。"),
    "notices.may_not_write": (
        "You may not post or change notices here.",
        "您无权在此发布或修改公告。",
    ),
    "notices.points_kind": (
        "Points notices are published with publishPointsNotice.",
        "积分公示须通过 publishPointsNotice 发布。",
    ),
    "notices.points_frozen": (
        "A points notice never changes once published.",
        "积分公示发布后不可更改。",
    ),
    "notices.withdrawn": ("This notice has been withdrawn.", "该公告已撤回。"),
    "notices.published": (
        "A published notice keeps its content; only its expiry may change (or withdraw it).",
        "已发布的公告内容不可修改，只能调整截止时间或撤回。",
    ),
    "notices.backdated": (
        "A notice's publish time is now or later, not in the past.",
        "公告的发布时间不能早于当前时间。",
    ),
    "notices.too_far_ahead": (
        "A notice is scheduled at most {days} days ahead.",
        "公告最多提前 {days} 天定时发布。",
    ),
    "notices.expires_before": (
        "The expiry comes after the publish time and after now.",
        "截止时间须晚于发布时间和当前时间。",
    ),
    "notices.too_long": (
        "A notice runs at most {days} days.",
        "公告有效期最长 {days} 天。",
    ),
    "notices.nothing_to_change": ("Give something to change.", "请提供要修改的内容。"),
    "public.too_many": (
        "Too many requests for building pages; try again in a while.",
        "楼栋页面访问过于频繁，请稍后再试。",
    ),
    "public.pledge_number": (
        "A pledge is shown on the building's public page: no phone or ID numbers in it.",
        "服务承诺会公开展示，请勿填写电话号码或身份证号等数字。",
    ),
    "public.not_a_member": (
        "Only a party member sets their own consent and pledge.",
        "只有党员本人可以设置公开意愿和服务承诺。",
    ),
    "titles.party_group_leader": (
        "A party group leader is a party member.",
        "楼栋党小组组长须为党员。",
    ),
    # ---------------------------------------------------------------- meetings (议事会, issue 13)
    "meetings.no_meeting": ("No such meeting.", "议事会不存在。"),
    "meetings.no_resolution": ("No such resolution.", "决议不存在。"),
    "meetings.no_attendee": ("No such attendee of this meeting.", "该会议没有这名参会人员。"),
    "meetings.no_resident": ("No such resident.", "居民不存在。"),
    "meetings.may_not_convene": (
        "You may not convene a meeting here.",
        "您无权在此召集议事会。",
    ),
    "meetings.may_not_run": ("You may not run this meeting.", "您无权主持该议事会。"),
    "meetings.wrong_level": (
        "This type of meeting is held at a {expected} node.",
        "该类议事会应在{expected}召开。",
    ),
    "meetings.wrong_status": (
        "Not allowed in the meeting's current status.",
        "议事会当前状态下不允许该操作。",
    ),
    "meetings.agenda_long": (
        "An agenda holds at most {limit} items.",
        "议程最多 {limit} 项。",
    ),
    "meetings.party_kind": (
        "Residents and staff are invited by their ids; parties are outside organisations.",
        "居民和工作人员按编号邀请；参会单位须为外部单位。",
    ),
    "meetings.resident_outside": (
        "Residents invited live in the meeting's area.",
        "受邀居民须居住在议事会范围内。",
    ),
    "meetings.invited_already": ("Someone here is invited already.", "其中有人已受邀。"),
    "meetings.same_person": (
        "A resident and the account tied to them are one person: invite them once.",
        "居民与其绑定的账号是同一人，只能受邀一次。",
    ),
    "meetings.seat_ambiguous": (
        "You hold two seats at this meeting: ask the recorder to record your vote.",
        "您在本次会议中有两个席位，请由记录人代为登记表决。",
    ),
    "meetings.own_draft": (
        "You drafted this convention version: someone else who runs the meeting decides it.",
        "该公约版本由您起草，须由会议的其他主持人决定是否通过。",
    ),
    "meetings.party_no_vote": (
        "Outside parties attend but do not vote.",
        "外部单位列席会议，不参与表决。",
    ),
    "meetings.starts_at_range": (
        "A meeting starts at most {back} days back and {ahead} days ahead.",
        "会议时间最早为 {back} 天前，最晚为 {ahead} 天后。",
    ),
    "meetings.too_many_attendees": (
        "A meeting has at most {limit} attendees.",
        "一次议事会最多 {limit} 名参会人员。",
    ),
    "meetings.present_and_absent": (
        "An attendee is either present or absent.",
        "参会人员不能既出席又缺席。",
    ),
    "meetings.voted_present": (
        "An attendee who has voted was present.",
        "已投票的参会人员不能记为缺席。",
    ),
    "meetings.minutes_missing": (
        "Write the minutes before closing the meeting.",
        "请先填写会议纪要再结束议事会。",
    ),
    "meetings.resolutions_open": (
        "{n} resolution(s) are still being voted on.",
        "还有 {n} 项决议尚在表决。",
    ),
    "meetings.no_quorum": (
        "The meeting has no quorum: {needed} present needed, {present} present.",
        "未达到法定人数：需 {needed} 人出席，实到 {present} 人。",
    ),
    "meetings.kind_not_here": (
        "This kind of resolution is not passed in this type of meeting.",
        "该类决议不能在此类议事会上作出。",
    ),
    "meetings.no_items": ("Propose at least one service item.", "请至少提出一项服务事项。"),
    "meetings.too_many_items": (
        "A resolution adds at most {limit} service items.",
        "一项决议最多新增 {limit} 项服务事项。",
    ),
    "meetings.item_twice": ("A service item is proposed twice.", "服务事项重复。"),
    "meetings.items_not_of_kind": (
        "Only a resolution adding service items lists them.",
        "只有新增服务事项的决议才列出服务事项。",
    ),
    "meetings.version_needed": (
        "Name the convention version to adopt.",
        "请指定要通过的公约版本。",
    ),
    "meetings.version_not_of_kind": (
        "Only a resolution adopting a convention names a version.",
        "只有通过公约的决议才指定公约版本。",
    ),
    "meetings.convention_outside": (
        "A meeting adopts the conventions of buildings in its area only.",
        "议事会只能通过其范围内楼栋的公约。",
    ),
    "meetings.version_on_vote": (
        "This version is being voted on already.",
        "该公约版本已在表决中。",
    ),
    "meetings.resolution_decided": (
        "This resolution is no longer being voted on.",
        "该决议已不在表决中。",
    ),
    "meetings.not_present": (
        "Only attendees present at the meeting vote.",
        "只有出席会议的人员可以表决。",
    ),
    "meetings.voted_already": (
        "This attendee has voted on this resolution already.",
        "该参会人员已对此决议表决。",
    ),
    "meetings.not_attendee": (
        "Only a present attendee casts their own vote.",
        "只有出席会议的本人可以投票。",
    ),
    "meetings.changed_meanwhile": (
        "Changed meanwhile; read it again.",
        "数据已被他人修改，请刷新后重试。",
    ),
    "conventions.not_your_draft": (
        "Only whoever drafted this version rewrites it; discard it and draft anew.",
        "只有起草人可以修改该草案；如需修改，请作废后重新起草。",
    ),
    "conventions.no_version": ("No such convention version.", "公约版本不存在。"),
    "conventions.no_item": ("No such service item.", "服务事项不存在。"),
    "conventions.may_not_draft": (
        "You may not draft this building's convention.",
        "您无权起草该楼栋的公约。",
    ),
    "conventions.may_not_manage_items": (
        "You may not change this community's service items.",
        "您无权修改该社区的服务事项。",
    ),
    "conventions.adopted_frozen": (
        "An adopted convention never changes: draft a new version.",
        "已通过的公约不能修改，请起草新版本。",
    ),
    "conventions.not_draft": ("Only a draft can be changed.", "只有草案可以修改。"),
    "conventions.draft_open": (
        "This building has an open draft already.",
        "该楼栋已有一份未决的公约草案。",
    ),
    "conventions.draft_on_vote": (
        "This draft is being voted on.",
        "该草案正在表决中。",
    ),
    "conventions.no_sections": ("Write at least one section.", "请至少填写一个章节。"),
    "conventions.section_twice": ("A section is given twice.", "章节重复。"),
    "conventions.section_long": (
        "A section holds at most {limit} lines.",
        "每个章节最多 {limit} 行。",
    ),
    "conventions.other_building": (
        "Compare versions of the same building.",
        "只能比较同一楼栋的公约版本。",
    ),
    "conventions.item_wrong_status": (
        "Not allowed in the service item's current status.",
        "服务事项当前状态下不允许该操作。",
    ),
    "conventions.changed_meanwhile": (
        "Changed meanwhile; read it again.",
        "数据已被他人修改，请刷新后重试。",
    ),
    # figures (issue 14)
    "stats.range_reversed": ("`from` is after `to`.", "开始日期晚于结束日期。"),
    "stats.range_too_long": (
        "At {granularity} granularity a range holds at most {days} days.",
        "按 {granularity} 汇总时，时间范围最多 {days} 天。",
    ),
    "stats.level": (
        "Figures are kept for streets, communities, grids and buildings.",
        "统计只提供到街道、社区、网格和楼栋。",
    ),
    "stats.day_out_of_range": (
        "Figures are kept for days from {first} to {last}.",
        "统计日期须在 {first} 至 {last} 之间。",
    ),
    "stats.bad_day": ("{name} is a day: YYYY-MM-DD.", "{name} 须为日期：YYYY-MM-DD。"),
    # ---------------------------------------------------------------- elder care (issue 14)
    "devices.no_device": ("No such device.", "设备不存在。"),
    "devices.may_not_manage": (
        "You may not register or change devices here.",
        "您无权在此登记或修改智能设备。",
    ),
    "devices.not_elder": (
        "Devices are registered to residents tagged as elders living alone (独居老人).",
        "智能设备只能登记给标记为独居老人的居民。",
    ),
    "devices.retired": ("This device has been retired.", "该设备已停用。"),
    "devices.changed_meanwhile": (
        "The device changed meanwhile; read it again.",
        "设备已被他人修改，请刷新后重试。",
    ),
    "alerts.no_alert": ("No such alert.", "告警不存在。"),
    "alerts.may_not_handle": (
        "You may not handle this alert.",
        "您无权处理该告警。",
    ),
    "alerts.not_acknowledgeable": (
        "An alert that is {status} cannot be acknowledged.",
        "状态为{status}的告警不能响应。",
    ),
    "alerts.not_closable": (
        "Only an acknowledged alert is closed; this one is {status}.",
        "只有已响应的告警才能办结，该告警状态为{status}。",
    ),
    "alerts.follow_up_needed": (
        "Say how it was followed up: VISIT, CALL, HOSPITAL or FALSE_ALARM.",
        "请选择处置方式：上门查看、电话联系、送医或误报。",
    ),
    "alerts.note_needed": (
        "Write a note of what was done.",
        "请填写处置情况说明。",
    ),
    "alerts.changed_meanwhile": (
        "Someone else handled this alert meanwhile; read it again.",
        "该告警已被他人处理，请刷新后查看。",
    ),
}

# What enum parameters and nouns read as: `<Enum class>.<value>` or the English noun.
_TERMS: dict[str, tuple[str, str]] = {
    "OrgLevel.STREET": ("STREET", "街道"),
    "OrgLevel.COMMUNITY": ("COMMUNITY", "社区"),
    "OrgLevel.GRID": ("GRID", "网格"),
    "OrgLevel.BUILDING": ("BUILDING", "楼栋"),
    "OrgLevel.CENTRAL_HOUSEHOLD": ("CENTRAL_HOUSEHOLD", "党员中心户"),
    "ActivityStatus.PLANNED": ("planned", "筹备中"),
    "ActivityStatus.OPEN": ("open for sign-up", "报名中"),
    "ActivityStatus.CLOSED": ("closed for sign-up", "报名截止"),
    "ActivityStatus.CANCELLED": ("cancelled", "已取消"),
    "Role.SYSTEM_ADMIN": ("SYSTEM_ADMIN", "系统管理员"),
    "Role.STREET_ADMIN": ("STREET_ADMIN", "街道管理员"),
    "Role.COMMUNITY_ADMIN": ("COMMUNITY_ADMIN", "社区管理员"),
    "Role.GRID_LEADER": ("GRID_LEADER", "网格长"),
    "Role.BUILDING_LEADER": ("BUILDING_LEADER", "楼栋长"),
    "Role.CENTRAL_HOUSEHOLD": ("CENTRAL_HOUSEHOLD", "党员中心户户长"),
    "Role.VOLUNTEER": ("VOLUNTEER", "志愿者"),
    "Role.RESIDENT": ("RESIDENT", "居民"),
    "Role.AUDITOR": ("AUDITOR", "审计员"),
    "CaseStatus.SUBMITTED": ("SUBMITTED", "已提交"),
    "CaseStatus.ACCEPTED": ("ACCEPTED", "已受理"),
    "CaseStatus.CLAIMED": ("CLAIMED", "已接单"),
    "CaseStatus.RESOLVED": ("RESOLVED", "已办结"),
    "CaseStatus.RATED": ("RATED", "已评价"),
    "CaseStatus.VERIFIED": ("VERIFIED", "已验收"),
    "CaseStatus.REJECTED": ("REJECTED", "已驳回"),
    # A step as in "cannot be <step>" and "may not <step>" (English past tense / verb).
    "Step.ACCEPT": ("accepted", "受理"),
    "Step.REJECT": ("rejected", "驳回"),
    "Step.ASSIGN": ("assigned", "指派"),
    "Step.CLAIM": ("claimed", "接单"),
    "Step.RESOLVE": ("resolved", "办结"),
    "Step.RATE": ("rated", "评价"),
    "Step.REOPEN": ("reopened", "重新办理"),
    "Step.VERIFY": ("verified", "验收"),
    "TitleKind.BUILDING_HEAD": ("BUILDING_HEAD", "楼栋长"),
    "TitleKind.RED_STEWARD": ("RED_STEWARD", "红管家"),
    "TitleKind.GRID_WORKER": ("GRID_WORKER", "网格员"),
    "TitleKind.PART_TIME_COMMITTEE_MEMBER": ("PART_TIME_COMMITTEE_MEMBER", "兼职委员"),
    # notices and the public building page (issue 13)
    "TitleKind.PARTY_GROUP_LEADER": ("PARTY_GROUP_LEADER", "楼栋党小组组长"),
    "A body": ("A body", "正文"),
    "CampaignStage.DRAFT": ("DRAFT", "草稿"),
    "CampaignStage.NOMINATING": ("NOMINATING", "提名"),
    "CampaignStage.SCORING": ("SCORING", "评议打分"),
    "CampaignStage.SHORTLIST": ("SHORTLIST", "公示"),
    "CampaignStage.AWARDED": ("AWARDED", "已授予"),
    "CampaignStage.CANCELLED": ("CANCELLED", "已取消"),
    "Criterion.ENVIRONMENT": ("ENVIRONMENT", "环境卫生好"),
    "Criterion.NEIGHBOURLINESS": ("NEIGHBOURLINESS", "邻里关系好"),
    "Criterion.LAW_ABIDING": ("LAW_ABIDING", "遵纪守法好"),
    "Criterion.PUBLIC_MORALITY": ("PUBLIC_MORALITY", "社会公德好"),
    "Criterion.HONESTY": ("HONESTY", "诚实守信好"),
    "Criterion.VOLUNTEER_POINTS": ("VOLUNTEER_POINTS", "志愿积分"),
    "Criterion.DUTY_POINTS": ("DUTY_POINTS", "履职积分"),
    "Subject.BUILDING": ("building (nodeId)", "楼栋（nodeId）"),
    "Subject.HOUSEHOLD": ("household (householdId)", "住户（householdId）"),
    "Subject.MERCHANT": ("merchant (nodeId and name)", "商户（nodeId 和 name）"),
    "Subject.PARTY_MEMBER": ("party member (residentId)", "党员（residentId）"),
    "Subject.CADRE": ("cadre (userId)", "干部（userId）"),
    "RedemptionStatus.REDEEMED": ("REDEEMED", "已兑换"),
    "RedemptionStatus.CANCELLED": ("CANCELLED", "已撤销"),
    # Topics (议题, issue 13)
    "TopicStatus.OPEN": ("open", "议事中"),
    "TopicStatus.ADOPTED": ("adopted", "已采纳"),
    "TopicStatus.DECLINED": ("declined", "未采纳"),
    "TopicStatus.MERGED": ("merged", "已合并"),
    "TopicLevel.BUILDING": ("building", "楼栋"),
    "TopicLevel.GRID": ("grid", "网格"),
    "TopicLevel.COMMUNITY": ("community", "社区"),
    # elder care (issue 14)
    "AlertStatus.RAISED": ("RAISED", "待响应"),
    "AlertStatus.ACKNOWLEDGED": ("ACKNOWLEDGED", "已响应"),
    "AlertStatus.ESCALATED": ("ESCALATED", "已上报社区"),
    "AlertStatus.CLOSED": ("CLOSED", "已办结"),
    # Nouns (`Noun`): what a text is, what was not found, case verbs.
    "A goods name": ("A goods name", "物品名称"),
    "A cooperative": ("A cooperative", "合作社名称"),
    "A text": ("A text", "文本"),
    "A name": ("A name", "名称"),
    "A city": ("A city", "城市"),
    "A comment": ("A comment", "评价内容"),
    "A description": ("A description", "描述"),
    "A display name": ("A display name", "显示名称"),
    "A household number": ("A household number", "户号"),
    "A note": ("A note", "备注"),
    "A pledge": ("A pledge", "承诺"),
    "A reason": ("A reason", "原因"),
    "An answer": ("An answer", "答复"),
    "A team name": ("A team name", "队伍名称"),
    "A title": ("A title", "标题"),
    "A place": ("A place", "地点"),
    # meetings (issue 13)
    "An agenda item": ("An agenda item", "议程"),
    "Minutes": ("Minutes", "会议纪要"),
    "An employer": ("An employer", "工作单位"),
    "The material": ("The material", "材料"),
    "The parties": ("The parties", "当事人"),
    "node": ("node", "节点"),
    "building": ("building", "楼栋"),
    "community": ("community", "社区"),
    "nothing": ("nothing", "无"),
    "accept": ("accept", "受理"),
    "reject": ("reject", "驳回"),
    "dispatch": ("dispatch", "指派"),
    "claim": ("claim", "接单"),
    "verify": ("verify", "验收"),
}

# strawberry's own words for a refused request, and their keys.
_REASONS = {
    _CATALOGUE[key][0]: key
    for key in (
        "request.bad_json",
        "request.no_query",
        "request.content_type",
        "request.bad_multipart",
        "request.files_missing",
        "request.method",
    )
}

MESSAGES: dict[Language, dict[str, str]] = {
    language: {key: texts[index] for key, texts in _CATALOGUE.items()}
    for index, language in enumerate(LANGUAGES)
}
TERMS: dict[Language, dict[str, str]] = {
    language: {key: texts[index] for key, texts in _TERMS.items()}
    for index, language in enumerate(LANGUAGES)
}


def http_reason(reason: str, language: Language) -> str:
    """A reason strawberry (or our view) refuses a request with, in `language`."""
    if reason in _CATALOGUE:
        return render(reason, {}, language)
    key = _REASONS.get(reason)
    return render(key, {}, language) if key else render("request.bad", {"reason": reason}, language)


def is_key(text: str) -> bool:
    return text in _CATALOGUE


def parameters_of(key: str) -> set[str]:
    """The parameter names the English text of `key` takes."""
    return {name for _, name, _, _ in string.Formatter().parse(MESSAGES[ENGLISH][key]) if name}


def term(value: object, language: Language) -> object:
    """An enum member or a Noun in `language`; any other value as it is."""
    if isinstance(value, Enum):
        return TERMS[language].get(f"{type(value).__name__}.{value.value}", str(value.value))
    if isinstance(value, Noun):
        return TERMS[language].get(str(value), str(value))
    return value


def render(key: str, params: Mapping[str, object], language: Language = ENGLISH) -> str:
    """The message `key` in `language`, its parameters translated where they are words."""
    values = _Values({name: term(value, language) for name, value in params.items()})
    return MESSAGES[language][key].format_map(values)


class _Values(dict[str, object]):
    """A parameter the code forgot shows as `{name}` rather than failing the request."""

    def __missing__(self, name: str) -> "_Missing":
        return _Missing(name)


class _Missing(str):
    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return "{" + self + "}"


# One range of Accept-Language: a tag (or *) and an optional weight.
_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$", re.IGNORECASE
)


def negotiate(accept_language: str | None) -> Language:
    """Chinese when the header prefers it to English (RFC 9110 weights; of equal weights the
    range listed first wins), else English. `zh-CN`, `zh`, `zh-Hans-CN` and `zh-TW` all ask for
    Chinese; `*` stands for a language the header does not name."""
    if not accept_language:
        return ENGLISH
    named: dict[Language, tuple[float, int]] = {}
    wildcard: tuple[float, int] | None = None
    for position, part in enumerate(accept_language[:1000].split(",")[:50]):
        match = _RANGE.match(part)
        if match is None:
            continue
        tag, weight = match.group(1).lower(), match.group(2)
        try:
            quality = 1.0 if weight is None else float(weight)
        except ValueError:
            continue
        if not 0 <= quality <= 1:
            continue
        if tag == "*":
            wildcard = wildcard or (quality, position)
            continue
        for language in LANGUAGES:
            if language[:2] == tag.split("-")[0] and quality > named.get(language, (-1, 0))[0]:
                named[language] = (quality, position)
    ranked = [
        (weight[0], -weight[1], language == ENGLISH, language)
        for language in LANGUAGES
        if (weight := named.get(language, wildcard)) is not None and weight[0] > 0
    ]
    return max(ranked)[3] if ranked else ENGLISH
