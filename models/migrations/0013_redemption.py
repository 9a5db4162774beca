"""Redemption (issue 12): a catalogue of goods per community with stock changes, the yearly
redemption window, redemptions (each one REDEMPTION entry of the ledger) and dividend
distributions with their lines. Indexes serve the lists' scope (copied paths) and orders; on
PostgreSQL CHECK constraints back the rules the code keeps (stock never below zero)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.redemption import RedemptionStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

PATH_INDEXES = {
    "redemption_good_node_path_idx": "redemption_good (node_path{pattern})",
    "redemption_node_path_idx": "redemption (node_path{pattern})",
    "dividend_node_path_idx": "dividend (node_path{pattern})",
    "dividend_line_building_path_idx": "dividend_line (building_path{pattern})",
}
INDEXES = {
    "redemption_good_name_id_idx": "redemption_good (name, id)",
    "redemption_good_price_id_idx": "redemption_good (price, id)",
    "redemption_good_created_id_idx": "redemption_good (created_at, id)",
    "redemption_redeemed_id_idx": "redemption (redeemed_at, id)",
    "redemption_resident_idx": "redemption (resident_id, redeemed_at)",
    "redemption_good_idx": "redemption (good_id)",
    "redemption_stock_change_good_idx": "redemption_stock_change (good_id, id)",
    "dividend_created_id_idx": "dividend (created_at, id)",
    "dividend_line_distribution_amount_idx": "dividend_line (distribution_id, amount_fen, id)",
    "dividend_line_amount_id_idx": "dividend_line (amount_fen, id)",
    "dividend_line_household_idx": "dividend_line (household_id)",
}
# One redemption per ledger entry, and per reversing entry.
UNIQUE_INDEXES = {
    "redemption_entry_unique": "redemption (entry_id)",
    "redemption_reversal_unique": "redemption (reversal_id)",
}
CHECKS = {
    "redemption_good": {
        "redemption_good_stock_not_negative": "stock >= 0",
        "redemption_good_price_positive": "price > 0",
    },
    "redemption": {
        "redemption_quantity_positive": "quantity > 0",
        "redemption_points_price": "points = quantity * unit_price",
    },
    "dividend_line": {"dividend_line_amount_not_negative": "amount_fen >= 0"},
}


async def indexes_and_checks(apps, schema_editor) -> None:
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    pattern = " varchar_pattern_ops" if postgres else ""
    for name, target in PATH_INDEXES.items():
        target = target.format(pattern=pattern)
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    for name, target in INDEXES.items():
        await client.execute_script(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    for name, target in UNIQUE_INDEXES.items():
        await client.execute_script(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {target}")
    if postgres:
        for table, checks in CHECKS.items():
            for name, condition in checks.items():
                await client.execute_script(
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} CHECK ({condition})"
                )


async def drop_indexes_and_checks(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for table, checks in CHECKS.items():
            for name in checks:
                await client.execute_script(
                    f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
                )
    for name in [*PATH_INDEXES, *INDEXES, *UNIQUE_INDEXES]:
        await client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0012_evaluations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DividendDistribution',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='dividends', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('cooperative', fields.CharField(max_length=100)),
                ('income_fen', fields.BigIntField()),
                ('period_start', fields.DateField()),
                ('period_end', fields.DateField()),
                ('total_points', fields.IntField()),
                ('note', fields.CharField(default='', max_length=500)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='dividends', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'dividend', 'app': 'models', 'pk_attr': 'id', 'table_description': "A cooperative's income for a period shared among the community's households by their"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='DividendLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('distribution', fields.ForeignKeyField('models.DividendDistribution', source_field='distribution_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', db_constraint=True, to_field='id', related_name='dividend_lines', on_delete=OnDelete.RESTRICT)),
                ('building', fields.ForeignKeyField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='dividend_lines', on_delete=OnDelete.RESTRICT)),
                ('building_path', fields.CharField(default='', db_default='', max_length=255)),
                ('points', fields.IntField()),
                ('amount_fen', fields.BigIntField()),
            ],
            options={'table': 'dividend_line', 'app': 'models', 'unique_together': (('distribution', 'household'),), 'pk_attr': 'id', 'table_description': "One household's share of a distribution: its points and its money (fen)."},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='RedemptionGood',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='redemption_goods', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('name', fields.CharField(max_length=100)),
                ('description', fields.CharField(default='', max_length=500)),
                ('price', fields.IntField()),
                ('stock', fields.IntField(default=0)),
                ('active', fields.BooleanField(default=True)),
                ('yearly_limit', fields.IntField(null=True)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='goods_created', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'redemption_good', 'app': 'models', 'unique_together': (('community', 'name'),), 'pk_attr': 'id', 'table_description': "Goods of a community's catalogue (兑换物品): a price in points and a stock that never"},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='Redemption',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('good', fields.ForeignKeyField('models.RedemptionGood', source_field='good_id', db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('community', fields.ForeignKeyField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='community_redemptions', on_delete=OnDelete.RESTRICT)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('building', fields.ForeignKeyField('models.OrgNode', source_field='building_id', db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(default='', db_default='', max_length=255)),
                ('good_name', fields.CharField(max_length=100)),
                ('quantity', fields.IntField()),
                ('unit_price', fields.IntField()),
                ('points', fields.IntField()),
                ('status', fields.CharEnumField(default=RedemptionStatus.REDEEMED, description='REDEEMED: REDEEMED\nCANCELLED: CANCELLED', enum_type=RedemptionStatus, max_length=16)),
                ('entry', fields.ForeignKeyField('models.PointEntry', source_field='entry_id', null=True, db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('reversal', fields.ForeignKeyField('models.PointEntry', source_field='reversal_id', null=True, db_constraint=True, to_field='id', related_name='redemption_reversals', on_delete=OnDelete.RESTRICT)),
                ('redeemed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='redemptions_recorded', on_delete=OnDelete.SET_NULL)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cancelled_by', fields.ForeignKeyField('models.User', source_field='cancelled_by_id', null=True, db_constraint=True, to_field='id', related_name='redemptions_cancelled', on_delete=OnDelete.SET_NULL)),
                ('cancel_reason', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'redemption', 'app': 'models', 'pk_attr': 'id', 'table_description': "A resident's redemption of goods: the points it cost are one REDEMPTION entry of the"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='RedemptionWindow',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.OneToOneField('models.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='redemption_window', on_delete=OnDelete.RESTRICT)),
                ('opens_month', fields.SmallIntField()),
                ('opens_day', fields.SmallIntField()),
                ('closes_month', fields.SmallIntField()),
                ('closes_day', fields.SmallIntField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'redemption_window', 'app': 'models', 'pk_attr': 'id', 'table_description': 'When in the year a community\'s residents redeem ("一年一兑换"): from `opens` to `closes`'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='StockChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('good', fields.ForeignKeyField('models.RedemptionGood', source_field='good_id', db_constraint=True, to_field='id', related_name='stock_changes', on_delete=OnDelete.CASCADE)),
                ('delta', fields.IntField()),
                ('stock_after', fields.IntField()),
                ('reason', fields.CharField(max_length=200)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='stock_changes', on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'redemption_stock_change', 'app': 'models', 'pk_attr': 'id', 'table_description': "A change of a good's stock by hand (stocked at creation, restocked, written off), with"},
            bases=['IdMixin', 'Model'],
        ),
        ops.RunPython(indexes_and_checks, drop_indexes_and_checks),
    ]
