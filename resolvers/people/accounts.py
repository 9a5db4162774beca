"""Tying a user account to a resident (the account then reads its own household)."""

import models
from policies.rules import LINKED_ACCOUNT_ROLE
from resolvers.context import Context
from resolvers.errors import Conflict, NotFound
from resolvers.people.residents import resident_to_change
from resolvers.users.grants import grant_role


async def link_resident_account(ctx: Context, resident_id: int, user_id: int) -> models.Resident:
    """Tie a user account to a resident: the user holds the linked-account role (policies) at
    the building and reads their own household unmasked."""
    resident = await resident_to_change(ctx, resident_id)
    user = await models.User.get_or_none(id=user_id, is_active=True)
    if user is None:
        raise NotFound("No such user.", field="userId")
    taken = models.Resident.filter(user_id=user.id).exclude(id=resident.id)
    if await taken.exists():
        raise Conflict("This account already belongs to another resident.", field="userId")
    building_id = resident.household.building_id
    held = await models.RoleGrant.exists(
        user_id=user.id, role=LINKED_ACCOUNT_ROLE, node_id=building_id, revoked_at=None
    )
    if not held:
        await grant_role(ctx, user.id, LINKED_ACCOUNT_ROLE, building_id)
    await models.Resident.filter(id=resident.id).update(user_id=user.id)
    return await models.Resident.get(id=resident.id).select_related("household__building")
