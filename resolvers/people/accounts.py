"""Tying a user account to a resident (the account then reads its own household), and untying it.

Who may do it is `policies.authorizer.may_link_account`; which accounts may be tied is
`policies.rules.link_refusal`."""

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

import models
from policies.authorizer import may_link_account
from policies.rules import LINKED_ACCOUNT_ROLE, LinkRefusal, link_refusal
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.meetings.running import seats_one_person_twice
from resolvers.people.masking import building_path_of
from resolvers.people.residents import resident_to_change
from resolvers.users.grant_writes import give_grant, revoke_grants

# One answer for every account that cannot be tied, so the answer tells nothing of an account
# the caller may not read (whether it exists, holds a staff role or is someone else's).
ACCOUNT_REFUSED = "accounts.refused"


async def _resident_to_link(ctx: Context, resident_id: int) -> models.Resident:
    resident = await resident_to_change(ctx, resident_id)
    if not may_link_account(ctx.viewer, building_path_of(resident)):
        raise Forbidden("accounts.may_not_link", field="id")
    return resident


async def link_resident_account(ctx: Context, resident_id: int, user_id: int) -> models.Resident:
    """Tie a user account to a resident: the user holds the linked-account role (policies) at
    the building and reads their own household unmasked."""
    caller = require_user(ctx)
    resident = await _resident_to_link(ctx, resident_id)
    # Locked: two links of one account at once would each find it free.
    user = await models.User.filter(id=user_id, is_active=True).select_for_update().first()
    if user is None:
        raise Invalid(ACCOUNT_REFUSED, field="userId")
    grants = models.RoleGrant.filter(user_id=user.id, revoked_at__isnull=True)
    roles = [models.Role(row[0]) for row in await grants.values_list("role")]
    linked = [row[0] for row in await models.Resident.filter(user_id=user.id).values_list("id")]
    refusal = link_refusal(
        caller_id=caller.id,
        user_id=user.id,
        user_created_by_id=user.created_by_id,
        user_roles=roles,
        linked_resident_ids=linked,
        resident_id=resident.id,
        resident_user_id=resident.user_id,
    )
    if refusal is LinkRefusal.OWN_ACCOUNT:
        raise Forbidden("accounts.own_account", field="userId")
    if refusal is LinkRefusal.CREATED_BY_CALLER:
        raise Forbidden("accounts.created_by_caller", field="userId")
    if refusal is LinkRefusal.RESIDENT_LINKED:
        raise Conflict("accounts.resident_linked", field="id")
    if refusal is not None:
        raise Invalid(ACCOUNT_REFUSED, field="userId")
    if await seats_one_person_twice(user.id, resident.id):
        raise Conflict("accounts.seated_twice", field="userId")
    building_id = resident.household.building_id
    held = await models.RoleGrant.exists(
        user_id=user.id, role=LINKED_ACCOUNT_ROLE, node_id=building_id, revoked_at=None
    )
    if not held:
        try:
            await give_grant(
                user_id=user.id, role=LINKED_ACCOUNT_ROLE, node_id=building_id,
                granted_by_id=caller.id,
            )  # fmt: skip
        except IntegrityError as error:  # the same link landed meanwhile (unique index)
            raise Conflict("accounts.linked_meanwhile", field="userId") from error
    # Conditional: a concurrent link of another account to this resident makes this one lose.
    free = Q(user_id__isnull=True) | Q(user_id=user.id)
    tied = await models.Resident.filter(Q(id=resident.id), free).update(user_id=user.id)
    if not tied:
        raise Conflict("accounts.resident_linked", field="id")
    return await models.Resident.get(id=resident.id).select_related("household__building")


async def unlink_resident_account(ctx: Context, resident_id: int) -> models.Resident:
    """Untie the resident's account: it no longer reads the household, and loses the
    linked-account role at the building."""
    require_user(ctx)
    resident = await _resident_to_link(ctx, resident_id)
    if resident.user_id is None:
        raise Invalid("accounts.none_linked", field="id")
    await models.Resident.filter(id=resident.id).update(user_id=None)
    await revoke_grants(
        user_id=resident.user_id,
        role=LINKED_ACCOUNT_ROLE,
        node_id=resident.household.building_id,
    )
    return await models.Resident.get(id=resident.id).select_related("household__building")
