# Labels and help texts marked for translation (the admin at /ar/admin/ shows them in Arabic):
# verbose names and help texts only, nothing in the database changes.

import uuid

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0024_month_tally"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={"ordering": ["incident", "kind", "pk"], "verbose_name": "claim", "verbose_name_plural": "claims"},
        ),
        migrations.AlterModelOptions(
            name="correction",
            options={
                "ordering": ["-made_at", "-pk"],
                "verbose_name": "correction",
                "verbose_name_plural": "corrections",
            },
        ),
        migrations.AlterModelOptions(
            name="governorate",
            options={"ordering": ["name"], "verbose_name": "governorate", "verbose_name_plural": "governorates"},
        ),
        migrations.AlterModelOptions(
            name="group",
            options={"ordering": ["name"], "verbose_name": "group", "verbose_name_plural": "groups"},
        ),
        migrations.AlterModelOptions(
            name="grouprelation",
            options={
                "ordering": ["subject__name", "kind", "object__name"],
                "verbose_name": "group relation",
                "verbose_name_plural": "group relations",
            },
        ),
        migrations.AlterModelOptions(
            name="incident",
            options={
                "ordering": ["-date", "-pk"],
                "permissions": [("publish_incident", "Can publish and retract incidents")],
                "verbose_name": "incident",
                "verbose_name_plural": "incidents",
            },
        ),
        migrations.AlterModelOptions(
            name="incidentsource",
            options={
                "ordering": ["incident", "pk"],
                "verbose_name": "incident source",
                "verbose_name_plural": "incident sources",
            },
        ),
        migrations.AlterModelOptions(
            name="location",
            options={"ordering": ["name"], "verbose_name": "location", "verbose_name_plural": "locations"},
        ),
        migrations.AlterModelOptions(
            name="source",
            options={"ordering": ["publisher", "title"], "verbose_name": "source", "verbose_name_plural": "sources"},
        ),
        migrations.AlterField(
            model_name="claim",
            name="actor",
            field=models.CharField(
                blank=True,
                help_text="Who, when it is not a group in the database (e.g. unidentified gunmen).",
                max_length=200,
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="channel",
            field=models.CharField(
                choices=[
                    ("telegram", "Telegram"),
                    ("statement", "Statement"),
                    ("video", "Video"),
                    ("media_report", "Media report"),
                    ("official", "Official statement"),
                    ("social_media", "Social media"),
                    ("analysis", "Analysis"),
                    ("other", "Other"),
                ],
                default="media_report",
                max_length=15,
                verbose_name="channel",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="confidence",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                max_length=6,
                verbose_name="confidence",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="incidents.group",
                verbose_name="group",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="incident",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claims",
                to="incidents.incident",
                verbose_name="incident",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="kind",
            field=models.CharField(
                choices=[
                    ("claimed", "Claimed by the group"),
                    ("attributed", "Attributed by officials or analysts"),
                    ("denied", "Denied by the group"),
                    ("suspected", "Suspected"),
                ],
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="claim",
            name="source",
            field=models.ForeignKey(
                blank=True,
                help_text="The source this statement rests on: one of the incident's sources.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="incidents.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="stated_by",
            field=models.CharField(
                blank=True, help_text="Who made the statement.", max_length=200, verbose_name="stated by"
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="stated_on",
            field=models.DateField(blank=True, null=True, verbose_name="stated on"),
        ),
        migrations.AlterField(
            model_name="claim",
            name="url",
            field=models.URLField(blank=True, max_length=1000, verbose_name="url"),
        ),
        migrations.AlterField(
            model_name="correction",
            name="changes",
            field=models.JSONField(
                help_text="[[what, before, after], …] as the public saw them.", verbose_name="changes"
            ),
        ),
        migrations.AlterField(
            model_name="correction",
            name="incident",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="corrections",
                to="incidents.incident",
                verbose_name="incident",
            ),
        ),
        migrations.AlterField(
            model_name="correction",
            name="made_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="made at"),
        ),
        migrations.AlterField(
            model_name="correction",
            name="made_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="made by",
            ),
        ),
        migrations.AlterField(
            model_name="correction",
            name="note",
            field=models.TextField(
                help_text="Why, in words for the public: shown with the change.", verbose_name="note"
            ),
        ),
        migrations.AlterField(
            model_name="governorate",
            name="arabic_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="arabic name"),
        ),
        migrations.AlterField(
            model_name="governorate",
            name="country",
            field=models.CharField(default="Iraq", max_length=100, verbose_name="country"),
        ),
        migrations.AlterField(
            model_name="governorate",
            name="latitude",
            field=models.DecimalField(
                decimal_places=6,
                help_text="Approximate centre, used to draw governorate-level places.",
                max_digits=9,
                validators=[
                    django.core.validators.MinValueValidator(-90),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AlterField(
            model_name="governorate",
            name="longitude",
            field=models.DecimalField(
                decimal_places=6,
                help_text="Approximate centre, used to draw governorate-level places.",
                max_digits=9,
                validators=[
                    django.core.validators.MinValueValidator(-180),
                    django.core.validators.MaxValueValidator(180),
                ],
                verbose_name="longitude",
            ),
        ),
        migrations.AlterField(
            model_name="governorate",
            name="name",
            field=models.CharField(max_length=100, unique=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="governorate",
            name="slug",
            field=models.SlugField(max_length=100, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="group",
            name="aliases",
            field=models.TextField(
                blank=True, help_text="Other names and transliterations, one per line.", verbose_name="aliases"
            ),
        ),
        migrations.AlterField(
            model_name="group",
            name="arabic_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="arabic name"),
        ),
        migrations.AlterField(
            model_name="group",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="group",
            name="kind",
            field=models.CharField(
                choices=[
                    ("militia", "Militia"),
                    ("front", "Front group"),
                    ("umbrella", "Umbrella or coalition"),
                    ("state", "State actor"),
                ],
                default="militia",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="group",
            name="name",
            field=models.CharField(max_length=200, unique=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="group",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before a published incident names it (editors only). A group named by a claim on a published incident is public anyway; one named only on drafts stays private.",
                verbose_name="public",
            ),
        ),
        migrations.AlterField(
            model_name="group",
            name="slug",
            field=models.SlugField(max_length=200, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="grouprelation",
            name="confidence",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                default="medium",
                max_length=6,
                verbose_name="confidence",
            ),
        ),
        migrations.AlterField(
            model_name="grouprelation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("front_for", "is suspected to be a front for"),
                    ("part_of", "is part of"),
                    ("splinter_of", "is a splinter of"),
                    ("sponsored_by", "is sponsored by"),
                ],
                max_length=15,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="grouprelation",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="grouprelation",
            name="object",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="inbound_relations",
                to="incidents.group",
                verbose_name="object",
            ),
        ),
        migrations.AlterField(
            model_name="grouprelation",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="incidents.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="grouprelation",
            name="subject",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="relations",
                to="incidents.group",
                verbose_name="subject",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="actor",
            field=models.CharField(
                blank=True,
                help_text="Who, when it is not a group in the database (e.g. unidentified gunmen).",
                max_length=200,
                verbose_name="actor",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="channel",
            field=models.CharField(
                choices=[
                    ("telegram", "Telegram"),
                    ("statement", "Statement"),
                    ("video", "Video"),
                    ("media_report", "Media report"),
                    ("official", "Official statement"),
                    ("social_media", "Social media"),
                    ("analysis", "Analysis"),
                    ("other", "Other"),
                ],
                default="media_report",
                max_length=15,
                verbose_name="channel",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="confidence",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                max_length=6,
                verbose_name="confidence",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="group",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.group",
                verbose_name="group",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="incident",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.incident",
                verbose_name="incident",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="kind",
            field=models.CharField(
                choices=[
                    ("claimed", "Claimed by the group"),
                    ("attributed", "Attributed by officials or analysts"),
                    ("denied", "Denied by the group"),
                    ("suspected", "Suspected"),
                ],
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The source this statement rests on: one of the incident's sources.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="stated_by",
            field=models.CharField(
                blank=True, help_text="Who made the statement.", max_length=200, verbose_name="stated by"
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="stated_on",
            field=models.DateField(blank=True, null=True, verbose_name="stated on"),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="url",
            field=models.URLField(blank=True, max_length=1000, verbose_name="url"),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="aliases",
            field=models.TextField(
                blank=True, help_text="Other names and transliterations, one per line.", verbose_name="aliases"
            ),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="arabic_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="arabic name"),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="kind",
            field=models.CharField(
                choices=[
                    ("militia", "Militia"),
                    ("front", "Front group"),
                    ("umbrella", "Umbrella or coalition"),
                    ("state", "State actor"),
                ],
                default="militia",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="name",
            field=models.CharField(db_index=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before a published incident names it (editors only). A group named by a claim on a published incident is public anyway; one named only on drafts stays private.",
                verbose_name="public",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgroup",
            name="slug",
            field=models.SlugField(max_length=200, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="historicalgrouprelation",
            name="confidence",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                default="medium",
                max_length=6,
                verbose_name="confidence",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgrouprelation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("front_for", "is suspected to be a front for"),
                    ("part_of", "is part of"),
                    ("splinter_of", "is a splinter of"),
                    ("sponsored_by", "is sponsored by"),
                ],
                max_length=15,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgrouprelation",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="historicalgrouprelation",
            name="object",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.group",
                verbose_name="object",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgrouprelation",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalgrouprelation",
            name="subject",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.group",
                verbose_name="subject",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="confidence",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                help_text="How sure we are that it happened as described.",
                max_length=6,
                verbose_name="confidence",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="created_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="date",
            field=models.DateField(
                help_text="The day; for week, month or range precision, the first possible day.", verbose_name="date"
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="date_end",
            field=models.DateField(
                blank=True,
                help_text="The last possible day. Set automatically unless the precision is a range.",
                verbose_name="date end",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="date_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("week", "Week"), ("month", "Month"), ("range", "Between two dates")],
                max_length=5,
                verbose_name="date precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The incident that counts for the event this one also describes. A duplicate is left out of every public figure, list and export unless asked for.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.incident",
                verbose_name="duplicate of",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="duplicate_reason",
            field=models.TextField(
                blank=True, help_text="Why the two describe one event.", verbose_name="duplicate reason"
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="external_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Its identifier in the data set it came from, e.g. ACLED's event_id_cnty.",
                max_length=100,
                verbose_name="external id",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="killed",
            field=models.PositiveIntegerField(
                blank=True, help_text="Empty means unknown; 0 means none.", null=True, verbose_name="killed"
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="location",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.location",
                verbose_name="location",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="not_duplicate_confirmed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="not duplicate confirmed at"
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="not_duplicate_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="Who saved it although likely duplicates were listed (“Not a duplicate”).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="not duplicate confirmed by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When it was first published (the feed's order).",
                null=True,
                verbose_name="published at",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="publisher_record",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="For an imported row, the publisher's own row as given ({'format': 'acled'|'gtd'|'ucdp', 'row': {column: cell}}): its taxonomy, actors and places, written back unchanged by the export in its layout. Our type, claims and place are the mapping of it for our filters.",
                verbose_name="publisher record",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="retraction_reason",
            field=models.TextField(blank=True, verbose_name="retraction reason"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published"), ("retracted", "Retracted")],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="target",
            field=models.CharField(
                choices=[
                    ("military_base", "Military base"),
                    ("diplomatic", "Diplomatic mission"),
                    ("airport", "Airport"),
                    ("convoy", "Logistics convoy"),
                    ("oil_industry", "Oil or industry"),
                    ("person", "Individual (activist, analyst …)"),
                    ("security_forces", "Security forces"),
                    ("militia", "Militia"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="target",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="target_detail",
            field=models.CharField(blank=True, max_length=300, verbose_name="target detail"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="target_owner",
            field=models.CharField(
                choices=[
                    ("us_military", "US military"),
                    ("us_diplomatic", "US diplomatic"),
                    ("coalition_logistics", "Coalition logistics (contractors and convoys supplying it)"),
                    ("coalition_other", "Other coalition members"),
                    ("international", "The UN and international organisations"),
                    ("iraqi_state", "Iraqi state"),
                    ("iraqi_civilians", "Civilians in Iraq (activists, journalists)"),
                    ("militia", "Militia"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                help_text="Whose the target is: US, coalition, international, Iraqi, militia.",
                max_length=20,
                verbose_name="target owner",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="time",
            field=models.TimeField(blank=True, help_text="Local time, if known.", null=True, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="title",
            field=models.CharField(max_length=200, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="type",
            field=models.CharField(
                choices=[
                    ("rocket", "Rocket or mortar"),
                    ("ied", "IED"),
                    ("drone", "Drone"),
                    ("small_arms", "Small arms"),
                    ("kidnapping", "Kidnapping"),
                    ("assassination", "Assassination"),
                    ("arson", "Arson or storming"),
                    ("other", "Other attack"),
                    ("foiled", "Foiled attack (not an attack)"),
                    ("arrest", "Arrest or raid (not an attack)"),
                    ("propaganda", "Propaganda or threat (not an attack)"),
                ],
                max_length=15,
                verbose_name="type",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="uid",
            field=models.UUIDField(
                db_index=True,
                default=uuid.uuid4,
                editable=False,
                help_text="Stable identifier across databases: exports carry it and imports match on it.",
                verbose_name="uid",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="updated_at",
            field=models.DateTimeField(blank=True, editable=False, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="updated by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="version",
            field=models.PositiveIntegerField(
                db_default=1,
                default=1,
                editable=False,
                help_text="Raised by every save: an edit begun on an older version is refused (IncidentAdminForm).",
                verbose_name="version",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincident",
            name="wounded",
            field=models.PositiveIntegerField(
                blank=True, help_text="Empty means unknown; 0 means none.", null=True, verbose_name="wounded"
            ),
        ),
        migrations.AlterField(
            model_name="historicalincidentsource",
            name="credibility",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "1 — confirmed by other sources"),
                    (2, "2 — probably true"),
                    (3, "3 — possibly true"),
                    (4, "4 — doubtful"),
                    (5, "5 — improbable"),
                    (6, "6 — truth cannot be judged"),
                ],
                default=6,
                verbose_name="credibility",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincidentsource",
            name="excerpt",
            field=models.TextField(help_text="What this source supports, in our own words.", verbose_name="excerpt"),
        ),
        migrations.AlterField(
            model_name="historicalincidentsource",
            name="incident",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.incident",
                verbose_name="incident",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincidentsource",
            name="says_none_killed",
            field=models.BooleanField(
                default=False,
                help_text="The source says nobody was killed (what a 0 in “killed” rests on).",
                verbose_name="says none killed",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincidentsource",
            name="says_none_wounded",
            field=models.BooleanField(
                default=False,
                help_text="The source says nobody was wounded (what a 0 in “wounded” rests on).",
                verbose_name="says none wounded",
            ),
        ),
        migrations.AlterField(
            model_name="historicalincidentsource",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="arabic_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="arabic name"),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="country",
            field=models.CharField(default="Iraq", max_length=100, verbose_name="country"),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="geo_precision",
            field=models.CharField(
                choices=[
                    ("site", "Exact site"),
                    ("town", "Town or city"),
                    ("district", "District"),
                    ("governorate", "Governorate"),
                    ("country", "Country"),
                ],
                max_length=12,
                verbose_name="geo precision",
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="governorate",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Empty only for places known no better than the country.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="incidents.governorate",
                verbose_name="governorate",
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("military_base", "Military base"),
                    ("diplomatic", "Diplomatic site"),
                    ("airport", "Airport"),
                    ("road", "Road or convoy route"),
                    ("checkpoint", "Checkpoint or border crossing"),
                    ("city", "City, town or district"),
                    ("industrial", "Oil or industrial site"),
                    ("region", "Region"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, −90 to 90 (north is positive).",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-90),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, −180 to 180 (east is positive).",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-180),
                    django.core.validators.MaxValueValidator(180),
                ],
                verbose_name="longitude",
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="notes",
            field=models.TextField(
                blank=True, help_text="Where the coordinates come from; caveats.", verbose_name="notes"
            ),
        ),
        migrations.AlterField(
            model_name="historicallocation",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before any published incident happens there (editors only). A place of a published incident is public anyway; one named only by drafts stays private.",
                verbose_name="public",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="archive_url",
            field=models.URLField(blank=True, max_length=1000, verbose_name="archive url"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="language",
            field=models.CharField(default="en", max_length=8, verbose_name="language"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="notes",
            field=models.TextField(blank=True, verbose_name="notes"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published on"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="publisher",
            field=models.CharField(max_length=200, verbose_name="publisher"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="reliability",
            field=models.CharField(
                choices=[
                    ("A", "A — completely reliable"),
                    ("B", "B — usually reliable"),
                    ("C", "C — fairly reliable"),
                    ("D", "D — not usually reliable"),
                    ("E", "E — unreliable"),
                    ("F", "F — reliability cannot be judged"),
                ],
                default="F",
                max_length=1,
                verbose_name="reliability",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="title",
            field=models.CharField(max_length=500, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="url",
            field=models.URLField(
                blank=True, help_text="Empty only where the source gives none.", max_length=1000, verbose_name="url"
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="confidence",
            field=models.CharField(
                choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                help_text="How sure we are that it happened as described.",
                max_length=6,
                verbose_name="confidence",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="date",
            field=models.DateField(
                help_text="The day; for week, month or range precision, the first possible day.", verbose_name="date"
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="date_end",
            field=models.DateField(
                blank=True,
                help_text="The last possible day. Set automatically unless the precision is a range.",
                verbose_name="date end",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="date_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("week", "Week"), ("month", "Month"), ("range", "Between two dates")],
                max_length=5,
                verbose_name="date precision",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The incident that counts for the event this one also describes. A duplicate is left out of every public figure, list and export unless asked for.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="duplicates",
                to="incidents.incident",
                verbose_name="duplicate of",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="duplicate_reason",
            field=models.TextField(
                blank=True, help_text="Why the two describe one event.", verbose_name="duplicate reason"
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="external_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Its identifier in the data set it came from, e.g. ACLED's event_id_cnty.",
                max_length=100,
                verbose_name="external id",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="killed",
            field=models.PositiveIntegerField(
                blank=True, help_text="Empty means unknown; 0 means none.", null=True, verbose_name="killed"
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="location",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="incidents",
                to="incidents.location",
                verbose_name="location",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="not_duplicate_confirmed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="not duplicate confirmed at"
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="not_duplicate_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="Who saved it although likely duplicates were listed (“Not a duplicate”).",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="not duplicate confirmed by",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When it was first published (the feed's order).",
                null=True,
                verbose_name="published at",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="publisher_record",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="For an imported row, the publisher's own row as given ({'format': 'acled'|'gtd'|'ucdp', 'row': {column: cell}}): its taxonomy, actors and places, written back unchanged by the export in its layout. Our type, claims and place are the mapping of it for our filters.",
                verbose_name="publisher record",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="retraction_reason",
            field=models.TextField(blank=True, verbose_name="retraction reason"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="sources",
            field=models.ManyToManyField(
                related_name="incidents",
                through="incidents.IncidentSource",
                to="incidents.source",
                verbose_name="sources",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published"), ("retracted", "Retracted")],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="summary",
            field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="target",
            field=models.CharField(
                choices=[
                    ("military_base", "Military base"),
                    ("diplomatic", "Diplomatic mission"),
                    ("airport", "Airport"),
                    ("convoy", "Logistics convoy"),
                    ("oil_industry", "Oil or industry"),
                    ("person", "Individual (activist, analyst …)"),
                    ("security_forces", "Security forces"),
                    ("militia", "Militia"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="target",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="target_detail",
            field=models.CharField(blank=True, max_length=300, verbose_name="target detail"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="target_owner",
            field=models.CharField(
                choices=[
                    ("us_military", "US military"),
                    ("us_diplomatic", "US diplomatic"),
                    ("coalition_logistics", "Coalition logistics (contractors and convoys supplying it)"),
                    ("coalition_other", "Other coalition members"),
                    ("international", "The UN and international organisations"),
                    ("iraqi_state", "Iraqi state"),
                    ("iraqi_civilians", "Civilians in Iraq (activists, journalists)"),
                    ("militia", "Militia"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                help_text="Whose the target is: US, coalition, international, Iraqi, militia.",
                max_length=20,
                verbose_name="target owner",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="time",
            field=models.TimeField(blank=True, help_text="Local time, if known.", null=True, verbose_name="time"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="title",
            field=models.CharField(max_length=200, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="type",
            field=models.CharField(
                choices=[
                    ("rocket", "Rocket or mortar"),
                    ("ied", "IED"),
                    ("drone", "Drone"),
                    ("small_arms", "Small arms"),
                    ("kidnapping", "Kidnapping"),
                    ("assassination", "Assassination"),
                    ("arson", "Arson or storming"),
                    ("other", "Other attack"),
                    ("foiled", "Foiled attack (not an attack)"),
                    ("arrest", "Arrest or raid (not an attack)"),
                    ("propaganda", "Propaganda or threat (not an attack)"),
                ],
                max_length=15,
                verbose_name="type",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Stable identifier across databases: exports carry it and imports match on it.",
                unique=True,
                verbose_name="uid",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="incident",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="updated by",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="version",
            field=models.PositiveIntegerField(
                db_default=1,
                default=1,
                editable=False,
                help_text="Raised by every save: an edit begun on an older version is refused (IncidentAdminForm).",
                verbose_name="version",
            ),
        ),
        migrations.AlterField(
            model_name="incident",
            name="wounded",
            field=models.PositiveIntegerField(
                blank=True, help_text="Empty means unknown; 0 means none.", null=True, verbose_name="wounded"
            ),
        ),
        migrations.AlterField(
            model_name="incidentsource",
            name="credibility",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "1 — confirmed by other sources"),
                    (2, "2 — probably true"),
                    (3, "3 — possibly true"),
                    (4, "4 — doubtful"),
                    (5, "5 — improbable"),
                    (6, "6 — truth cannot be judged"),
                ],
                default=6,
                verbose_name="credibility",
            ),
        ),
        migrations.AlterField(
            model_name="incidentsource",
            name="excerpt",
            field=models.TextField(help_text="What this source supports, in our own words.", verbose_name="excerpt"),
        ),
        migrations.AlterField(
            model_name="incidentsource",
            name="incident",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="source_links",
                to="incidents.incident",
                verbose_name="incident",
            ),
        ),
        migrations.AlterField(
            model_name="incidentsource",
            name="says_none_killed",
            field=models.BooleanField(
                default=False,
                help_text="The source says nobody was killed (what a 0 in “killed” rests on).",
                verbose_name="says none killed",
            ),
        ),
        migrations.AlterField(
            model_name="incidentsource",
            name="says_none_wounded",
            field=models.BooleanField(
                default=False,
                help_text="The source says nobody was wounded (what a 0 in “wounded” rests on).",
                verbose_name="says none wounded",
            ),
        ),
        migrations.AlterField(
            model_name="incidentsource",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="incident_links",
                to="incidents.source",
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="arabic_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="arabic name"),
        ),
        migrations.AlterField(
            model_name="location",
            name="country",
            field=models.CharField(default="Iraq", max_length=100, verbose_name="country"),
        ),
        migrations.AlterField(
            model_name="location",
            name="geo_precision",
            field=models.CharField(
                choices=[
                    ("site", "Exact site"),
                    ("town", "Town or city"),
                    ("district", "District"),
                    ("governorate", "Governorate"),
                    ("country", "Country"),
                ],
                max_length=12,
                verbose_name="geo precision",
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="governorate",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty only for places known no better than the country.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="locations",
                to="incidents.governorate",
                verbose_name="governorate",
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="kind",
            field=models.CharField(
                choices=[
                    ("military_base", "Military base"),
                    ("diplomatic", "Diplomatic site"),
                    ("airport", "Airport"),
                    ("road", "Road or convoy route"),
                    ("checkpoint", "Checkpoint or border crossing"),
                    ("city", "City, town or district"),
                    ("industrial", "Oil or industrial site"),
                    ("region", "Region"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="latitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, −90 to 90 (north is positive).",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-90),
                    django.core.validators.MaxValueValidator(90),
                ],
                verbose_name="latitude",
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="longitude",
            field=models.DecimalField(
                blank=True,
                decimal_places=6,
                help_text="Decimal degrees, −180 to 180 (east is positive).",
                max_digits=9,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-180),
                    django.core.validators.MaxValueValidator(180),
                ],
                verbose_name="longitude",
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="name",
            field=models.CharField(max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="location",
            name="notes",
            field=models.TextField(
                blank=True, help_text="Where the coordinates come from; caveats.", verbose_name="notes"
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="public",
            field=models.BooleanField(
                default=False,
                help_text="Show it on the public site before any published incident happens there (editors only). A place of a published incident is public anyway; one named only by drafts stays private.",
                verbose_name="public",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="archive_url",
            field=models.URLField(blank=True, max_length=1000, verbose_name="archive url"),
        ),
        migrations.AlterField(
            model_name="source",
            name="language",
            field=models.CharField(default="en", max_length=8, verbose_name="language"),
        ),
        migrations.AlterField(
            model_name="source",
            name="notes",
            field=models.TextField(blank=True, verbose_name="notes"),
        ),
        migrations.AlterField(
            model_name="source",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published on"),
        ),
        migrations.AlterField(
            model_name="source",
            name="publisher",
            field=models.CharField(max_length=200, verbose_name="publisher"),
        ),
        migrations.AlterField(
            model_name="source",
            name="reliability",
            field=models.CharField(
                choices=[
                    ("A", "A — completely reliable"),
                    ("B", "B — usually reliable"),
                    ("C", "C — fairly reliable"),
                    ("D", "D — not usually reliable"),
                    ("E", "E — unreliable"),
                    ("F", "F — reliability cannot be judged"),
                ],
                default="F",
                max_length=1,
                verbose_name="reliability",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="title",
            field=models.CharField(max_length=500, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="source",
            name="url",
            field=models.URLField(
                blank=True, help_text="Empty only where the source gives none.", max_length=1000, verbose_name="url"
            ),
        ),
    ]
