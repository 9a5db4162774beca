"""The committed migrations describe the models exactly: no change is left unmigrated."""

import pytest
from tortoise.context import TortoiseContext
from tortoise.exceptions import IntegrityError
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.models import Model

import models
from app.db import tortoise_config


async def test_models_have_no_unmigrated_changes(tmp_path) -> None:
    config = tortoise_config(f"sqlite://{tmp_path / 'x.sqlite3'}")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        assert ctx.apps is not None
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
    assert writers == [], "run `tortoise makemigrations` and commit the new migration"


def test_model_docstrings_hold_no_semicolons() -> None:
    """Tortoise copies them into table comments, and its SQLite migrations split on ';'."""
    import models

    for name in models.__all__:
        model = getattr(models, name)
        if isinstance(model, type) and issubclass(model, Model):
            assert ";" not in (model.__doc__ or ""), name


@pytest.mark.parametrize("at_a_node", [True, False])
async def test_a_role_is_held_once_per_user_and_node_while_active(app, at_a_node) -> None:
    # given: an active grant (SYSTEM_ADMIN has no node: NULL must count as equal too)
    user = await models.User.create(username="u", display_name="u", password_hash="-")
    node = None
    if at_a_node:
        node = await models.OrgNode.create(name="s", level=models.OrgLevel.STREET, path="/1/")
    role = models.Role.STREET_ADMIN if at_a_node else models.Role.SYSTEM_ADMIN
    first = await models.RoleGrant.create(user=user, role=role, node=node)
    # when / then: a second active one is refused
    with pytest.raises(IntegrityError):
        await models.RoleGrant.create(user=user, role=role, node=node)
    # and once the first is revoked, the role may be granted again
    await models.RoleGrant.filter(id=first.id).update(revoked_at=first.created_at)
    await models.RoleGrant.create(user=user, role=role, node=node)
    assert await models.RoleGrant.filter(user=user).count() == 2
