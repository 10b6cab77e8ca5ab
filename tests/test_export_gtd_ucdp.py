"""Our exports in GTD's and UCDP GED's layouts (`?format=gtd`, `?format=ucdp`): a publisher's rows
come back as the publisher gave them, ours are described in the publisher's terms, and
export → import → export changes nothing (issue: real data in and out)."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from incidents.exports.gtd import GTD_COLUMNS
from incidents.exports.tracker import TRACKER_COLUMNS
from incidents.exports.ucdp import UCDP_COLUMNS
from incidents.models import Claim, Incident

from .factories import link_source, make_claim, make_group, make_incident, make_location, make_source
from .test_import import empty_the_database, export, import_file, seed  # noqa: F401 (seed: a fixture)

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
SAMPLES = {
    "gtd": (DATA / "gtd_sample_cp1252.csv").read_bytes().decode("cp1252"),
    "ucdp": (DATA / "ucdp_ged_sample.csv").read_bytes().decode("utf-8"),
}
ID_COLUMN = {"gtd": "eventid", "ucdp": "id"}


def table(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8") if isinstance(data, bytes) else data)))


def published_import(tmp_path, data, layout):
    """Imported as drafts (not every sample row is complete enough for the publication gate), then
    published as they are: the exports show published incidents only."""
    import_file(tmp_path, data, "--format", layout, "--draft")
    Incident.objects.update(status=Incident.Status.PUBLISHED)


@pytest.mark.parametrize("layout, publishers", [("gtd", GTD_COLUMNS), ("ucdp", UCDP_COLUMNS)])
def test_the_header_is_the_publishers_columns_then_ours(client, layout, publishers):
    columns = next(csv.reader(io.StringIO(export(client, f"?format={layout}").decode())))
    assert columns == [*publishers, *TRACKER_COLUMNS]
    assert set(table(SAMPLES[layout])[0]) <= set(publishers)  # the samples' columns are the codebook's


@pytest.mark.parametrize("layout", ["gtd", "ucdp"])
def test_export_import_export_is_byte_identical_for_the_publishers_columns(client, tmp_path, layout):
    sample = SAMPLES[layout]
    columns = list(table(sample)[0])
    published_import(tmp_path, sample.encode("cp1252" if layout == "gtd" else "utf-8"), layout)
    first = export(client, f"?format={layout}")
    originals = {row[ID_COLUMN[layout]]: row for row in table(sample)}
    exported = table(first)
    assert len(exported) == len(originals)
    for row in exported:
        assert {c: row[c] for c in columns} == originals[row[ID_COLUMN[layout]]]
    out, _ = import_file(tmp_path, first, "--format", layout)
    assert f"0 were created, 0 were updated, {len(exported)} unchanged" in out
    empty_the_database()
    published_import(tmp_path, first, layout)
    assert table(export(client, f"?format={layout}")) == exported  # ours (tracker_uid …) too


@pytest.mark.parametrize("layout, column", [("gtd", "corp1"), ("ucdp", "source_original")])
def test_a_publishers_cell_of_bidi_controls_alone_exported_empty_imports_back_unchanged(
    client, tmp_path, layout, column
):
    """Our exports drop bidi controls: a cell of nothing else is written empty, which the import
    must not read as the publisher blanking it (an update that a published incident would need
    a public note for)."""
    rows = table(SAMPLES[layout])
    rows[0][column] = "\u200f"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    published_import(tmp_path, buffer.getvalue().encode(), layout)  # GTD's layout in UTF-8: cp1252 has no U+200F
    exported = export(client, f"?format={layout}")
    assert "\u200f" not in exported.decode()
    out, _ = import_file(tmp_path, exported, "--format", layout)
    assert f"0 were created, 0 were updated, {len(rows)} unchanged" in out


def claims_by_uid(incidents):
    return {incident.uid: sorted((c.kind, c.who) for c in incident.claims.all()) for incident in incidents}


@pytest.mark.parametrize("layout", ["gtd", "ucdp"])
def test_native_to_the_layout_to_native_keeps_claim_kinds(client, seed, tmp_path, layout):  # noqa: F811
    data = export(client, f"?format={layout}")
    exported = {row["tracker_uid"] for row in table(data)}
    assert {row[ID_COLUMN[layout]][:3] for row in table(data)} == {"TRK"}
    out, _ = import_file(tmp_path, data, "--format", layout)
    assert f"0 were created, 0 were updated, {len(exported)} unchanged" in out
    before = claims_by_uid(i for i in Incident.objects.prefetch_related("claims__group") if str(i.uid) in exported)
    assert {kind for claims in before.values() for kind, _ in claims} >= {"claimed", "denied", "attributed"}
    empty_the_database()
    # as drafts: these layouts don't say which source each claim rests on, so the gate refuses to publish them
    import_file(tmp_path, data, "--format", layout, "--draft")
    assert claims_by_uid(Incident.objects.prefetch_related("claims__group")) == before
    assert {str(uid) for uid in Incident.objects.values_list("uid", flat=True)} == exported


def one_of_ours(**fields):
    """A published incident of ours with a claim, an attribution, a suspicion and a denial."""
    incident = make_incident(summary="Rockets hit the base.", **fields)
    for kind, name in [("claimed", "Ashab al-Kahf"), ("claimed", "Qasim al-Jabbarin"), ("suspected", "KH")]:
        make_claim(incident, make_group(name=name, slug=name.lower().replace(" ", "-")), kind=kind)
    make_claim(incident, actor="Iran", kind=Claim.Kind.DENIED)
    link_source(incident, make_source(publisher="Reuters", title="Rockets hit base", url="https://example.org/r"))
    return incident


@pytest.mark.parametrize("layout", ["gtd", "ucdp"])
def test_our_incidents_sources_come_back_with_their_own_publishers_into_an_empty_database(client, tmp_path, layout):
    """Our export writes our incidents' sources as `publisher: title <url>` (scite1–3, source_article):
    read back, each keeps its publisher, title and address, never a source "published" by GTD or
    UCDP GED whose title holds ours."""
    incident = make_incident(summary="Rockets hit the base.")
    link_source(incident, make_source(publisher="Reuters", title="Rockets hit; two hurt", url="https://example.org/r"))
    link_source(incident, make_source(publisher="Shafaq News", title="Taji base hit", url=""))
    data = export(client, f"?format={layout}")
    empty_the_database()
    import_file(tmp_path, data, "--format", layout, "--draft")
    assert sorted(Incident.objects.get(uid=incident.uid).sources.values_list("publisher", "title", "url")) == [
        ("Reuters", "Rockets hit; two hurt", "https://example.org/r"),
        ("Shafaq News", "Taji base hit", ""),
    ]


def test_our_title_in_geds_headline_comes_back_as_the_title_not_a_summary(client, tmp_path):
    incident = one_of_ours(title="Rockets at Camp Taji")
    data = export(client, "?format=ucdp")
    empty_the_database()
    import_file(tmp_path, data, "--format", "ucdp", "--draft")
    imported = Incident.objects.get(uid=incident.uid)
    assert (imported.title, imported.summary) == ("Rockets at Camp Taji", "")


def test_our_incidents_in_gtds_terms_unknown_stays_unknown(client):
    one_of_ours(killed=None, wounded=2, location=make_location(name="Camp Taji", geo_precision="site"))
    month = make_incident(
        type="kidnapping",
        date=datetime.date(2020, 3, 1),
        date_end=datetime.date(2020, 3, 31),
        date_precision="month",
        killed=0,
        location=make_location(latitude=None, longitude=None, geo_precision="governorate"),
    )
    rows = {row["tracker_uid"]: row for row in table(export(client, "?format=gtd"))}
    ours = next(row for uid, row in rows.items() if uid != str(month.uid))
    assert (ours["iyear"], ours["imonth"], ours["iday"], ours["approxdate"]) == ("2020", "3", "11", "")
    assert (ours["attacktype1_txt"], ours["weapsubtype1_txt"]) == (
        "Bombing/Explosion",
        "Projectile (rockets, mortars, RPGs, etc.)",
    )
    assert (ours["nkill"], ours["nwound"]) == ("", "2")  # unknown is empty, as GTD leaves it
    assert (ours["gname"], ours["claimed"], ours["guncertain1"]) == ("Ashab al-Kahf", "1", "0")
    assert (ours["gname2"], ours["claim2"], ours["guncertain2"]) == ("Qasim al-Jabbarin", "1", "0")
    assert (ours["gname3"], ours["claim3"], ours["guncertain3"]) == ("KH", "0", "1")
    assert ours["compclaim"] == "1"  # two groups claimed it
    assert (ours["city"], ours["provstate"], ours["specificity"]) == ("Camp Taji", "Baghdad", "1")
    assert ours["scite1"] == "Reuters: Rockets hit base <https://example.org/r>"
    assert ours["tracker_denied_by"] == "Iran"  # GTD has no denials: they are in our columns
    month_row = rows[str(month.uid)]
    assert (month_row["iyear"], month_row["imonth"], month_row["iday"]) == ("2020", "3", "0")
    assert (month_row["gname"], month_row["claimed"], month_row["compclaim"]) == ("Unknown", "", "")
    assert (month_row["nkill"], month_row["nwound"], month_row["specificity"]) == ("0", "", "5")
    assert month_row["attacktype1_txt"] == "Hostage Taking (Kidnapping)"


def test_our_incidents_in_ucdp_geds_terms_unknown_stays_unknown(client):
    incident = one_of_ours(
        date=datetime.date(2020, 3, 9),
        date_end=datetime.date(2020, 3, 15),
        date_precision="week",
        killed=None,
        location=make_location(name="Camp Taji", geo_precision="district", latitude="33.5", longitude="44.25"),
    )
    (row,) = table(export(client, "?format=ucdp"))
    assert row["id"] == f"TRK{incident.pk}"
    assert (row["date_start"], row["date_end"], row["date_prec"]) == ("2020-03-09", "2020-03-15", "3")
    assert (row["best"], row["low"], row["high"]) == ("", "", "")  # unknown, and we keep no estimates
    assert (row["side_a"], row["side_b"], row["type_of_violence"]) == ("Ashab al-Kahf", "", "")
    assert (row["where_coordinates"], row["adm_1"], row["where_prec"]) == ("Camp Taji", "Baghdad", "3")
    assert (row["latitude"], row["longitude"], row["geom_wkt"]) == ("33.5", "44.25", "POINT (44.25 33.5)")
    assert (row["number_of_sources"], row["source_office"]) == ("1", "Reuters")
    assert row["tracker_claimed_by"] == "Ashab al-Kahf; Qasim al-Jabbarin"


def test_an_unknown_layout_is_a_400_that_lists_them(client):
    response = client.get("/incidents/export.csv?format=gdelt")
    assert response.status_code == 400
    assert "native, acled, gtd, ucdp" in response.content.decode()
