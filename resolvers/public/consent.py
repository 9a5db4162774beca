"""A party member's own consent to the public building page (三亮) and service pledge.

`setMyPublicConsent` is for the member themselves, signed in with the account linked to their
resident record (policies/public.py `may_set_own_consent`); staff in scope record a consent
given on paper with `setPartyMember` (person.write). Either drops the building's cached page.
"""

import models
from policies.public import holds_contact_number, may_set_own_consent
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid
from resolvers.text import clean_text

MAX_PLEDGE = 500


async def set_my_public_consent(
    ctx: Context, show_publicly: bool, pledge: str | None
) -> models.PartyMember:
    me = require_user(ctx)
    members = (
        await models.PartyMember.filter(resident__user_id=me.id, resident__active=True)
        .select_related("resident__household")
        .order_by("id")
    )
    mine = [m for m in members if may_set_own_consent(me.id, m.resident.user_id)]
    if not mine:
        raise Forbidden("public.not_a_member")
    text = None
    if pledge is not None:
        text = clean_text(
            pledge, "pledge", limit=MAX_PLEDGE, what="A pledge", required=False, multiline=True
        )
        if holds_contact_number(text):
            raise Invalid("public.pledge_number", field="pledge")
    member = mine[0]
    audit.before(ctx, member)
    member.show_publicly = show_publicly
    if text is not None:
        member.pledge = text
    await member.save(update_fields=["show_publicly", "pledge", "updated_at"])
    ctx.services.public_pages.forget(member.resident.household.building_id)
    return member
