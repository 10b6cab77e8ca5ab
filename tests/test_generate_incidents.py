from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from incidents import synthetic
from incidents.bulk import KeptStatistics
from incidents.models import Claim, Group, GroupRelation, Incident, IncidentSource, Location, Source

COUNT = 300
pytestmark = pytest.mark.django_db


def generate(*args, **options):
    """Runs the command quietly; returns what it printed."""
    out = StringIO()
    options.setdefault("verbosity", 0)
    call_command("generate_incidents", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def generated():
    return generate(count=COUNT)


def synthetic_incidents():
    return Incident.objects.filter(external_id__startswith="synthetic:")


def snapshot():
    """What a seed decides, in creation order: incidents, then their claims and sources."""
    incidents = list(
        synthetic_incidents()
        .order_by("pk")
        .values_list(
            "uid",
            "external_id",
            "title",
            "summary",
            "type",
            "target",
            "target_detail",
            "location__name",
            "killed",
            "wounded",
            "confidence",
            "status",
            "retraction_reason",
            "date",
            "date_end",
            "date_precision",
            "time",
            "search_text",
            "found_text",
        )
    )
    # the claims' texts are run together in no particular order: each incident's words are compared
    incidents = [(*row[:-1], sorted(row[-1].split())) for row in incidents]
    claims = list(
        Claim.objects.filter(incident__in=synthetic_incidents())
        .order_by("pk")
        .values_list("incident__uid", "group__slug", "actor", "kind", "stated_by", "stated_on", "channel", "confidence")
    )
    links = list(
        IncidentSource.objects.filter(incident__in=synthetic_incidents())
        .order_by("pk")
        .values_list("incident__uid", "source__url", "excerpt", "credibility")
    )
    return incidents, claims, links


def titles_dates_and_types(seed):
    incidents = synthetic_incidents().filter(external_id__startswith=f"synthetic:{seed}:")
    return list(incidents.order_by("pk").values_list("title", "date", "type"))


def test_creates_the_incidents_with_about_one_claim_and_one_or_two_sources_each(generated):
    assert synthetic_incidents().count() == COUNT
    assert 0.7 * COUNT < Claim.objects.count() < 1.3 * COUNT
    links_per_incident = Counter(synthetic_incidents().annotate(n=Count("source_links")).values_list("n", flat=True))
    assert set(links_per_incident) == {1, 2}
    assert IncidentSource.objects.count() == links_per_incident[1] + 2 * links_per_incident[2]
    assert f"Created {COUNT} incidents, {Claim.objects.count()} claims" in generated


def test_places_groups_and_sources_come_from_shared_pools(generated):
    assert Location.objects.count() == 18 * synthetic.PLACES_PER_GOVERNORATE + synthetic.COUNTRY_PLACES
    assert Source.objects.count() == synthetic.SOURCE_POOL
    assert Group.objects.count() == 1 + synthetic.MILITIAS + synthetic.FRONTS
    generate(count=COUNT, seed=2)
    assert Location.objects.count() == 18 * synthetic.PLACES_PER_GOVERNORATE + synthetic.COUNTRY_PLACES
    assert Source.objects.count() == synthetic.SOURCE_POOL
    assert Group.objects.count() == 1 + synthetic.MILITIAS + synthetic.FRONTS


def test_writes_no_history(generated):
    assert Incident.history.count() == 0
    assert Claim.history.count() == 0


def test_incidents_claims_and_places_pass_model_validation(generated):
    for incident in synthetic_incidents().order_by("pk")[:40]:
        dates = incident.date, incident.date_end
        incident.full_clean()
        assert (incident.date, incident.date_end) == dates, "dates are already normalised"
    for claim in Claim.objects.order_by("pk")[:40]:
        claim.full_clean()
    for place in Location.objects.order_by("pk")[::40]:
        place.full_clean()


def test_claims_and_sources_belong_to_the_incident_they_were_drawn_for(generated):
    for claim in Claim.objects.select_related("incident"):
        assert 0 <= (claim.stated_on - claim.incident.date).days <= 3


def test_the_same_seed_gives_the_same_data_whatever_the_batch_size(generated):
    first = snapshot()
    synthetic_incidents().delete()
    generate(count=COUNT, batch_size=7)
    assert snapshot() == first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is the PostgreSQL path")
def test_copy_writes_what_bulk_create_writes(generated, monkeypatch):
    copied = snapshot()
    synthetic_incidents().delete()
    bulk_create = lambda batch, texts: synthetic.insert_with_bulk_create(batch, batch_size=100)  # noqa: E731
    monkeypatch.setattr(synthetic, "insert_with_copy", bulk_create)
    generate(count=COUNT)
    assert snapshot() == copied


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's planner keeps no such statistics")
def test_a_load_in_one_transaction_analyses_its_own_rows_each_time_they_double(monkeypatch):
    """The planner sees the rows written so far, not the empty table the load started on."""
    monkeypatch.setattr(KeptStatistics, "MIN_ROWS", 100)
    monkeypatch.setattr(KeptStatistics, "counted_before", 0)  # as for a table never analysed
    generate(count=450, batch_size=50)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'incidents_incident'::regclass")
        counted = cursor.fetchone()[0]
    assert counted == 400  # analysed at 100, 200 and 400 incidents written; not yet again at 450


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's planner keeps no such statistics")
def test_a_load_analyses_only_what_its_statements_read():
    """Not the history tables (only written), nor the publisher's row (JSON, which no query
    filters on): the rest of the incidents' columns, the tallies, the export's cells."""
    with connection.cursor() as cursor:
        analysed = {
            name.split(" (")[0]: name.split(" (")[1].rstrip(")").split(", ") for name in KeptStatistics.tables(cursor)
        }
    assert "incidents_historicalincident" not in analysed
    assert {"incidents_incident", "incidents_claim", "incidents_grouptally", "incidents_exportcells"} <= set(analysed)
    assert {"id", "status", "date", "found_text"} <= set(analysed["incidents_incident"])
    assert "publisher_record" not in analysed["incidents_incident"]


def test_a_seed_gives_the_same_uids_even_where_the_pools_differ(generated):
    uids = list(synthetic_incidents().order_by("pk").values_list("uid", flat=True))
    synthetic_incidents().delete()
    Location.objects.create(name="Synthetic extra place, Iraq", geo_precision="country")
    generate(count=COUNT)
    assert list(synthetic_incidents().order_by("pk").values_list("uid", flat=True)) == uids


def test_a_different_seed_gives_different_data(generated):
    generate(count=COUNT, seed=2)
    assert titles_dates_and_types(seed=2) != titles_dates_and_types(seed=1)
    assert synthetic_incidents().values("uid").distinct().count() == 2 * COUNT


def test_the_same_seed_twice_is_refused_and_adds_nothing(generated):
    with pytest.raises(CommandError, match="seed 1 has already been generated"):
        generate(count=10)
    assert synthetic_incidents().count() == COUNT


def test_a_seed_partly_there_is_stopped_by_the_unique_uid_and_adds_nothing(generated):
    synthetic_incidents().filter(external_id="synthetic:1:1").delete()
    with pytest.raises(CommandError, match="Nothing was added"):
        generate(count=COUNT)
    assert synthetic_incidents().count() == COUNT - 1


def test_types_dates_and_statuses_have_a_realistic_mix(generated):
    types = Counter(synthetic_incidents().values_list("type", flat=True))
    assert [kind for kind, _ in types.most_common(2)] == ["rocket", "ied"]
    assert len(types) >= 8
    assert set(types) & {"foiled", "arrest", "propaganda"}
    precisions = Counter(synthetic_incidents().values_list("date_precision", flat=True))
    assert set(precisions) == set(Incident.DatePrecision.values)
    assert precisions["day"] > COUNT / 2
    assert len({day.year for day in synthetic_incidents().values_list("date", flat=True)}) >= 10
    statuses = Counter(synthetic_incidents().values_list("status", flat=True))
    assert set(statuses) == set(Incident.Status.values)
    assert not synthetic_incidents().filter(status="retracted", retraction_reason="").exists()


def test_published_is_what_is_neither_draft_nor_retracted(generated):
    published = Incident.objects.published().count()
    hidden = synthetic_incidents().filter(status__in=["draft", "retracted"]).count()
    assert published + hidden == COUNT
    assert published > 0.85 * COUNT


def test_casualties_are_often_unknown_and_often_none(generated):
    killed = Counter(synthetic_incidents().values_list("killed", flat=True))
    assert killed[None] > COUNT / 5 and killed[0] > COUNT / 5
    assert any(number and number > 0 for number in killed)
    assert synthetic_incidents().filter(wounded__isnull=True).exists()


def test_places_cover_every_governorate_with_a_realistic_precision_mix(generated):
    assert Location.objects.values("governorate").distinct().exclude(governorate=None).count() == 18
    assert synthetic_incidents().values("location__governorate").distinct().count() >= 15
    precisions = Counter(Location.objects.values_list("geo_precision", flat=True))
    assert set(precisions) == set(Location.Precision.values)
    assert not Location.objects.filter(geo_precision__in=["site", "town"], latitude=None).exists()
    assert (
        not Location.objects.filter(geo_precision__in=["district", "governorate", "country"])
        .exclude(latitude=None)
        .exists()
    )
    for place in Location.objects.exclude(latitude=None).select_related("governorate")[::25]:
        assert abs(place.latitude - place.governorate.latitude) <= 1
        assert abs(place.longitude - place.governorate.longitude) <= 1


def test_claims_of_every_kind_some_competing_some_without_a_group(generated):
    assert set(Claim.objects.values_list("kind", flat=True)) == set(Claim.Kind.values)
    claims_per_incident = Counter(synthetic_incidents().annotate(n=Count("claims")).values_list("n", flat=True))
    assert claims_per_incident[0] > 0
    assert sum(incidents for claims, incidents in claims_per_incident.items() if claims >= 2) > 0
    assert Claim.objects.filter(group=None).exclude(actor="").exists()


def test_synthetic_groups_are_clearly_named_with_fronts_for_militias(generated):
    assert all(slug.startswith("synthetic-") for slug in Group.objects.values_list("slug", flat=True))
    assert all(name.startswith("Synthetic ") for name in Group.objects.values_list("name", flat=True))
    fronts = GroupRelation.objects.filter(kind="front_for").select_related("subject", "object")
    assert fronts.count() == synthetic.FRONTS
    assert {(relation.subject.kind, relation.object.kind) for relation in fronts} == {("front", "militia")}


def test_adds_to_the_seed_without_touching_it():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    seed = rows_not_synthetic()
    assert len(seed["incidents"]) == 83
    generate(count=COUNT)
    assert rows_not_synthetic() == seed
    assert Incident.objects.count() == len(seed["incidents"]) + COUNT


def rows_not_synthetic():
    of_synthetic_incident = {"incident__external_id__startswith": "synthetic:"}
    return {
        "incidents": list(Incident.objects.exclude(external_id__startswith="synthetic:").order_by("pk").values()),
        "claims": list(Claim.objects.exclude(**of_synthetic_incident).order_by("pk").values()),
        "links": list(IncidentSource.objects.exclude(**of_synthetic_incident).order_by("pk").values()),
        "groups": list(Group.objects.exclude(slug__startswith="synthetic-").order_by("pk").values()),
        "relations": list(
            GroupRelation.objects.exclude(subject__slug__startswith="synthetic-").order_by("pk").values()
        ),
        "places": list(Location.objects.exclude(name__startswith="Synthetic").order_by("pk").values()),
        "sources": list(Source.objects.exclude(url__startswith="https://synthetic.invalid/").order_by("pk").values()),
    }


@pytest.mark.parametrize(
    "args", [["--count", "0"], ["--count", "-3"], ["--count", "many"], ["--count", "5", "--batch-size", "0"]]
)
def test_a_bad_count_or_batch_size_is_a_clear_error(args):
    with pytest.raises(CommandError, match="count|batch-size"):
        generate(*args)
    assert not Incident.objects.exists()


def test_a_missing_count_is_a_clear_error():
    with pytest.raises(CommandError, match="--count"):
        generate()


def test_shows_a_progress_bar_on_stderr(capsys):
    generate(count=20, verbosity=1)
    assert "20/20" in capsys.readouterr().err
