"""Access review (issue 15): explainAccess, previewGrant, previewRevoke, accessReview."""

import strawberry

import models
import resolvers.access.explain
import resolvers.access.preview
from policies.authorizer import PolicyLine
from resolvers.access.explain import CheckReading, Explanation, GrantReading
from resolvers.access.preview import Preview, Summary
from resolvers.ids import encode_global_id
from resolvers.messages import render
from schema.ids import IdOf
from schema.info import Info
from schema.node import NODE_TYPES
from schema.org import node_id_of, org_node_pk
from schema.rows import same_fields
from schema.stats import CaseCount  # one type for a count of cases by kind and status
from schema.users import User, user_pk

grant_pk = IdOf("RoleGrant")

GETTERS = {name: get for name, (get, _) in NODE_TYPES.items()}


@strawberry.type(description="One line of policies/policy.csv (策略表), as casbin reads it.")
class PolicyRule:
    role: str = strawberry.field(description="The role the line names (ROLE in `p, ROLE, ...`).")
    resource: str = strawberry.field(description="The resource, e.g. case.")
    verb: str = strawberry.field(description="The verb, e.g. read.")
    effect: str = strawberry.field(description="allow or deny; a deny overrides every allow.")
    text: str = strawberry.field(description="The line as written in policy.csv.")

    @classmethod
    def of(cls, line: PolicyLine) -> "PolicyRule":
        return same_fields(line, cls)


@strawberry.type(description="One grant (授权) of the user as one check read it.")
class GrantCheck:
    grant_id: strawberry.ID = strawberry.field(description="The RoleGrant.")
    role: models.Role = strawberry.field(description="The grant's role.")
    node_id: strawberry.ID | None = strawberry.field(
        description="The grant's node; null for SYSTEM_ADMIN (everything)."
    )
    role_allows: bool = strawberry.field(
        description="Whether the role (with the roles it inherits) holds the action: deny rows win."
    )
    contains_target: bool = strawberry.field(
        description="Whether the grant node's subtree holds the target (path prefix match)."
    )
    matching_prefix: str | None = strawberry.field(
        description="The grant's materialized path that prefixes the target's, e.g. /1/3/."
    )
    policy_lines: list[PolicyRule] = strawberry.field(
        description="The policy.csv lines of the role and the roles it inherits for the action."
    )
    casbin_rule: list[str] = strawberry.field(
        description="The rule casbin's enforce_ex named for (role, resource, verb); may be empty."
    )

    @classmethod
    def of(cls, reading: GrantReading) -> "GrantCheck":
        check = reading.check
        return cls(
            grant_id=strawberry.ID(encode_global_id("RoleGrant", reading.grant.id)),
            role=models.Role(reading.grant.role),
            node_id=node_id_of(check.grant.path),
            role_allows=check.role_allows,
            contains_target=check.contains,
            matching_prefix=check.prefix,
            policy_lines=[PolicyRule.of(line) for line in reading.lines],
            casbin_rule=reading.casbin_rule,
        )


@strawberry.type(description="One decision the enforcing code took for the user (一次权限判定).")
class AccessCheck:
    action: str = strawberry.field(description="The policy action, `resource.verb`.")
    allowed: bool = strawberry.field(description="Whether this check held for the target.")
    listing: bool = strawberry.field(
        description="A list's SQL scope (path prefix condition) rather than a per-row check."
    )
    below: bool = strawberry.field(
        description="The target had to lie strictly below a grant node (changing a node)."
    )
    grants: list[GrantCheck] = strawberry.field(description="Each visible grant's part in it.")

    @classmethod
    def of(cls, reading: CheckReading) -> "AccessCheck":
        return same_fields(
            reading,
            cls,
            action=reading.action.value,
            grants=[GrantCheck.of(g) for g in reading.grants],
        )


@strawberry.type(description="A rule of policies/rules.py (职责分离等规则) that applied.")
class AccessRule:
    rule: str = strawberry.field(description="The predicate, e.g. may_verify.")
    holds: bool = strawberry.field(description="Whether it held for the user and the target.")
    required: bool = strawberry.field(
        description="True: the action is refused unless it holds; false: it opens access."
    )
    message: str = strawberry.field(description="What the rule says, in the request's language.")


@strawberry.type(description="A personal field's masking (脱敏) for the user, and why.")
class FieldMaskingOutcome:
    field: str = strawberry.field(description="The Resident field: phone or idNumber.")
    action: str = strawberry.field(description="The action that unmasks it.")
    unmasked: bool = strawberry.field(description="Whether the user reads it unmasked.")
    reason: str = strawberry.field(description="Why, in the request's language.")


@strawberry.type(
    description=(
        "权限解释 (access explanation): whether a user may do an action on an object, decided "
        "by the very functions that enforce it, with the checks they took."
    )
)
class AccessExplanation:
    allowed: bool = strawberry.field(
        description=(
            "What the user gets: for a read, whether node(id) answers the object to them; for "
            "person.see_phone / see_id_number, whether they read it unmasked; for a change, "
            "whether its mutation's decision and rules allow it (and they read the object)."
        )
    )
    action: str = strawberry.field(description="The policy action asked, `resource.verb`.")
    user: User = strawberry.field(description="The user explained.")
    target_id: strawberry.ID = strawberry.field(description="The object asked about.")
    target_type: str = strawberry.field(description="Its GraphQL type name.")
    target_path: str | None = strawberry.field(
        description="The materialized path its scope is decided on; null for an account."
    )
    target_node_id: strawberry.ID | None = strawberry.field(
        description="The org node at the end of that path."
    )
    readable: bool = strawberry.field(description="Whether node(id) answers it to the user.")
    grants: list[strawberry.ID] = strawberry.field(
        description=(
            "The user's active grants considered (RoleGrant ids): those in your scope and those "
            "holding the target."
        )
    )
    checks: list[AccessCheck] = strawberry.field(
        description="Each check the enforcing code took, grant by grant."
    )
    rules: list[AccessRule] = strawberry.field(description="Rules of policies/rules.py applied.")
    fields: list[FieldMaskingOutcome] = strawberry.field(
        description="For a resident or a household: each masked field and why."
    )

    @classmethod
    def of(cls, explanation: Explanation, info: Info) -> "AccessExplanation":
        language = info.context.language
        return cls(
            allowed=explanation.allowed,
            action=explanation.action.value,
            user=User.from_model(explanation.user),
            target_id=strawberry.ID(explanation.target_id),
            target_type=explanation.target_type,
            target_path=explanation.target_path,
            target_node_id=node_id_of(explanation.target_path),
            readable=explanation.readable,
            grants=[strawberry.ID(encode_global_id("RoleGrant", g.id)) for g in explanation.grants],
            checks=[AccessCheck.of(c) for c in explanation.checks],
            rules=[
                same_fields(r, AccessRule, message=render(r.key, {}, language))
                for r in explanation.rules
            ],
            fields=[
                FieldMaskingOutcome(
                    field=f.field,
                    action=f.action.value,
                    unmasked=f.clear,
                    reason=render(f.key, {"action": f.action.value}, language),
                )
                for f in explanation.fields
            ],
        )


@strawberry.type(
    description=(
        "What a user reads holding one set of grants (权限范围统计): the same counts as the "
        "lists' totalCount would give them."
    )
)
class AccessSummary:
    nodes: int = strawberry.field(description="Org nodes (orgNodes), breadcrumbs included.")
    households: int = strawberry.field(description="Active households (households).")
    residents: int = strawberry.field(description="Active residents (residents).")
    phones_unmasked: int = strawberry.field(
        description="Of those residents, with a phone the user reads unmasked."
    )
    id_numbers_unmasked: int = strawberry.field(
        description="Of those residents, with an ID number the user reads unmasked."
    )
    cases: list[CaseCount] = strawberry.field(description="Cases read, by kind and status.")
    cases_total: int = strawberry.field(description="Cases read in all (cases).")

    @classmethod
    def of(cls, summary: Summary) -> "AccessSummary":
        return same_fields(
            summary,
            cls,
            cases=[
                CaseCount(kind=models.CaseKind(kind), status=models.CaseStatus(status), count=n)
                for (kind, status), n in sorted(summary.cases.items())
            ],
            cases_total=sum(summary.cases.values()),
        )


@strawberry.type(
    description=(
        "授权预览 (access preview): what a user reads and may do now and with the grant made "
        "or revoked; nothing is written."
    )
)
class AccessPreview:
    user: User = strawberry.field(description="The grant's holder.")
    role: models.Role = strawberry.field(description="The role granted or revoked.")
    node_id: strawberry.ID | None = strawberry.field(description="Where; null for SYSTEM_ADMIN.")
    before: AccessSummary = strawberry.field(description="With the user's active grants.")
    after: AccessSummary = strawberry.field(description="With the grant made or revoked.")
    gained_actions: list[str] = strawberry.field(
        description="Actions (`resource.verb`) allowed at the node after and not before."
    )
    lost_actions: list[str] = strawberry.field(
        description="Actions allowed at the node before and not after."
    )

    @classmethod
    def of(cls, preview: Preview) -> "AccessPreview":
        node = preview.node
        return cls(
            user=User.from_model(preview.user),
            role=preview.role,
            node_id=strawberry.ID(encode_global_id("OrgNode", node.id)) if node else None,
            before=AccessSummary.of(preview.before),
            after=AccessSummary.of(preview.after),
            gained_actions=[a.value for a in preview.gained],
            lost_actions=[a.value for a in preview.lost],
        )


@strawberry.type
class AccessQuery:
    @strawberry.field(
        description=(
            "权限解释: why a user may or may not do `action` (a policy action, `resource.verb`, "
            "e.g. case.read, person.see_phone, case.verify) on the object `targetId`. For system "
            "admins, street admins and auditors, about users and objects in their scope (others "
            "are NOT_FOUND)."
        )
    )
    async def explain_access(
        self, info: Info, user_id: strawberry.ID, target_id: strawberry.ID, action: str
    ) -> AccessExplanation:
        explanation = await resolvers.access.explain.explain_access(
            info.context, user_pk(user_id, "userId"), target_id, action, GETTERS
        )
        return AccessExplanation.of(explanation, info)

    @strawberry.field(
        description=(
            "授权预览: what the user would read and may do with `role` granted at `nodeId`, "
            "without granting it. Answers only what grantRole would accept from you (the same "
            "checks and errors)."
        )
    )
    async def preview_grant(
        self,
        info: Info,
        user_id: strawberry.ID,
        role: models.Role,
        node_id: strawberry.ID | None = None,
    ) -> AccessPreview:
        preview = await resolvers.access.preview.preview_grant(
            info.context, user_pk(user_id, "userId"), role, org_node_pk.optional(node_id, "nodeId")
        )
        return AccessPreview.of(preview)

    @strawberry.field(
        description=(
            "撤权预览: what the grant's holder would lose were it revoked, without revoking it. "
            "Answers only what revokeRole would accept from you."
        )
    )
    async def preview_revoke(self, info: Info, grant_id: strawberry.ID) -> AccessPreview:
        preview = await resolvers.access.preview.preview_revoke(
            info.context, grant_pk(grant_id, "grantId")
        )
        return AccessPreview.of(preview)
