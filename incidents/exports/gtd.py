"""Our incidents in the Global Terrorism Database's layout (GTD codebook columns; README has the mapping).

imports/gtd.py reads the same layout back. An incident imported from GTD gets GTD's own
cells back unchanged (publisher_record), so export → import → export is byte-identical in
GTD's columns. Our own incidents are described in GTD's terms where GTD has one: a date
GTD can't hold as a day has 0 for its unknown month or day and the window in approxdate;
a count we don't know is empty, as GTD leaves it; up to three groups from the claims,
with `claimed` 1 for a claim, `guncertain` 1 for a suspicion and `compclaim` 1 for
competing claims; the columns we have nothing for are empty. After GTD's come ours
(tracker.TRACKER_COLUMNS), so importing our export keeps every claim and its kind.
"""

import calendar
from datetime import date

from .cells import degrees, source_cell, spreadsheet_safe
from .tracker import EXTRA, TRACKER_COLUMNS, native_id, publisher_row, responsible, tracker_cells

# the GTD codebook's columns, in GTD's order
GTD_COLUMNS = (
    "eventid iyear imonth iday approxdate extended resolution country country_txt region region_txt provstate "
    "city latitude longitude specificity vicinity location summary crit1 crit2 crit3 doubtterr alternative "
    "alternative_txt multiple success suicide attacktype1 attacktype1_txt attacktype2 attacktype2_txt "
    "attacktype3 attacktype3_txt targtype1 targtype1_txt targsubtype1 targsubtype1_txt corp1 target1 natlty1 "
    "natlty1_txt targtype2 targtype2_txt targsubtype2 targsubtype2_txt corp2 target2 natlty2 natlty2_txt "
    "targtype3 targtype3_txt targsubtype3 targsubtype3_txt corp3 target3 natlty3 natlty3_txt gname gsubname "
    "gname2 gsubname2 gname3 gsubname3 motive guncertain1 guncertain2 guncertain3 individual nperps nperpcap "
    "claimed claimmode claimmode_txt claim2 claimmode2 claimmode2_txt claim3 claimmode3 claimmode3_txt "
    "compclaim weaptype1 weaptype1_txt weapsubtype1 weapsubtype1_txt weaptype2 weaptype2_txt weapsubtype2 "
    "weapsubtype2_txt weaptype3 weaptype3_txt weapsubtype3 weapsubtype3_txt weaptype4 weaptype4_txt "
    "weapsubtype4 weapsubtype4_txt weapdetail nkill nkillus nkillter nwound nwoundus nwoundte property "
    "propextent propextent_txt propvalue propcomment ishostkid nhostkid nhostkidus nhours ndays divert "
    "kidhijcountry ransom ransomamt ransomamtus ransompaid ransompaidus ransomnote hostkidoutcome "
    "hostkidoutcome_txt nreleased addnotes scite1 scite2 scite3 dbsource INT_LOG INT_IDEO INT_MISC INT_ANY related"
).split()
HEADER = [*GTD_COLUMNS, *TRACKER_COLUMNS]
__all__ = ["EXTRA", "HEADER", "gtd_row"]

BOMBING = "Bombing/Explosion"
PROJECTILE = "Projectile (rockets, mortars, RPGs, etc.)"
EXPLOSIVES = (6, "Explosives")
# GTD's attack types by their codebook number
ATTACK_TYPES = {
    "Assassination": 1,
    "Armed Assault": 2,
    BOMBING: 3,
    "Hostage Taking (Kidnapping)": 6,
    "Facility/Infrastructure Attack": 7,
    "Unknown": 9,
}
# our type → (attacktype1_txt, (weaptype1, weaptype1_txt), (weapsubtype1, weapsubtype1_txt)); the
# types GTD does not record as attacks (models.NOT_ATTACK_TYPES) are "Unknown", our type in tracker_type
ATTACK_FOR_TYPE = {
    "rocket": (BOMBING, EXPLOSIVES, (11, PROJECTILE)),
    "ied": (BOMBING, EXPLOSIVES, (16, "Unknown Explosive Type")),
    "drone": (BOMBING, EXPLOSIVES, (16, "Unknown Explosive Type")),
    "small_arms": ("Armed Assault", (5, "Firearms"), None),
    "assassination": ("Assassination", None, None),
    "kidnapping": ("Hostage Taking (Kidnapping)", None, None),
    "arson": ("Facility/Infrastructure Attack", (8, "Incendiary"), None),
}
# our target → (targtype1, targtype1_txt) where GTD's type says the same; others are left empty
TARGET_TYPE = {
    "military_base": (4, "Military"),
    "diplomatic": (7, "Government (Diplomatic)"),
    "airport": (6, "Airports & Aircraft"),
    "person": (14, "Private Citizens & Property"),
    "militia": (17, "Terrorists/Non-State Militia"),
}
# our geo precision → specificity (1 the place, 3 its district, 4 its province, 5 no place known)
SPECIFICITY = {"site": 1, "town": 1, "district": 3, "governorate": 4, "country": 5}
COUNTRY = {"Iraq": (95, 10, "Middle East & North Africa")}  # country_txt → (country, region, region_txt)
UNKNOWN_GROUP = "Unknown"
GROUP_COLUMNS = (
    ("gname", "claimed", "guncertain1"),
    ("gname2", "claim2", "guncertain2"),
    ("gname3", "claim3", "guncertain3"),
)


def gtd_date(start, end):
    """(iyear, imonth, iday, approxdate) of the window start–end: a day as itself, a calendar month
    with iday 0, a calendar year with imonth 0; any other window at the first day's year (and month,
    when it ends in it), 0 for what it leaves unknown, the window written in approxdate."""
    if start == end:
        return start.year, start.month, start.day, ""
    if start.day == 1 and end == start.replace(day=calendar.monthrange(start.year, start.month)[1]):
        return start.year, start.month, 0, ""
    if (start.month, start.day) == (1, 1) and end == date(start.year, 12, 31):
        return start.year, 0, 0, ""
    month = start.month if (start.year, start.month) == (end.year, end.month) else 0
    return start.year, month, 0, f"{start:%B %-d, %Y} – {end:%B %-d, %Y}"


def group_cells(record):
    """gname … claim3 and compclaim: the first three groups responsible, each with whether it claimed
    the attack (1/0) and whether its role is uncertain (suspected: 1); no one named: "Unknown"."""
    groups = responsible(record)[:3]
    cells = {"gname": UNKNOWN_GROUP} if not groups else {}
    for name, (name_column, claimed_column, uncertain_column) in zip(groups, GROUP_COLUMNS, strict=False):
        claimed = name in record["claimed_by"]
        cells[name_column] = name
        cells[claimed_column] = int(claimed)
        cells[uncertain_column] = int(not claimed and name not in record["attributed_to"])
    if groups:
        cells["compclaim"] = int(len(record["claimed_by"]) > 1)
    return cells


def attack_cells(incident_type):
    attack, weapon, sub_weapon = ATTACK_FOR_TYPE.get(incident_type, ("Unknown", None, None))
    cells = {"attacktype1": ATTACK_TYPES[attack], "attacktype1_txt": attack}
    if weapon:
        cells["weaptype1"], cells["weaptype1_txt"] = weapon
    if sub_weapon:
        cells["weapsubtype1"], cells["weapsubtype1_txt"] = sub_weapon
    return cells


def gtd_row(record, values):
    """The incident in GTD's columns, then ours; every cell spreadsheet-safe. An incident imported
    from GTD gets its own cells back as they were (the columns its file lacked empty), ours
    are described (described())."""
    cells = {**(publisher_row(values["publisher_record"], "gtd") or described(record)), **tracker_cells(record)}
    return [spreadsheet_safe(cells.get(column, "")) for column in HEADER]


def described(record):
    """Our incident in the publisher's terms (the module's docstring says how)."""
    year, month, day, approximate = gtd_date(date.fromisoformat(record["date"]), date.fromisoformat(record["date_end"]))
    country = record["country"]
    has_coordinates = record["latitude"] is not None
    target_type = TARGET_TYPE.get(record["target"], ("", ""))
    return {
        "eventid": native_id(record),
        "iyear": year,
        "imonth": month,
        "iday": day,
        "approxdate": approximate,
        **dict(zip(("country", "region", "region_txt"), COUNTRY.get(country, ("", "", "")), strict=True)),
        "country_txt": country,
        "provstate": record["governorate"],
        "city": record["location"],
        "latitude": degrees(record["latitude"]),
        "longitude": degrees(record["longitude"]),
        "specificity": SPECIFICITY[record["geo_precision"]] if has_coordinates else SPECIFICITY["country"],
        "summary": record["summary"],
        **attack_cells(record["type"]),
        "targtype1": target_type[0],
        "targtype1_txt": target_type[1],
        "target1": record["target_detail"],
        **group_cells(record),
        "nkill": record["killed"],
        "nwound": record["wounded"],
        **{f"scite{n}": source_cell([source]) for n, source in enumerate(record["sources"][:3], 1)},
    }
