from tortoise import migrations
from tortoise.migrations import operations as ops
from models.evaluations import CampaignKind, CampaignStage, CandidateStatus, Criterion, ReviewerType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

"""Evaluations (评选, issue 12): campaigns, criteria, candidates, reviewers, scores, objections
and awards. On PostgreSQL the campaign's copied node path gets a varchar_pattern_ops index for
the scope's LIKE 'prefix%' (as 0007 does for cases and households)."""

PATH_INDEX = "evaluation_campaign_node_path_like_idx"


async def path_index(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        await client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {PATH_INDEX} ON evaluation_campaign "
            "(node_path varchar_pattern_ops)"
        )


async def drop_path_index(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {PATH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [('models', '0011_activities')]

    initial = False

    operations = [
        ops.CreateModel(
            name='EvaluationCampaign',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='evaluation_campaigns', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(db_index=True, max_length=255)),
                ('kind', fields.CharEnumField(description='MODEL_BUILDING: MODEL_BUILDING\nMODEL_FAMILY: MODEL_FAMILY\nRED_STAR_MERCHANT: RED_STAR_MERCHANT\nOUTSTANDING_PARTY_MEMBER: OUTSTANDING_PARTY_MEMBER\nMODEL_CADRE: MODEL_CADRE', enum_type=CampaignKind, max_length=32)),
                ('title', fields.CharField(max_length=100)),
                ('period_start', fields.DateField()),
                ('period_end', fields.DateField()),
                ('stage', fields.CharEnumField(default=CampaignStage.DRAFT, description='DRAFT: DRAFT\nNOMINATING: NOMINATING\nSCORING: SCORING\nSHORTLIST: SHORTLIST\nAWARDED: AWARDED\nCANCELLED: CANCELLED', enum_type=CampaignStage, max_length=16)),
                ('shortlist_size', fields.IntField(null=True)),
                ('objection_ends_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='evaluation_campaigns_created', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'evaluation_campaign', 'app': 'models', 'indexes': [Index(fields=['created_at', 'id']), Index(fields=['title', 'id'])], 'pk_attr': 'id', 'table_description': 'A campaign (评选活动) at a node for one kind of title and a period.'},
            bases=['IdMixin', 'TimestampMixin', 'Model'],
        ),
        ops.CreateModel(
            name='EvaluationCandidate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.EvaluationCampaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='candidates', on_delete=OnDelete.CASCADE)),
                ('subject_key', fields.CharField(max_length=140)),
                ('name', fields.CharField(max_length=100)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_candidacies', on_delete=OnDelete.RESTRICT)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_candidacies', on_delete=OnDelete.RESTRICT)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_candidacies', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_candidacies', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=CandidateStatus.NOMINATED, description='NOMINATED: NOMINATED\nSHORTLISTED: SHORTLISTED\nSTRUCK: STRUCK\nAWARDED: AWARDED', enum_type=CandidateStatus, max_length=16)),
                ('score_centi', fields.IntField(default=0)),
                ('points_centi', fields.IntField(default=0)),
                ('points_score_centi', fields.IntField(default=0)),
                ('nominated_by', fields.ForeignKeyField('models.User', source_field='nominated_by_id', null=True, db_constraint=True, to_field='id', related_name='evaluation_nominations', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation_candidate', 'app': 'models', 'unique_together': (('campaign', 'subject_key'),), 'indexes': [Index(fields=['campaign_id', 'score_centi', 'id']), Index(fields=['campaign_id', 'name', 'id'])], 'pk_attr': 'id', 'table_description': "A candidate: a building, a household, a resident, a cadre's account, or a merchant (a"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='EvaluationAward',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.EvaluationCampaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='awards', on_delete=OnDelete.CASCADE)),
                ('candidate', fields.OneToOneField('models.EvaluationCandidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='award', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='MODEL_BUILDING: MODEL_BUILDING\nMODEL_FAMILY: MODEL_FAMILY\nRED_STAR_MERCHANT: RED_STAR_MERCHANT\nOUTSTANDING_PARTY_MEMBER: OUTSTANDING_PARTY_MEMBER\nMODEL_CADRE: MODEL_CADRE', enum_type=CampaignKind, max_length=32)),
                ('title', fields.CharField(max_length=100)),
                ('name', fields.CharField(max_length=100)),
                ('node', fields.ForeignKeyField('models.OrgNode', source_field='node_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_awards', on_delete=OnDelete.RESTRICT)),
                ('household', fields.ForeignKeyField('models.Household', source_field='household_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_awards', on_delete=OnDelete.RESTRICT)),
                ('resident', fields.ForeignKeyField('models.Resident', source_field='resident_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_awards', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='evaluation_awards', on_delete=OnDelete.RESTRICT)),
                ('valid_from', fields.DateField()),
                ('valid_until', fields.DateField()),
                ('awarded_by', fields.ForeignKeyField('models.User', source_field='awarded_by_id', null=True, db_constraint=True, to_field='id', related_name='evaluation_awards_given', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation_award', 'app': 'models', 'indexes': [Index(fields=['created_at', 'id']), Index(fields=['valid_until', 'id'])], 'pk_attr': 'id', 'table_description': "A title awarded (授予) to a candidate, valid from one day to another. The subject's ids"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='EvaluationCriterion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.EvaluationCampaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='criteria', on_delete=OnDelete.CASCADE)),
                ('criterion', fields.CharEnumField(description='ENVIRONMENT: ENVIRONMENT\nNEIGHBOURLINESS: NEIGHBOURLINESS\nLAW_ABIDING: LAW_ABIDING\nPUBLIC_MORALITY: PUBLIC_MORALITY\nHONESTY: HONESTY\nVOLUNTEER_POINTS: VOLUNTEER_POINTS\nDUTY_POINTS: DUTY_POINTS', enum_type=Criterion, max_length=24)),
                ('weight', fields.IntField()),
            ],
            options={'table': 'evaluation_criterion', 'app': 'models', 'unique_together': (('campaign', 'criterion'),), 'pk_attr': 'id', 'table_description': 'A criterion of a campaign and its weight (0-100, the weights of a campaign sum above 0).'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='EvaluationObjection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.EvaluationCampaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='objections', on_delete=OnDelete.CASCADE)),
                ('candidate', fields.ForeignKeyField('models.EvaluationCandidate', source_field='candidate_id', db_index=True, db_constraint=True, to_field='id', related_name='objections', on_delete=OnDelete.CASCADE)),
                ('filed_by', fields.ForeignKeyField('models.User', source_field='filed_by_id', db_index=True, db_constraint=True, to_field='id', related_name='evaluation_objections', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharField(max_length=1000)),
                ('answer', fields.CharField(default='', max_length=1000)),
                ('upheld', fields.BooleanField(null=True)),
                ('answered_by', fields.ForeignKeyField('models.User', source_field='answered_by_id', null=True, db_constraint=True, to_field='id', related_name='evaluation_objections_answered', on_delete=OnDelete.SET_NULL)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation_objection', 'app': 'models', 'indexes': [Index(fields=['campaign_id', 'created_at', 'id']), Index(fields=['created_at', 'id'])], 'pk_attr': 'id', 'table_description': 'An objection (异议) to a shortlisted candidate during the public notice, and its answer.'},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='EvaluationReviewer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.EvaluationCampaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='reviewers', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_index=True, db_constraint=True, to_field='id', related_name='evaluation_reviews', on_delete=OnDelete.CASCADE)),
                ('type', fields.CharEnumField(description='COMMUNITY: COMMUNITY\nOWNERS_COMMITTEE: OWNERS_COMMITTEE\nRESIDENT_REPRESENTATIVE: RESIDENT_REPRESENTATIVE', enum_type=ReviewerType, max_length=24)),
                ('assigned_by', fields.ForeignKeyField('models.User', source_field='assigned_by_id', null=True, db_constraint=True, to_field='id', related_name='evaluation_reviewers_assigned', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation_reviewer', 'app': 'models', 'unique_together': (('campaign', 'user'),), 'pk_attr': 'id', 'table_description': "A user assigned to review (民主评议) a campaign, as community, owners' committee or"},
            bases=['IdMixin', 'Model'],
        ),
        ops.CreateModel(
            name='EvaluationScore',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign', fields.ForeignKeyField('models.EvaluationCampaign', source_field='campaign_id', db_constraint=True, to_field='id', related_name='scores', on_delete=OnDelete.CASCADE)),
                ('candidate', fields.ForeignKeyField('models.EvaluationCandidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='scores', on_delete=OnDelete.CASCADE)),
                ('reviewer', fields.ForeignKeyField('models.EvaluationReviewer', source_field='reviewer_id', db_index=True, db_constraint=True, to_field='id', related_name='scores', on_delete=OnDelete.CASCADE)),
                ('criterion', fields.CharEnumField(description='ENVIRONMENT: ENVIRONMENT\nNEIGHBOURLINESS: NEIGHBOURLINESS\nLAW_ABIDING: LAW_ABIDING\nPUBLIC_MORALITY: PUBLIC_MORALITY\nHONESTY: HONESTY\nVOLUNTEER_POINTS: VOLUNTEER_POINTS\nDUTY_POINTS: DUTY_POINTS', enum_type=Criterion, max_length=24)),
                ('score', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation_score', 'app': 'models', 'unique_together': (('candidate', 'reviewer', 'criterion'),), 'pk_attr': 'id', 'table_description': "One reviewer's score (0-100) of one candidate on one criterion: written once, never"},
            bases=['IdMixin', 'Model'],
        ),
        ops.RunPython(path_index, drop_path_index),
    ]
