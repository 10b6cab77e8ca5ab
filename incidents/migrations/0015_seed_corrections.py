"""Corrections to the seed data set (fixtures/iraq_2019_2020.json), from an audit of it against its sources.

Each correction below says what a record held and what it holds now, so this file is the record
of what changed and why the fixture differs from the one first published. The fixture itself is
corrected too (fresh installs load it after every migration has run, so this migration finds
nothing to do there); this migration brings a database that already holds the seed up to it.

What the audit found: casualties recorded as 0 where no source says nobody was hurt (unknown is
not zero: each remaining 0 rests on a source link marked as saying so), incidents rated more
certain than their sources allow (the codebook's confidence rule), claims linked to sources that
don't state them, places and date windows more precise than the sources, a likely duplicate,
groups without Arabic names or with another group's aliases, paraphrased source titles and
addresses of staging or error pages, and the source article itself, with its Dhi Qar claim.

Records are found by what the seed gave them — incidents by uid, sources by address, places by
name, groups by slug — and a field is changed only where it still holds the seed's value, so an
analyst's later edit is kept (and named in the migration's output). Every change is written to
the record's history with the reason below. Reversing the migration restores the seed's values.
"""

import datetime
from decimal import Decimal

from django.db import migrations
from django.db.models import F, Q
from django.utils import timezone

REASON = "Seed corrections: the seed data set audited against its sources (issue 14)"

CHANGES = [
    (
        "create",
        "Source",
        "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        {
            "publisher": "Unnamed outlet (dateline Baghdad)",
            "title": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "url": "",
            "published_on": None,
            "language": "en",
            "archive_url": "",
            "reliability": "F",
            "notes": "The article this data set answers to (README: “Reproducing the figures in the source article”). "
            "Our copy names neither the outlet nor an address. It was written before Prime Minister "
            "al-Kadhimi met President Trump on 20 August 2020 and mentions the killing of Tahseen Osama on "
            "Friday 14 August, so it dates from about 16–17 August 2020.",
        },
    ),
    (
        "create",
        "Source",
        "http://forum.nef2.com/tag/resis/",
        {
            "publisher": "forum.nef2.com (forum copy of ISWNews items)",
            "title": "[Title not recorded] Forum tag page copying ISWNews items on new “resistance” groups, spring "
            "2020",
            "url": "http://forum.nef2.com/tag/resis/",
            "published_on": None,
            "language": "en",
            "archive_url": "",
            "reliability": "E",
            "notes": "Copies items of ISWNews, a pro-“resistance” outlet. The research did not record the page's "
            "title; the title field describes it.",
        },
    ),
    (
        "create",
        "Source",
        "https://thenewsgod.com/news-in-iraq-citizens-bombing-us-embassy/",
        {
            "publisher": "The News God (repost of AFP)",
            "title": "[Title not recorded] Repost of AFP's report of the 16 February 2020 rocket attack on the Green "
            "Zone",
            "url": "https://thenewsgod.com/news-in-iraq-citizens-bombing-us-embassy/",
            "published_on": None,
            "language": "en",
            "archive_url": "",
            "reliability": "D",
            "notes": "Reposts AFP: Harakat Hezbollah al-Nujaba, an Iran-backed Hashd (PMF) faction, announced a "
            "“countdown” to ousting US forces hours before the attack. The research did not record the "
            "page's title; the title field describes it.",
        },
    ),
    (
        "create",
        "Location",
        "Union III base, Green Zone, Baghdad",
        {
            "name": "Union III base, Green Zone, Baghdad",
            "arabic_name": "",
            "governorate": "baghdad",
            "country": "Iraq",
            "latitude": "33.299",
            "longitude": "44.396",
            "geo_precision": "town",
            "kind": "military_base",
            "notes": "The US embassy's coordinates stand in: the base is across the street from the embassy (RT, "
            "quoted in our research). Town precision, drawn as approximate.",
        },
    ),
    (
        "create",
        "Location",
        "Dhi Qar governorate (place not reported)",
        {
            "name": "Dhi Qar governorate (place not reported)",
            "arabic_name": "محافظة ذي قار",
            "governorate": "dhi-qar",
            "country": "Iraq",
            "latitude": None,
            "longitude": None,
            "geo_precision": "governorate",
            "kind": "region",
            "notes": "Known only to the governorate; drawn at its centre as approximate.",
        },
    ),
    (
        "update",
        "Source",
        "https://www.washingtonpost.com/world/2020/01/08/timeline-escalation-middle-east/?arc404=true",
        {
            "url": (
                "https://www.washingtonpost.com/world/2020/01/08/timeline-escalation-middle-east/?arc404=true",
                "https://www.washingtonpost.com/world/2020/01/08/timeline-escalation-middle-east/",
            ),
            "notes": (
                "",
                "The address the research read carried a “?arc404=true” suffix, which is not part of the page's "
                "address.",
            ),
        },
    ),
    (
        "update",
        "Source",
        "https://digital-stage.thehill.com/policy/international/505937-rocket-launched-toward-green-zone-in-baghdad-injures-child/amp",
        {
            "url": (
                "https://digital-stage.thehill.com/policy/international/505937-rocket-launched-toward-green-zone-in-baghdad-injures-child/amp",
                "https://thehill.com/policy/international/505937-rocket-launched-toward-green-zone-in-baghdad-injures-child/",
            ),
            "notes": (
                "",
                "The research read this report on The Hill's staging host (digital-stage.thehill.com, AMP "
                "copy); this is the same path on the public site.",
            ),
        },
    ),
    (
        "update",
        "Source",
        "https://washingtoninstitute.org/ar/policy-analysis/jmat-ashab-alkhf-twjh-thdydat-jwyt-dd-almrwhyat-alamrykyt",
        {
            "title": (
                "Ashab al-Kahf group profile (Arabic)",
                "جماعة أصحاب الكهف توجه تهديدات جوية ضد المروحيات الأمريكية",
            ),
            "notes": (
                "",
                "Title read from the page's address, which spells it out in transliteration. The page reports "
                "Ashab al-Kahf's threats against US helicopters and links the group to Nujaba and Asa'ib Ahl "
                "al-Haq; it is not a profile of the group.",
            ),
        },
    ),
    (
        "update",
        "Source",
        "https://rudaw.net/english/middleeast/iraq/09112019",
        {
            "title": (
                "Rockets hit near Qayyarah base in Nineveh",
                "[Title not recorded] Rudaw's report of the rockets near Qayyarah base, 9 November 2019",
            ),
            "notes": ("", "The research did not record this page's title; the title field describes it."),
        },
    ),
    (
        "update",
        "Source",
        "https://coffeeordie.com/american-troops-iraq",
        {
            "title": (
                "US troops in Iraq describe the Qayyarah rocket attack",
                "[Title not recorded] Coffee or Die's article on US troops at Qayyarah",
            ),
            "notes": ("", "The research did not record this page's title; the title field describes it."),
        },
    ),
    (
        "update",
        "Source",
        "https://hrdmemorial.org/es/hrdrecord/tahseen-osama-ali",
        {
            "title": ("Record for human rights defender Tahseen Osama Ali", "Tahseen Osama Ali"),
            "notes": ("", "Title read from the record's address (hrdrecord/tahseen-osama-ali)."),
        },
    ),
    (
        "update",
        "Source",
        "https://english.iswnews.com/14725",
        {
            "title": (
                "Follow-up report on IED attacks on US convoys in Basra and Nasiriyah",
                "[Title not recorded] ISWNews item on roadside bombs against US convoys in Basra and Nasiriyah",
            ),
            "notes": ("", "The research did not record this page's title; the title field describes it."),
        },
    ),
    (
        "update",
        "Source",
        "https://washingtoninstitute.org/node/16626",
        {
            "title": (
                "Militia Spotlight profile: Saraya Awliya al-Dam",
                "[Title not recorded] Washington Institute “Militia Spotlight” profile of Saraya Awliya al-Dam",
            ),
            "notes": ("", "The research did not record this page's title; the title field describes it."),
        },
    ),
    (
        "update",
        "Location",
        "Mansour district, Baghdad",
        {
            "geo_precision": ("town", "district"),
            "notes": (
                "Baghdad city-centre coordinates (town precision); the district's own point is not in the sources.",
                "Baghdad city-centre coordinates stand in; the district's own point is not in the sources, so "
                "it is at district precision and drawn as approximate.",
            ),
            "arabic_name": ("", "المنصور، بغداد"),
        },
    ),
    (
        "update",
        "Location",
        "Southern Baghdad (Kata'ib Hezbollah headquarters)",
        {
            "geo_precision": ("town", "district"),
            "notes": (
                "Baghdad city-centre coordinates (town precision); the district's own point is not in the sources.",
                "Baghdad city-centre coordinates stand in; the district's own point is not in the sources, so "
                "it is at district precision and drawn as approximate.",
            ),
            "arabic_name": ("", "جنوب بغداد"),
        },
    ),
    (
        "update",
        "Location",
        "Zayouna, Baghdad",
        {
            "geo_precision": ("town", "district"),
            "notes": (
                "Baghdad city-centre coordinates (town precision); the district's own point is not in the sources.",
                "Baghdad city-centre coordinates stand in; the district's own point is not in the sources, so "
                "it is at district precision and drawn as approximate.",
            ),
            "arabic_name": ("", "زيونة، بغداد"),
        },
    ),
    (
        "update",
        "Location",
        "Karrada (Abu Nawas), Baghdad",
        {
            "geo_precision": ("town", "district"),
            "notes": (
                "Baghdad city-centre coordinates (town precision); the district's own point is not in the sources.",
                "Baghdad city-centre coordinates stand in; the district's own point is not in the sources, so "
                "it is at district precision and drawn as approximate.",
            ),
            "arabic_name": ("", "الكرادة، بغداد"),
        },
    ),
    ("update", "Location", "Green Zone, Baghdad", {"arabic_name": ("", "المنطقة الخضراء، بغداد")}),
    ("update", "Location", "Qayyarah Airfield West (Q-West)", {"arabic_name": ("", "قاعدة القيارة الجوية")}),
    ("update", "Location", "Ain al-Asad Air Base", {"arabic_name": ("", "قاعدة عين الأسد الجوية")}),
    ("update", "Location", "Balad Air Base", {"arabic_name": ("", "قاعدة بلد الجوية")}),
    ("update", "Location", "Baghdad International Airport", {"arabic_name": ("", "مطار بغداد الدولي")}),
    ("update", "Location", "Camp Taji", {"arabic_name": ("", "معسكر التاجي")}),
    ("update", "Location", "US Embassy compound, Baghdad", {"arabic_name": ("", "السفارة الأمريكية في بغداد")}),
    ("update", "Location", "Iraq (place not reported)", {"arabic_name": ("", "العراق (المكان غير معروف)")}),
    ("update", "Location", "Besmaya base, south-east of Baghdad", {"arabic_name": ("", "قاعدة بسماية")}),
    (
        "update",
        "Location",
        "Burjesiya oil companies' site, west of Basra",
        {"arabic_name": ("", "البرجسية، غرب البصرة")},
    ),
    ("update", "Location", "Erbil–Salah al-Din highway", {"arabic_name": ("", "طريق أربيل – صلاح الدين")}),
    ("update", "Location", "Babil governorate", {"arabic_name": ("", "محافظة بابل")}),
    ("update", "Location", "Samawah–Diwaniyah highway (Najme area)", {"arabic_name": ("", "طريق السماوة – الديوانية")}),
    ("update", "Location", "Al-Batha, Dhi Qar", {"arabic_name": ("", "البطحاء، ذي قار")}),
    ("update", "Location", "Nasiriyah", {"arabic_name": ("", "الناصرية")}),
    (
        "update",
        "Location",
        "Fadak checkpoint, Highway 1, west of Nasiriyah",
        {"arabic_name": ("", "سيطرة فدك، غرب الناصرية")},
    ),
    ("update", "Location", "Road near Nasiriyah, Dhi Qar", {"arabic_name": ("", "طريق قرب الناصرية، ذي قار")}),
    ("update", "Location", "Taji area, north-west of Baghdad", {"arabic_name": ("", "منطقة التاجي")}),
    ("update", "Location", "Diwaniyah", {"arabic_name": ("", "الديوانية")}),
    ("update", "Location", "Basra", {"arabic_name": ("", "البصرة")}),
    (
        "update",
        "Location",
        "Basra–Dhi Qar highway",
        {
            "arabic_name": ("", "طريق البصرة – ذي قار"),
            "notes": (
                "No coordinates in the sources; drawn at the governorate's centre as approximate. Spans Basra "
                "and Dhi Qar; filed under Basra.",
                "No coordinates in the sources; drawn at the governorate's centre as approximate. The road runs "
                "from Basra into Dhi Qar and the sources don't say on which side the bomb went off; a place has "
                "one governorate, so it is filed under Basra, where the road begins, and the governorate filter "
                "finds it there only.",
            ),
        },
    ),
    ("update", "Location", "Erbil–Mosul road near Shakhouli", {"arabic_name": ("", "طريق أربيل – الموصل")}),
    ("update", "Location", "Hilla–Diwaniyah highway", {"arabic_name": ("", "طريق الحلة – الديوانية")}),
    (
        "update",
        "Group",
        "saraya-awliya-al-dam",
        {
            "arabic_name": ("", "سرايا أولياء الدم"),
            "description": (
                "Minor facade group reactivated in 2020, per the Washington Institute by Kata'ib Sayyid "
                "al-Shuhada (with possible Asa'ib Ahl al-Haq links). Claimed convoy attacks in late "
                "August 2020.",
                "Minor facade group reactivated in 2020, per the Washington Institute by Kata'ib Sayyid "
                "al-Shuhada (with possible Asa'ib Ahl al-Haq links). Claimed convoy attacks in late "
                "August 2020. Its Arabic name is written from the transliteration in our sources, not "
                "quoted from one.",
            ),
        },
    ),
    (
        "update",
        "Group",
        "thar-al-muhandis",
        {
            "arabic_name": ("", "ثأر المهندس"),
            "description": (
                "Group announced in May 2020 as a new 'resistance' faction; claimed a Katyusha attack "
                "near Baghdad airport on 6 May 2020 according to a pro-militia outlet. Parent unknown.",
                "Group announced in May 2020 as a new 'resistance' faction; claimed a Katyusha attack "
                "near Baghdad airport on 6 May 2020 according to a pro-militia outlet. Parent unknown. "
                "Its Arabic name is written from the transliteration in our sources, not quoted from "
                "one.",
            ),
        },
    ),
    (
        "update",
        "Group",
        "qabdhat-al-huda",
        {
            "arabic_name": ("", "قبضة الهدى"),
            "description": (
                "One of the new anti-US 'resistance' names declared in spring 2020. No attack is "
                "attributed to it in this data set.",
                "One of the new anti-US 'resistance' names declared in spring 2020. No attack is "
                "attributed to it in this data set. Its Arabic name is written from the transliteration "
                "in our sources, not quoted from one.",
            ),
        },
    ),
    (
        "update",
        "Group",
        "ansar-allah-al-awfiya",
        {
            "arabic_name": ("", "أنصار الله الأوفياء"),
            "description": (
                "Iran-backed militia. A man arrested with IEDs at a Dhi Qar checkpoint in August 2020 "
                "reportedly carried its ID card, which police called fake.",
                "Iran-backed militia. A man arrested with IEDs at a Dhi Qar checkpoint in August 2020 "
                "reportedly carried its ID card, which police called fake. Its Arabic name is written "
                "from the transliteration in our sources, not quoted from one.",
            ),
        },
    ),
    (
        "update",
        "Group",
        "iraqi-resistance-front",
        {
            "arabic_name": ("", "جبهة المقاومة العراقية"),
            "description": (
                "Name used by participants in post-January 2020 meetings of Iran's Iraqi proxies; ISW "
                "judged it an informal alliance rather than an organisation.",
                "Name used by participants in post-January 2020 meetings of Iran's Iraqi proxies; ISW "
                "judged it an informal alliance rather than an organisation. Its Arabic name is written "
                "from the transliteration in our sources, not quoted from one.",
            ),
        },
    ),
    (
        "update",
        "Group",
        "ashab-al-kahf",
        {
            "description": (
                "Front group that claimed IED attacks on logistics convoys in 2020 (April, July, August). "
                "Believed to be linked to Asa'ib Ahl al-Haq; some analysts also link it to Harakat "
                "Hezbollah al-Nujaba.",
                "Front group that claimed IED attacks on logistics convoys in 2020 (April, July, August). "
                "Believed to be linked to Asa'ib Ahl al-Haq; some analysts also link it to Harakat "
                "Hezbollah al-Nujaba. The Counter Extremism Project lists “Ahl al-Kahf” (“People of the "
                "Cave”) among Asa'ib Ahl al-Haq's own names, not this group's; that is one reason it is "
                "believed to be an Asa'ib Ahl al-Haq front.",
            ),
            "aliases": (
                "Ashab al-Kahaf\n"
                "Ishab al-Kahf\n"
                "Ahl al-Kahf\n"
                "Companions of the Cave\n"
                "People of the Cave\n"
                "Islamic Resistance in Iraq – Ashab al-Kahf\n"
                "أهل الكهف",
                "Ashab al-Kahaf\nIshab al-Kahf\nCompanions of the Cave\nIslamic Resistance in Iraq – Ashab al-Kahf",
            ),
        },
    ),
    (
        "update",
        "Group",
        "asaib-ahl-al-haq",
        {
            "aliases": (
                "Asaib Ahl al-Haq\nAAH\nLeague of the Righteous\nKhazali Network",
                "Asaib Ahl al-Haq\n"
                "AAH\n"
                "League of the Righteous\n"
                "Khazali Network\n"
                "Ahl al-Kahf\n"
                "People of the Cave\n"
                "أهل الكهف",
            )
        },
    ),
    (
        "update",
        "Group",
        "saraya-thawrat-al-ishreen-al-thaniya",
        {
            "description": (
                "Pro-Iranian front group announced in May 2020 with a video of a convoy attack in Babil; "
                "claimed convoy attacks through the summer of 2020. Not the Sunni 1920 Revolution "
                "Brigades.",
                "Pro-Iranian front group announced in May 2020 with a video of a convoy attack in Babil; "
                "claimed convoy attacks through the summer of 2020. Not the Sunni 1920 Revolution "
                "Brigades. Our sources name no parent organisation for it. The source article calls it "
                "the “Brigades of the Twentieth Revolution”.",
            )
        },
    ),
    (
        "update",
        "Group",
        "1920-revolution-brigades",
        {
            "description": (
                "Sunni nationalist insurgent group active from 2003. Listed only to tell it apart from "
                "the 2020 Iran-aligned Saraya Thawrat al-Ishreen al-Thaniya; not part of this campaign.",
                "Sunni nationalist insurgent group active from 2003. Listed only to tell it apart from "
                "the 2020 Iran-aligned Saraya Thawrat al-Ishreen al-Thaniya; not part of this campaign. A "
                "search for “Twentieth Revolution” finds both groups: the 2020 article's “Brigades of the "
                "Twentieth Revolution” are Saraya Thawrat al-Ishreen al-Thaniya, not this group.",
            )
        },
    ),
    (
        "update",
        "GroupRelation",
        {"subject": "harakat-hezbollah-al-nujaba", "kind": "part_of", "object": "popular-mobilization-forces"},
        {
            "source": (
                "https://www.newarab.com/news/iraq-frees-militia-fighters-held-over-rocket-fire",
                "https://thenewsgod.com/news-in-iraq-citizens-bombing-us-embassy/",
            ),
            "note": (
                "An Iran-backed Hashd faction.",
                "An Iran-backed Hashd (PMF) faction, per AFP's report of 16 February 2020 (reposted).",
            ),
        },
    ),
    (
        "create",
        "GroupRelation",
        {"subject": "ansar-allah-al-awfiya", "kind": "part_of", "object": "popular-mobilization-forces"},
        {
            "subject": "ansar-allah-al-awfiya",
            "kind": "part_of",
            "object": "popular-mobilization-forces",
            "confidence": "low",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "note": "The source article says the man arrested with explosives carried the ID of a PMF faction; Talos "
            "names the faction on his ID as Ansar Allah al-Awfiya. The two reports match only in part (7 and "
            "6 August), and Dhi Qar's police chief called the ID fake.",
        },
    ),
    (
        "create",
        "Incident",
        "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
        {
            "uid": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "external_id": "",
            "title": "The source article's Dhi Qar convoy claim by the “Brigades of the Twentieth Revolution”",
            "summary": "The source article says a convoy attack in Dhi Qar was claimed by the “Brigades of the "
            "Twentieth Revolution”: Saraya Thawrat al-Ishreen al-Thaniya, the Iran-aligned group announced "
            "in May 2020 — not the Sunni 1920 Revolution Brigades. Neither the article nor our other "
            "sources say which attack, or when; Talos notes that the group claimed regular IED attacks on "
            "private logistics convoys. It is recorded as a claim, not as an attack, so that it is not "
            "counted again beside the Dhi Qar convoy attacks of July and August 2020 it may describe.",
            "type": "propaganda",
            "date": "2020-05-16",
            "date_end": "2020-08-17",
            "date_precision": "range",
            "time": None,
            "target": "convoy",
            "target_detail": "A logistics convoy in Dhi Qar (not identified)",
            "target_owner": "coalition_logistics",
            "location": "Dhi Qar governorate (place not reported)",
            "killed": None,
            "wounded": None,
            "confidence": "low",
            "status": "published",
            "retraction_reason": "",
            "duplicate_of": None,
            "duplicate_reason": "",
            "created_by": None,
            "updated_by": None,
        },
    ),
    ("update", "Incident", "e10e0f47-2135-5e1c-adfa-c3f916978003", {"confidence": ("high", "low")}),
    ("update", "Incident", "16349a2e-222f-5eb8-bd92-1487bf37b7e2", {"killed": (0, None)}),
    ("update", "Incident", "8847bc49-93b9-5950-bcf4-9b665c11dfa8", {"confidence": ("high", "medium")}),
    (
        "update",
        "Incident",
        "fec26eee-b882-58c1-908b-03262eb68154",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Two small rockets fell in the Green Zone late at night, one about 100 m from the US embassy "
                "according to police sources, with no casualties. This was the same day as Iran's missile "
                "strike on Ain al-Asad and Erbil, which is not part of this data set.",
                "Two small rockets fell in the Green Zone late at night, one about 100 m from the US embassy "
                "according to police sources. The sources we hold do not say whether anyone was hurt. This "
                "was the same day as Iran's missile strike on Ain al-Asad and Erbil, which is not part of "
                "this data set.",
            ),
        },
    ),
    ("update", "Incident", "cdc1bf38-d570-5e4d-9955-43756852f0fe", {"killed": (0, None)}),
    ("update", "Incident", "d0e62c8b-244e-5b2f-a718-4a99fb8ffd21", {"confidence": ("high", "medium")}),
    (
        "update",
        "Incident",
        "fda2eebc-fafe-506b-84e2-ef53d9d6a44d",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Three Katyusha rockets were fired from the Zafaraniyah district, and two of them came down "
                "near the US embassy in the Green Zone; no casualties were reported. No claim was made.",
                "Three Katyusha rockets were fired from the Zafaraniyah district, and two of them came down "
                "near the US embassy in the Green Zone. No claim was made. The sources we hold do not say "
                "whether anyone was hurt.",
            ),
        },
    ),
    ("update", "Incident", "0b14c757-f564-5daa-b18d-b72fbba08794", {"killed": (0, None)}),
    ("update", "Incident", "ad8b423d-c7fb-5f89-b85e-dbfbfd64be9b", {"confidence": ("medium", "low")}),
    (
        "update",
        "Incident",
        "8b524c06-f70d-577c-a3fe-a64046ef4ffd",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Before dawn on Sunday, several Katyusha rockets landed in the Green Zone, and at least one "
                "hit the Union III facility that hosts US-led coalition troops across from the US embassy. No "
                "casualties were reported. The Iraqi military said a fourth rocket hit a PMF logistics site, "
                "and AFP counted this as the 19th attack since October.",
                "Before dawn on Sunday, several Katyusha rockets landed in the Green Zone, and at least one "
                "hit the Union III facility that hosts US-led coalition troops across from the US embassy. "
                "The Iraqi military said a fourth rocket hit a PMF logistics site, and AFP counted this as "
                "the 19th attack since October.",
            ),
            "location": ("US Embassy compound, Baghdad", "Union III base, Green Zone, Baghdad"),
        },
    ),
    (
        "update",
        "Incident",
        "20567251-41ef-5c96-a2a6-7270c784033b",
        {
            "summary": (
                "A single Arabic outlet reported two Katyusha rockets aimed at the Green Zone area, causing "
                "no casualties, and said a launch platform was found in Zayouna. The date is uncertain: the "
                "page is dated 1 March 2020 but the text refers to a Monday, so the event is known only to "
                "within about a week.",
                "A single Arabic outlet reported two Katyusha rockets aimed at the Green Zone area, causing "
                "no casualties, and said a launch platform was found in Zayouna. The date is uncertain: the "
                "page is dated 1 March 2020 but the text refers to a Monday, so it happened between Monday 24 "
                "February (the Monday before the page's date) and Monday 2 March (if the page's date is a day "
                "early).",
            ),
            "date": ("2020-03-01", "2020-02-24"),
            "date_end": ("2020-03-07", "2020-03-02"),
            "date_precision": ("week", "range"),
        },
    ),
    (
        "update",
        "Incident",
        "631adb9b-6224-5932-889e-722e10544360",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Late on a Thursday, one or more Katyusha rockets fell in Baghdad's western Mansour district "
                "near the Green Zone. Reuters, cited by Rudaw, reported three launched, one near a Green Zone "
                "entrance and one near the Turkish embassy, and four more found at the launch site in Amanah. "
                "No casualties were reported.",
                "Late on a Thursday, one or more Katyusha rockets fell in Baghdad's western Mansour district "
                "near the Green Zone. Reuters, cited by Rudaw, reported three launched, one near a Green Zone "
                "entrance and one near the Turkish embassy, and four more found at the launch site in Amanah. "
                "The sources we hold do not say whether anyone was hurt.",
            ),
        },
    ),
    ("update", "Incident", "ad08c086-c779-5d27-a9d7-a69b3807368b", {"confidence": ("high", "medium")}),
    ("update", "Incident", "8d57a7ad-b3cf-5fbf-9d7f-8ae675d99ade", {"killed": (0, None)}),
    (
        "update",
        "Incident",
        "511da16d-108c-5bd4-8543-d11a7c6b73b7",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Late on Monday night, two rockets hit the Besmaya base south-east of Baghdad, where Spanish "
                "and other coalition/NATO trainers are based. The military statement did not mention "
                "casualties, so none are recorded. AFP counted 24 rocket attacks on US or foreign-troop sites "
                "since late October. Kitabat reported that Usbat al-Thaireen claimed the shelling of Taji and "
                "Besmaya in a video.",
                "Late on Monday night, two rockets hit the Besmaya base south-east of Baghdad, where Spanish "
                "and other coalition/NATO trainers are based. The military statement did not mention "
                "casualties, so they are recorded as unknown. AFP counted 24 rocket attacks on US or "
                "foreign-troop sites since late October. Kitabat reported that Usbat al-Thaireen claimed the "
                "shelling of Taji and Besmaya in a video.",
            ),
        },
    ),
    ("update", "Incident", "237c6b80-caf0-5f4a-9861-4eaad35be2ca", {"confidence": ("high", "medium")}),
    ("update", "Incident", "b2c8780e-0b3b-56cb-9b26-90f907faef10", {"confidence": ("high", "medium")}),
    (
        "update",
        "Incident",
        "3071c41c-d61a-5da7-b660-c25615fb9e05",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Three Katyusha-type rockets struck a military site by Baghdad airport that US troops and "
                "diplomats use, and no casualties were reported. The launch pad was found in al-Barkiya, west "
                "of Baghdad. This ended a lull of about six weeks. A post copied from ISWNews says Thar "
                "al-Muhandis claimed four rockets at Camp Victory that day; the claim is unverified.",
                "Three Katyusha-type rockets struck a military site by Baghdad airport that US troops and "
                "diplomats use. The launch pad was found in al-Barkiya, west of Baghdad. This ended a lull of "
                "about six weeks. A post copied from ISWNews says Thar al-Muhandis claimed four rockets at "
                "Camp Victory that day; the claim is unverified.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "aab021fa-3d5e-585d-a793-c22f7ab63944",
        {
            "summary": (
                "A new group announced itself with a video purporting to show it striking an American "
                "military convoy in Babil. The only source is a pro-resistance outlet. The date and method of "
                "the attack are not given, and the date used is the publication date, so this is a claim "
                "only.",
                "A new group announced itself with a video purporting to show it striking an American "
                "military convoy in Babil. The only source is a pro-resistance outlet. The date and method of "
                "the attack are not given, so the window is the week that ends on the publication date, 16 "
                "May: the attack happened on or before it, possibly earlier. This is a claim only.",
            ),
            "date": ("2020-05-16", "2020-05-10"),
            "date_end": ("2020-05-22", "2020-05-16"),
        },
    ),
    (
        "update",
        "Incident",
        "ef97a423-0898-57dd-b455-678b93b291d5",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Early on Tuesday morning, a single rocket came down near the embassy, breaking several weeks "
                "of calm. Sputnik says it hit an empty house and was fired from the Palestine Street area. No "
                "casualties were reported, and AFP called it the 28th attack on US interests in seven months.",
                "Early on Tuesday morning, a single rocket came down near the embassy, breaking several weeks "
                "of calm. Sputnik says it hit an empty house and was fired from the Palestine Street area. "
                "AFP called it the 28th attack on US interests in seven months.",
            ),
            "confidence": ("high", "medium"),
        },
    ),
    (
        "update",
        "Incident",
        "a03bdfe9-752f-52f2-b780-5ed45b48ec6b",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Iraq's Security Media Cell said a rocket landed near Baghdad airport late on Monday, "
                "launched from Arab Khudair, with no casualties. It was the second such attack under Prime "
                "Minister Kadhimi, and AFP called it the 29th since October. The cited copy is an aggregator "
                "repost of Rudaw, but AFP and a BBC reporter's list back it up.",
                "Iraq's Security Media Cell said a rocket landed near Baghdad airport late on Monday, "
                "launched from Arab Khudair. It was the second such attack under Prime Minister Kadhimi, and "
                "AFP called it the 29th since October. The cited copy is an aggregator repost of Rudaw, but "
                "AFP and a BBC reporter's list back it up.",
            ),
            "confidence": ("high", "medium"),
        },
    ),
    ("update", "Incident", "6c80c287-174a-55e9-97e6-9b288047a0a0", {"confidence": ("medium", "low")}),
    (
        "update",
        "Incident",
        "098b671a-a2fe-5aa9-9dfb-fe2f59949449",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "The Security Media Cell said two rockets hit Camp Taji, which hosts the US-led coalition, "
                "causing limited damage and no casualties. Iraqi forces identified the launch point but named "
                "no perpetrators. The attack came as the US–Iraq strategic dialogue was under way, and "
                "Anadolu also reported it.",
                "The Security Media Cell said two rockets hit Camp Taji, which hosts the US-led coalition, "
                "causing limited damage. Iraqi forces identified the launch point but named no perpetrators. "
                "The attack came as the US–Iraq strategic dialogue was under way, and Anadolu also reported "
                "it.",
            ),
            "confidence": ("high", "medium"),
        },
    ),
    (
        "update",
        "Incident",
        "347f9d1f-f2b5-51c6-8936-baf65dbf2faa",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Before dawn on 16 June, two rockets struck the military part of Baghdad International "
                "Airport, where US forces have a headquarters. No one was hurt, and the launcher was later "
                "found in west Baghdad's al-Furat district. A BBC reporter's list dates an airport attack to "
                "15 June, probably the same overnight event.",
                "Before dawn on 16 June, two rockets struck the military part of Baghdad International "
                "Airport, where US forces have a headquarters. The launcher was later found in west Baghdad's "
                "al-Furat district. A BBC reporter's list dates an airport attack to 15 June, probably the "
                "same overnight event.",
            ),
            "confidence": ("high", "medium"),
        },
    ),
    (
        "update",
        "Incident",
        "d935682d-ae44-5f99-b364-b74d81e421e5",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "At least four rockets fell in Baghdad's Green Zone near the US embassy and other diplomatic "
                "buildings; there were no reported casualties. The cited copy is a repost of an Epoch Times "
                "article dated 17 June, while a BBC reporter's list gives 18 June, so the date may be off by "
                "a day (late-night event).",
                "At least four rockets fell in Baghdad's Green Zone near the US embassy and other diplomatic "
                "buildings. The cited copy is a repost of an Epoch Times article dated 17 June, while a BBC "
                "reporter's list gives 18 June, so the date may be off by a day (late-night event).",
            ),
            "confidence": ("medium", "low"),
        },
    ),
    (
        "update",
        "Incident",
        "5eb10010-f0f2-5669-82dc-9ae95a544751",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "The Iraqi military said a rocket hit Baghdad airport on Monday 22 June, landing near a "
                "compound housing US soldiers and diplomats; it was launched from near Abu Ghraib and caused "
                "no casualties. AFP counted six rocket attacks since 8 June and nearly three dozen on US "
                "interests since October; AP called it the fourth since the 11 June strategic talks began.",
                "The Iraqi military said a rocket hit Baghdad airport on Monday 22 June, landing near a "
                "compound housing US soldiers and diplomats; it was launched from near Abu Ghraib. AFP "
                "counted six rocket attacks since 8 June and nearly three dozen on US interests since "
                "October; AP called it the fourth since the 11 June strategic talks began.",
            ),
        },
    ),
    ("update", "Incident", "5d21708b-10d5-5135-8abf-f0dd0bbe72b7", {"killed": (0, None)}),
    (
        "update",
        "Incident",
        "685550b8-9540-5532-92c0-c973c9228fde",
        {
            "duplicate_of": (None, "5d21708b-10d5-5135-8abf-f0dd0bbe72b7"),
            "duplicate_reason": (
                "",
                "ISW's heading is the only report of an airport rocket on 5 July, without details, "
                "and our research notes it may be the rocket aimed at the Green Zone that day (#46), "
                "which is well reported. The two places are 15.6 km apart, beyond the admin's 10 km "
                "duplicate check.",
            ),
        },
    ),
    ("update", "Incident", "29a73a1e-2abf-5c32-8d1e-11696b15a173", {"confidence": ("high", "medium")}),
    (
        "update",
        "Incident",
        "2e35e3e3-25b3-55ca-bf7d-7c062cd79cf5",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Gunmen in pickup trucks stopped a convoy supplying US forces on the highway between "
                "Diwaniyah and Samawah, made the Iraqi drivers get out, and set three vehicles alight, "
                "including two fuel tankers; videos appeared online and no injuries were reported. Saraya "
                "Thawrat al-Ishreen al-Thaniya claimed it, while the Jerusalem Post reported that the US "
                "denied any attack on it had taken place. The main source is partisan.",
                "Gunmen in pickup trucks stopped a convoy supplying US forces on the highway between "
                "Diwaniyah and Samawah, made the Iraqi drivers get out, and set three vehicles alight, "
                "including two fuel tankers; videos appeared online. Saraya Thawrat al-Ishreen al-Thaniya "
                "claimed it, while the Jerusalem Post reported that the US denied any attack on it had taken "
                "place. The main source is partisan.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "492c29d2-0a46-597a-a809-3e752b3b168d",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Talos reported that at least one IED went off against a private convoy working for the US "
                "military on Highway 1 by the village of Mukayshifah, between Tikrit and Samarra, with no "
                "casualties. Ashab al-Kahf claimed it had destroyed a large supply convoy in Salah al-Din, "
                "but the Samarra Operations commander denied there was any IED and blamed a burst tyre.",
                "Talos reported that at least one IED went off against a private convoy working for the US "
                "military on Highway 1 by the village of Mukayshifah, between Tikrit and Samarra. Ashab "
                "al-Kahf claimed it had destroyed a large supply convoy in Salah al-Din, but the Samarra "
                "Operations commander denied there was any IED and blamed a burst tyre.",
            ),
        },
    ),
    ("update", "Incident", "cb3b5607-eb11-5b55-ab25-966df0bd3698", {"confidence": ("medium", "low")}),
    ("update", "Incident", "d821d3b8-a227-5a84-ae1e-e2c8618e085f", {"killed": (0, None), "wounded": (0, None)}),
    ("update", "Incident", "56fc525c-59f3-50ee-92f7-3923ed5f7fbd", {"confidence": ("high", "medium")}),
    (
        "update",
        "Incident",
        "d46b2241-6593-5dc0-a37d-2167d852f4d0",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "The Security Media Cell said four Katyushas struck inside the Besmaya base during the "
                "afternoon of 24 July, fired from al-Dainiyah in Diyala, damaging an armour warehouse and "
                "guard caravans but hurting no one. The coalition training base, where Spanish troops were "
                "stationed, was due to be handed to Iraqi forces the next day.",
                "The Security Media Cell said four Katyushas struck inside the Besmaya base during the "
                "afternoon of 24 July, fired from al-Dainiyah in Diyala, damaging an armour warehouse and "
                "guard caravans. The coalition training base, where Spanish troops were stationed, was due to "
                "be handed to Iraqi forces the next day.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "ae7fc714-6ecb-5b51-a780-24fb0acad7c1",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Rockets struck Taji base north of Baghdad, which hosts US troops, on Monday night 27 July, "
                "with no casualties. A US official counted four rockets, while the Security Media Cell said "
                "three, one of which badly damaged an Iraqi warplane.",
                "Rockets struck Taji base north of Baghdad, which hosts US troops, on Monday night 27 July. A "
                "US official counted four rockets, while the Security Media Cell said three, one of which "
                "badly damaged an Iraqi warplane.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "6884353a-4bd3-54a5-ace1-141b9025be63",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "An IED exploded on 4 August against a logistics convoy supporting US forces near Nasiriyah "
                "and damaged one vehicle, with no casualties reported. An Iraqi operations-command officer "
                "confirmed it to NRT. It is the first of the August convoy attacks counted from the 4th.",
                "An IED exploded on 4 August against a logistics convoy supporting US forces near Nasiriyah "
                "and damaged one vehicle. An Iraqi operations-command officer confirmed it to NRT. It is the "
                "first of the August convoy attacks counted from the 4th.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "7fa8b33b-0c2e-52f2-bef5-3415a6901645",
        {
            "summary": (
                "Citing the Security Media Cell, ISW reported that unknown militants launched a single "
                "Katyusha at the US embassy in the Green Zone on 5 August. Casualty details are not given. "
                "ISW said Iranian proxies were likely responsible, but nobody claimed it.",
                "Citing the Security Media Cell, ISW reported that unknown militants launched a single "
                "Katyusha at the US embassy in the Green Zone (where it landed is not reported) on 5 August. "
                "Casualty details are not given. ISW said Iranian proxies were likely responsible, but nobody "
                "claimed it.",
            ),
            "location": ("US Embassy compound, Baghdad", "Green Zone, Baghdad"),
        },
    ),
    (
        "update",
        "Incident",
        "deddeec4-66bb-5e79-a9aa-d9be10ddf355",
        {"killed": (0, None), "wounded": (0, None), "confidence": ("high", "medium")},
    ),
    (
        "update",
        "Incident",
        "0fe5bf67-fc88-53a9-9a17-13dbba2b41d2",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Around 11:00 on Tuesday 11 August, an IED hit a US-coalition logistics convoy in the Taji "
                "area about 20 km north-west of Baghdad and damaged at least one vehicle; no casualties were "
                "reported. Saraya Thawrat al-Ishreen later claimed the attack.",
                "Around 11:00 on Tuesday 11 August, an IED hit a US-coalition logistics convoy in the Taji "
                "area about 20 km north-west of Baghdad and damaged at least one vehicle. Saraya Thawrat "
                "al-Ishreen later claimed the attack.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "0e6b27bf-3941-5da6-ba33-ade6568344ee",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "On Tuesday 11 August, Crisis24 reported indirect fire hitting the Green Zone, and ISW "
                "counted it as the week's second attack on the US embassy with no casualties. Agenzia Nova "
                "reported a Katyusha near the 14 July bridge on Wednesday 12 August; this is probably the "
                "same overnight event and is not counted again.",
                "On Tuesday 11 August, Crisis24 reported indirect fire hitting the Green Zone, and ISW "
                "counted it as the week's second attack on the US embassy. Agenzia Nova reported a Katyusha "
                "near the 14 July bridge on Wednesday 12 August; this is probably the same overnight event "
                "and is not counted again.",
            ),
        },
    ),
    ("update", "Incident", "7430252d-f36a-5be8-acce-8f6874b6dd6c", {"killed": (0, None), "wounded": (0, None)}),
    ("update", "Incident", "1d86dc5c-a5f6-5094-80ae-1217e5532d60", {"killed": (0, None), "wounded": (0, None)}),
    ("update", "Incident", "50a20263-2071-5fc7-93af-006f147d5684", {"killed": (0, None), "wounded": (0, None)}),
    (
        "update",
        "Incident",
        "ee57d936-dcf2-54c2-b4d7-2f9e6a104e2b",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "Crisis24 reported rockets fired at Camp Taji on Saturday 15 August. Agenzia Nova, citing the "
                "coalition spokesman via Rudaw, said two Katyushas fell near Taji during the night of 15–16 "
                "August with no injuries.",
                "Crisis24 reported rockets fired at Camp Taji on Saturday 15 August. Agenzia Nova, citing the "
                "coalition spokesman via Rudaw, said two Katyushas fell near Taji during the night of 15–16 "
                "August with no injuries. We hold no address for Agenzia Nova's report, so casualties are "
                "left unknown.",
            ),
        },
    ),
    (
        "update",
        "Incident",
        "cac4325e-e2d7-5d01-b854-b20bbdcf4e2e",
        {
            "killed": (0, None),
            "wounded": (4, None),
            "summary": (
                "On Monday 17 August, gunmen shot at four activists travelling together in a car in Basra, "
                "three days after Tahseen Osama's killing. Human Rights Watch reported four wounded in the "
                "attacks. The attackers were not identified.",
                "On Monday 17 August, gunmen shot at four activists travelling together in a car in Basra, "
                "three days after Tahseen Osama's killing. Reuters says the four were shot at; Human Rights "
                "Watch said four were wounded, in a statement we hold only through a repost without an "
                "address, so the number of wounded is left unknown. The attackers were not identified.",
            ),
            "title": (
                "Gunmen fire on car of Basra activists, wounding four",
                "Gunmen fire on a car carrying four Basra activists",
            ),
        },
    ),
    ("update", "Incident", "72f1d1c2-d543-51e7-847a-131f401270b6", {"killed": (0, None), "wounded": (0, None)}),
    ("update", "Incident", "ffa994d0-505c-57e4-a850-f610c53c7879", {"killed": (0, None)}),
    ("update", "Incident", "405120e3-7cb5-545b-a920-46592c76cebb", {"confidence": ("high", "medium")}),
    (
        "update",
        "Incident",
        "b1c4eb77-07fd-5c95-a8d4-0a86c945ad1e",
        {
            "killed": (0, None),
            "wounded": (0, None),
            "summary": (
                "On Saturday 29 August, a rocket from an unknown launcher hit an empty building in the Green "
                "Zone, the second attack that week; there were no casualties, and sirens sounded at the US "
                "embassy. Shafaq placed it hours before that day's IED on the Hilla–Diwaniyah road.",
                "On Saturday 29 August, a rocket from an unknown launcher hit an empty building in the Green "
                "Zone, the second attack that week; sirens sounded at the US embassy. Shafaq placed it hours "
                "before that day's IED on the Hilla–Diwaniyah road.",
            ),
            "confidence": ("high", "medium"),
        },
    ),
    ("update", "Incident", "61905e82-67a4-5b58-bc8e-039eb0bc3e15", {"confidence": ("medium", "low")}),
    (
        "create",
        "IncidentSource",
        {
            "incident": "511da16d-108c-5bd4-8543-d11a7c6b73b7",
            "source": "https://kitabat.com/news/%d8%b9%d8%b5%d8%a8%d8%a9-%d8%a7%d9%84%d8%ab%d8%a7%d8%a6%d8%b1%d9%8a%d9%86-%d8%b3%d9%84%d8%a7%d8%ad-%d8%a5%d9%8a%d8%b1%d8%a7%d9%86-%d8%a7%d9%84%d8%ac%d8%af%d9%8a%d8%af-%d9%81%d9%8a-%d9%88%d8%ac%d9%87",
        },
        {
            "incident": "511da16d-108c-5bd4-8543-d11a7c6b73b7",
            "source": "https://kitabat.com/news/%d8%b9%d8%b5%d8%a8%d8%a9-%d8%a7%d9%84%d8%ab%d8%a7%d8%a6%d8%b1%d9%8a%d9%86-%d8%b3%d9%84%d8%a7%d8%ad-%d8%a5%d9%8a%d8%b1%d8%a7%d9%86-%d8%a7%d9%84%d8%ac%d8%af%d9%8a%d8%af-%d9%81%d9%8a-%d9%88%d8%ac%d9%87",
            "excerpt": "Reports that Usbat al-Thaireen claimed, in a video, the shelling of both Taji and Besmaya.",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {"incident": "3071c41c-d61a-5da7-b660-c25615fb9e05", "source": "http://forum.nef2.com/tag/resis/"},
        {
            "incident": "3071c41c-d61a-5da7-b660-c25615fb9e05",
            "source": "http://forum.nef2.com/tag/resis/",
            "excerpt": "Copies an ISWNews item saying Thar al-Muhandis claimed four Katyusha rockets at Camp Victory "
            "on 6 May.",
            "credibility": 4,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "bca1768d-6a22-5495-82d4-ecc8d37c3c9f",
            "source": "https://vdocument.in/1-5-7-14-07-jul-7-jul-3-5-hundreds-protest-near-the-saudi-embassy-in.html",
        },
        {
            "incident": "bca1768d-6a22-5495-82d4-ecc8d37c3c9f",
            "source": "https://vdocument.in/1-5-7-14-07-jul-7-jul-3-5-hundreds-protest-near-the-saudi-embassy-in.html",
            "excerpt": "ISW's weekly report calls the gunmen who killed al-Hashimi likely Kata'ib Hezbollah members.",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "0e6b27bf-3941-5da6-ba33-ade6568344ee",
            "source": "https://pdfslide.fr/documents/likely-iranian-proxies-fire-one-rocket-at-us-embassy-iraqi-allegedly-utilized.html",
        },
        {
            "incident": "0e6b27bf-3941-5da6-ba33-ade6568344ee",
            "source": "https://pdfslide.fr/documents/likely-iranian-proxies-fire-one-rocket-at-us-embassy-iraqi-allegedly-utilized.html",
            "excerpt": "ISW counts a second rocket attack on the US embassy that week, on 11 August, and calls likely "
            "Iranian proxies responsible.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "2e35e3e3-25b3-55ca-bf7d-7c062cd79cf5",
            "source": "https://www.jpost.com/middle-east/pro-iranian-militias-in-iraq-claim-attack-on-us-vehicles-634769",
        },
        {
            "incident": "2e35e3e3-25b3-55ca-bf7d-7c062cd79cf5",
            "source": "https://www.jpost.com/middle-east/pro-iranian-militias-in-iraq-claim-attack-on-us-vehicles-634769",
            "excerpt": "Reports Saraya Thawrat al-Ishreen's claim of the convoy arson, and that the US denied any "
            "attack took place.",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "a03bdfe9-752f-52f2-b780-5ed45b48ec6b",
            "source": "https://clarion.causeaction.com/2020/06/17/at-least-4-rockets-explode-near-us-embassy-in-iraqs-green-zone/",
        },
        {
            "incident": "a03bdfe9-752f-52f2-b780-5ed45b48ec6b",
            "source": "https://clarion.causeaction.com/2020/06/17/at-least-4-rockets-explode-near-us-embassy-in-iraqs-green-zone/",
            "excerpt": "Quotes a BBC reporter's list of rocket attacks that includes one on Baghdad airport on 8 June.",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "e1fae2c4-ed1d-539f-883e-7f0878126e3e",
            "source": "https://www.kurdistan24.net/en/story/22965-Rockets-land-on-Iraqi-base-hosting-US-forces,-amid-uptick-in-attacks",
        },
        {
            "incident": "e1fae2c4-ed1d-539f-883e-7f0878126e3e",
            "source": "https://www.kurdistan24.net/en/story/22965-Rockets-land-on-Iraqi-base-hosting-US-forces,-amid-uptick-in-attacks",
            "excerpt": "Also reports the rockets that landed on Balad air base.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "1d86dc5c-a5f6-5094-80ae-1217e5532d60",
            "source": "https://www.kurdistan24.net/en/story/22965-Rockets-land-on-Iraqi-base-hosting-US-forces,-amid-uptick-in-attacks",
        },
        {
            "incident": "1d86dc5c-a5f6-5094-80ae-1217e5532d60",
            "source": "https://www.kurdistan24.net/en/story/22965-Rockets-land-on-Iraqi-base-hosting-US-forces,-amid-uptick-in-attacks",
            "excerpt": "Also reports the roadside bomb near the Diwaniya bridge against a contractor convoy.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "405120e3-7cb5-545b-a920-46592c76cebb",
            "source": "https://themedialine.org/mideast-daily-news/baghdads-green-zone-under-fire-for-second-time-this-week/?utm_source=rss&utm_medium=rss&utm_campaign=baghdads-green-zone-under-fire-for-second-time-this-week",
        },
        {
            "incident": "405120e3-7cb5-545b-a920-46592c76cebb",
            "source": "https://themedialine.org/mideast-daily-news/baghdads-green-zone-under-fire-for-second-time-this-week/?utm_source=rss&utm_medium=rss&utm_campaign=baghdads-green-zone-under-fire-for-second-time-this-week",
            "excerpt": "Calls the Green Zone rocket of 29 August the second attack on the zone that week.",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "58835384-3d1c-55e8-b5ba-e5bc6246a616",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "58835384-3d1c-55e8-b5ba-e5bc6246a616",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says the “Rebel League” (Usbat al-Thaireen) published drone footage of the US embassy.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "47540570-42f7-591e-b0c2-015cab232aac",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "47540570-42f7-591e-b0c2-015cab232aac",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says 14 Kata'ib Hezbollah members were arrested in June over planned rocket attacks, and 13 "
            "released.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "bca1768d-6a22-5495-82d4-ecc8d37c3c9f",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "bca1768d-6a22-5495-82d4-ecc8d37c3c9f",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says the security analyst Hisham al-Hashimi was killed in July and his killers were not "
            "identified.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "d821d3b8-a227-5a84-ae1e-e2c8618e085f",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "d821d3b8-a227-5a84-ae1e-e2c8618e085f",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says a German woman was kidnapped in Baghdad in July and held for three days.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "b6664e07-16a1-59b4-a144-9ae8c08628a4",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "b6664e07-16a1-59b4-a144-9ae8c08628a4",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says a convoy was attacked in the south on 7 August and a man carrying explosives and a PMF "
            "faction's ID was arrested; matched only in part (Talos dates the arrest to 6 August, and no 7 "
            "August convoy attack was found).",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "55e21de9-31af-54b8-8962-6b65cad2a58c",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "55e21de9-31af-54b8-8962-6b65cad2a58c",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says an activist was shot dead in Basra on a Friday evening.",
            "credibility": 2,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
        },
        {
            "incident": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "excerpt": "Says a convoy attack in Dhi Qar was claimed by the “Brigades of the Twentieth Revolution”.",
            "credibility": 6,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "create",
        "IncidentSource",
        {
            "incident": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "source": "https://www.blog.talos-iraq.com/isf-seize-vehicle-transporting-explosives-near-highway-1-in-dhi-qar-province/",
        },
        {
            "incident": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "source": "https://www.blog.talos-iraq.com/isf-seize-vehicle-transporting-explosives-near-highway-1-in-dhi-qar-province/",
            "excerpt": "Says Saraya Thawrat al-Ishreen claims regular IED attacks against private Iraqi logistics "
            "convoys.",
            "credibility": 3,
            "says_none_killed": False,
            "says_none_wounded": False,
        },
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "a2e76d97-5a1c-5205-b47f-9abcb0cf3ebc",
            "source": "https://www.voanews.com/middle-east/four-rockets-hit-military-base-near-baghdad-airport",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "11541e5f-1d41-5a9b-90ff-5b9a3e967c93",
            "source": "https://www.jpost.com/Breaking-News/Rockets-land-near-Iraqi-base-hosting-US-forces-no-casualties-607290",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "e10e0f47-2135-5e1c-adfa-c3f916978003",
            "source": "https://www.rt.com/news/474943-five-rockets-hit-inside-us-base-iraq/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "c1904c3c-3ebc-5908-8d9e-a972462dd823",
            "source": "https://www.chinadailyhk.com/articles/159/140/223/1575877621803.html",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "e50f3a86-2a7d-5239-b0ce-0b8265cbfb2e",
            "source": "https://www.channelstv.com/2019/12/29/four-rockets-target-base-housing-us-personnel-near-iraq-capital/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "df9551fc-47cc-5492-91ff-e06fac20a4aa",
            "source": "https://www.thedailybeast.com/rockets-fall-on-iraqs-balad-air-base-housing-us-troops-report-says",
        },
        {"says_none_killed": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "bbeed1ef-b0b1-5946-aae7-e6a0b0fce1ae",
            "source": "https://www.thedailybeast.com/rockets-fall-on-iraqs-balad-air-base-housing-us-troops-report-says",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "d0e62c8b-244e-5b2f-a718-4a99fb8ffd21",
            "source": "https://www.usnn.news/rockets-fired-at-military-base-housing-us-soldiers-in-iraq-officials/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "ad8b423d-c7fb-5f89-b85e-dbfbfd64be9b",
            "source": "https://english.hathalyoum.net/articles/16384-rockets-land-near-iraqi-base-hosting-forces-",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "fa1eb9e1-c7b4-50e5-a658-f03175282a93",
            "source": "https://www.arabnews.com/node/1627316/middle-east",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "20567251-41ef-5c96-a2a6-7270c784033b",
            "source": "https://jisrtv.com/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1-%d8%a7%d9%84%d8%ac%d8%b3%d8%b1/%d8%a7%d9%84%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1-%d8%a7%d9%84%d8%b9%d8%b1%d8%a8%d9%8a%d8%a9/%d8%b3%d9%82%d9%88%d8%b7-%d8%b5%d9%88%d8%a7%d8%b1%d9%8a%d8%ae-%d9%83%d8%a7%d8%aa%d9%8a%d9%88%d8%b4%d8%a7-%d9%82%d8%b1%d8%a8-%d8%a7%d9%84%d9%85%d9%86%d8%b7%d9%82%d8%a9-%d8%a7%d9%84%d8%ae%d8%b6%d8%b1%d8%a7%d8%a1-%d9%81%d9%8a-%d8%a8%d8%ba%d8%af%d8%a7%d8%af/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "ba4eb41e-506a-552d-a62f-7f06e4146533",
            "source": "https://cyprus-mail.com/2020/04/06/rockets-hit-oil-industry-district-in-southern-iraq-no-casualties/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "cb3b5607-eb11-5b55-ab25-966df0bd3698",
            "source": "https://www.urdupoint.com/en/world/two-rockets-fall-near-us-embassy-inside-baghd-978782.html",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "56fc525c-59f3-50ee-92f7-3923ed5f7fbd",
            "source": "https://www.middleeastmonitor.com/20200722-iraq-twin-bombings-target-support-convoy-for-us-forces/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "e1fae2c4-ed1d-539f-883e-7f0878126e3e",
            "source": "https://sputniknews.com/middleeast/202008131080158416-Three-Rockets-Strike-Iraqs-Balad-Air-Base-No-Casualties-Reported/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "44c6b0c3-2f64-552e-b2b1-c2f36f7b6f5a",
            "source": "https://www.kurdistan24.net/en/story/22965-Rockets-land-on-Iraqi-base-hosting-US-forces,-amid-uptick-in-attacks",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "0d160d1b-d1be-57a5-b6b2-4721c0c3cec2",
            "source": "https://www.reuters.com/article/us-iraq-security/rocket-falls-inside-baghdads-green-zone-no-casualties-idUSKCN25C0S6",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "405120e3-7cb5-545b-a920-46592c76cebb",
            "source": "https://sputniknews.com/middleeast/202008271080297198-three-katyusha-rockets-land-inside-baghdads-green-zone-no-casualties-reported/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "update",
        "IncidentSource",
        {
            "incident": "61905e82-67a4-5b58-bc8e-039eb0bc3e15",
            "source": "https://search4dinar.wordpress.com/2020/08/29/a-new-explosion-targets-the-coalition-supplies-in-southern-iraq/",
        },
        {"says_none_killed": (False, True), "says_none_wounded": (False, True)},
    ),
    (
        "delete",
        "Claim",
        {
            "incident": "bc510a1e-8bf8-562c-b43c-a5f68ab9ec54",
            "group": "popular-mobilization-forces",
            "actor": "",
            "kind": "attributed",
        },
        {
            "incident": "bc510a1e-8bf8-562c-b43c-a5f68ab9ec54",
            "group": "popular-mobilization-forces",
            "actor": "",
            "kind": "attributed",
            "stated_by": "unnamed reports (not in the cited source)",
            "stated_on": None,
            "channel": "media_report",
            "url": "",
            "confidence": "low",
            "note": "Named in some reports, not in the cited timeline. The attribution is unnamed reports's, whose "
            "statement is not among this incident's sources; linked to Washington Post's report of the "
            "incident, the most specific source it has.",
            "source": "https://www.washingtonpost.com/world/2020/01/08/timeline-escalation-middle-east/",
        },
    ),
    (
        "delete",
        "Claim",
        {
            "incident": "ba4eb41e-506a-552d-a62f-7f06e4146533",
            "group": None,
            "actor": "Islamic State",
            "kind": "suspected",
        },
        {
            "incident": "ba4eb41e-506a-552d-a62f-7f06e4146533",
            "group": None,
            "actor": "Islamic State",
            "kind": "suspected",
            "stated_by": "opinion website (millsforflorida.com)",
            "stated_on": None,
            "channel": "other",
            "url": "",
            "confidence": "low",
            "note": "Unverified attribution from a non-news opinion site. The attribution is millsforflorida.com's, "
            "whose statement is not among this incident's sources; linked to Reuters via Cyprus Mail's report "
            "of the incident, the most specific source it has.",
            "source": "https://cyprus-mail.com/2020/04/06/rockets-hit-oil-industry-district-in-southern-iraq-no-casualties/",
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "fc4c08b7-332d-5893-b66f-150ec7ae72c9",
            "group": "saraya-awliya-al-dam",
            "actor": "",
            "kind": ["claimed", "suspected"],
        },
        {
            "kind": ("claimed", "suspected"),
            "stated_by": ("Saraya Awliya al-Dam", "Washington Institute (WINEP)"),
            "note": (
                "Per WINEP, claimed a 24 August convoy attack; location not given, may not be this incident.",
                "WINEP says Saraya Awliya al-Dam claimed an attack on a convoy of Iraqi trucks on 24 August 2020 "
                "without saying where; it may not be this Taji incident, so the group is only suspected of it "
                "here.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "511da16d-108c-5bd4-8543-d11a7c6b73b7",
            "group": "usbat-al-thaireen",
            "actor": "",
            "kind": "claimed",
        },
        {
            "source": (
                "https://www.thedefensepost.com/2020/03/17/iraq-rockets-besmaya-base-us-coalition-nato/",
                "https://kitabat.com/news/%d8%b9%d8%b5%d8%a8%d8%a9-%d8%a7%d9%84%d8%ab%d8%a7%d8%a6%d8%b1%d9%8a%d9%86-%d8%b3%d9%84%d8%a7%d8%ad-%d8%a5%d9%8a%d8%b1%d8%a7%d9%86-%d8%a7%d9%84%d8%ac%d8%af%d9%8a%d8%af-%d9%81%d9%8a-%d9%88%d8%ac%d9%87",
            ),
            "stated_by": (
                "Usbat al-Thaireen (as reported by Kitabat / Euro-Times)",
                "Usbat al-Thaireen (as reported by Kitabat)",
            ),
            "note": (
                "Reported claim of shelling both Taji and Besmaya. The attribution is Kitabat / Euro-Times's, "
                "whose statement is not among this incident's sources; linked to AFP via The Defense Post's "
                "report of the incident, the most specific source it has.",
                "Kitabat reported the group's video claiming the shelling of both Taji and Besmaya.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "3071c41c-d61a-5da7-b660-c25615fb9e05",
            "group": "thar-al-muhandis",
            "actor": "",
            "kind": "claimed",
        },
        {
            "source": (
                "https://www.aljazeera.com/news/2020/05/rockets-target-military-complex-baghdad-airport-200506095355726.html",
                "http://forum.nef2.com/tag/resis/",
            ),
            "note": (
                "Known only from a forum copy of an ISWNews item; claimed 4 rockets vs 3 reported. The "
                "attribution is ISWNews (through a forum copy)'s, whose statement is not among this incident's "
                "sources; linked to Al Jazeera's report of the incident, the most specific source it has.",
                "Known only from a forum copy of an ISWNews item; it claimed four rockets at Camp Victory "
                "against the three reported.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "bca1768d-6a22-5495-82d4-ecc8d37c3c9f",
            "group": "kataib-hezbollah",
            "actor": "",
            "kind": "suspected",
        },
        {
            "source": (
                "https://www.devdiscourse.com/article/international/1119984-gunmen-shoot-dead-prominent-iraqi-analyst-and-advisor---officials",
                "https://vdocument.in/1-5-7-14-07-jul-7-jul-3-5-hundreds-protest-near-the-saudi-embassy-in.html",
            ),
            "note": (
                "ISW called the gunmen likely KH members; there was no claim and no official attribution. The "
                "attribution is the Institute for the Study of War's, whose statement is not among this "
                "incident's sources; linked to Reuters via Devdiscourse's report of the incident, the most "
                "specific source it has.",
                "ISW called the gunmen likely KH members; there was no claim and no official attribution.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "0e6b27bf-3941-5da6-ba33-ade6568344ee",
            "group": None,
            "actor": "Iran-aligned militias (unspecified)",
            "kind": "suspected",
        },
        {
            "source": (
                "https://crisis24.garda.com/alerts/2020/08/iraq-reports-of-rocket-fire-in-baghdads-green-zone-august-16",
                "https://pdfslide.fr/documents/likely-iranian-proxies-fire-one-rocket-at-us-embassy-iraqi-allegedly-utilized.html",
            ),
            "note": (
                "Hedged 'likely Iranian proxies' assessment. The attribution is the Institute for the Study of "
                "War's, whose statement is not among this incident's sources; linked to Crisis24 (GardaWorld)'s "
                "report of the incident, the most specific source it has.",
                "Hedged “likely Iranian proxies” assessment.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "2e35e3e3-25b3-55ca-bf7d-7c062cd79cf5",
            "group": "saraya-thawrat-al-ishreen-al-thaniya",
            "actor": "",
            "kind": "claimed",
        },
        {
            "source": (
                "https://sputniknews.com/middleeast/202007121079859980-videos-allegedly-showing-us-military-convoy-ablaze-in-southern-iraq-emerge-online/",
                "https://www.jpost.com/middle-east/pro-iranian-militias-in-iraq-claim-attack-on-us-vehicles-634769",
            ),
            "note": (
                "Claim reported by the Jerusalem Post (and relayed by pro-militia channels); the US denied an "
                "attack took place. The attribution is the Jerusalem Post's, whose statement is not among this "
                "incident's sources; linked to Sputnik's report of the incident, the most specific source it "
                "has.",
                "Claim reported by the Jerusalem Post (and relayed by pro-militia channels); the US denied an "
                "attack took place.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {"incident": "492c29d2-0a46-597a-a809-3e752b3b168d", "group": "ashab-al-kahf", "actor": "", "kind": "claimed"},
        {
            "confidence": ("medium", "low"),
            "note": (
                "Claim quoted by Shafaq News; the local Iraqi commander disputed that an IED was involved. The "
                "attribution is Shafaq News's, whose statement is not among this incident's sources; linked to "
                "Talos Iraq blog's report of the incident, the most specific source it has.",
                "Claim quoted by Shafaq News, for which we hold no address, so it is recorded at low confidence "
                "and linked to Talos's report of the incident; the local Iraqi commander disputed that an IED "
                "was involved.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "d821d3b8-a227-5a84-ae1e-e2c8618e085f",
            "group": None,
            "actor": "Iran-aligned militias (unspecified)",
            "kind": "attributed",
        },
        {
            "confidence": ("medium", "low"),
            "note": (
                "Analyst assessment; no group claimed the kidnapping. The attribution is the Institute for the "
                "Study of War's, whose statement is not among this incident's sources; linked to AFP via "
                "Business Recorder's report of the incident, the most specific source it has.",
                "ISW's Iraq Situation Report of 22–28 July 2020 attributes the kidnapping to Iran's Iraqi proxy "
                "militias; we hold no address for it, so the attribution is recorded at low confidence and "
                "linked to AFP's report of the incident. No group claimed the kidnapping.",
            ),
        },
    ),
    (
        "update",
        "Claim",
        {
            "incident": "cac4325e-e2d7-5d01-b854-b20bbdcf4e2e",
            "group": None,
            "actor": "unidentified gunmen",
            "kind": "attributed",
        },
        {
            "confidence": ("medium", "low"),
            "note": (
                "No group named. The attribution is Human Rights Watch's, whose statement is not among this "
                "incident's sources; linked to Reuters via National Post's report of the incident, the most "
                "specific source it has.",
                "No group named. Human Rights Watch's statement is held only through a repost without an "
                "address, so this is recorded at low confidence and linked to Reuters' report of the "
                "incident.",
            ),
        },
    ),
    (
        "create",
        "Claim",
        {
            "incident": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "group": "saraya-thawrat-al-ishreen-al-thaniya",
            "actor": "",
            "kind": "claimed",
        },
        {
            "incident": "0a4b1c52-5b6f-5d2e-9c1e-14a2d0c0de83",
            "group": "saraya-thawrat-al-ishreen-al-thaniya",
            "actor": "",
            "kind": "claimed",
            "stated_by": "Saraya Thawrat al-Ishreen al-Thaniya (as reported by the source article)",
            "stated_on": None,
            "channel": "other",
            "url": "",
            "confidence": "low",
            "source": "Iranian desperate efforts to embarrass Al-Kazemi in front of Washington",
            "note": "The article names the group “Brigades of the Twentieth Revolution”; the claim is not matched to "
            "a specific Dhi Qar attack.",
        },
    ),
]

# How each model's records are named in CHANGES: the field that identifies them.
NATURAL = {"Incident": "uid", "Group": "slug", "Governorate": "slug", "Location": "name", "Source": "url"}
# Foreign keys, by field name, and the model each points to.
FOREIGN = {
    "location": "Location",
    "duplicate_of": "Incident",
    "incident": "Incident",
    "group": "Group",
    "source": "Source",
    "subject": "Group",
    "object": "Group",
    "governorate": "Governorate",
}
DATE_FIELDS = {"date", "date_end", "published_on", "stated_on"}


def renamed_urls():
    """Each source address this migration changes, with its other spelling (old ↔ new)."""
    pairs = {}
    for action, model, _, fields in CHANGES:
        if action == "update" and model == "Source" and "url" in fields:
            old, new = fields["url"]
            pairs.update({old: new, new: old})
    return pairs


def find(apps, model, ref):
    """The record a reference in CHANGES names, or None."""
    if ref is None:
        return None
    manager = apps.get_model("incidents", model).objects
    if isinstance(ref, dict):
        lookups = {}
        for field, value in ref.items():
            if field in FOREIGN:
                target = find(apps, FOREIGN[field], value)
                if value is not None and target is None:
                    return None
                lookups[field] = target
            else:
                lookups[f"{field}__in" if isinstance(value, list) else field] = value
        return manager.filter(**lookups).first()
    if model == "Source":  # by address; the article, which has none, by its title
        urls = {ref, renamed_urls().get(ref, ref)}
        return manager.filter(Q(url__in=urls) | Q(url="", title=ref)).first()
    return manager.filter(**{NATURAL[model]: ref}).first()


def reference(obj):
    """How CHANGES names this record."""
    if obj is None:
        return None
    model = type(obj).__name__
    if model == "Source" and not obj.url:
        return obj.title
    return str(getattr(obj, NATURAL[model]))


def stored(obj, field):
    """A field's value, written as CHANGES writes it."""
    if field in FOREIGN:
        return reference(getattr(obj, field))
    value = getattr(obj, field)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 33.299000 as CHANGES writes it, 33.299
    return value.isoformat() if isinstance(value, datetime.date) else value


def value_for(apps, field, value):
    """A value in CHANGES as the model takes it."""
    if field in FOREIGN:
        return find(apps, FOREIGN[field], value)
    if field in DATE_FIELDS and value is not None:
        return datetime.date.fromisoformat(value)
    return value


def remember(apps, obj, history_type):
    """Write the record's history, as django-simple-history does on a save (+ ~ -)."""
    history = apps.get_model("incidents", f"Historical{type(obj).__name__}")
    kept = {field.attname for field in history._meta.concrete_fields}  # a history leaves some fields out
    values = {
        field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields if field.attname in kept
    }
    history.objects.create(
        **values,
        history_date=timezone.now(),
        history_type=history_type,
        history_change_reason=REASON,
        history_user=None,
    )


def incident_of(obj):
    if obj is None:
        return None
    return obj.pk if type(obj).__name__ == "Incident" else getattr(obj, "incident_id", None)


def holds_seed(apps, changes):
    """Whether this database holds the seed: an incident this migration corrects is in it."""
    uids = [ref for action, model, ref, _ in changes if action == "update" and model == "Incident"]
    return apps.get_model("incidents", "Incident").objects.filter(uid__in=uids).exists()


def create(apps, model, fields):
    """The record, created, or None where a record it refers to is not in this database."""
    values = {field: value_for(apps, field, value) for field, value in fields.items()}
    if any(values[field] is None and fields[field] is not None for field in fields if field in FOREIGN):
        return None
    obj = apps.get_model("incidents", model).objects.create(**values)
    remember(apps, obj, "+")
    return obj


def apply(apps, changes):
    """Apply each change where the record still holds the value it replaces; return the incidents changed."""
    touched = set()
    if not holds_seed(apps, changes):
        return touched
    for action, model, ref, fields in changes:
        obj = find(apps, model, ref)
        if action == "create":
            if obj is None:
                touched.add(incident_of(create(apps, model, fields)))
            continue
        if obj is None:
            continue  # not in this database: it never held the seed, or the record was removed
        if action == "delete":
            if all(stored(obj, field) == value for field, value in fields.items() if field != "uid"):
                touched.add(incident_of(obj))
                remember(apps, obj, "-")
                obj.delete()
            else:
                print(f"\n  Seed correction left alone (edited since): delete {model} {ref}")
            continue
        changed = False
        for field, (old, new) in fields.items():
            current = stored(obj, field)
            if current == new:
                continue
            if current != old:
                print(f"\n  Seed correction left alone (edited since): {model} {ref} {field}")
                continue
            setattr(obj, field, value_for(apps, field, new))
            changed = True
        if changed:
            obj.save()
            remember(apps, obj, "~")
            touched.add(incident_of(obj))
    return touched - {None}


def raise_versions(apps, incident_ids):
    """An edit form opened before the corrections is refused as stale (Incident.version)."""
    apps.get_model("incidents", "Incident").objects.filter(pk__in=incident_ids).update(version=F("version") + 1)


def undone(changes):
    """The same changes undone, last first."""
    opposite = {"create": "delete", "delete": "create"}
    for action, model, ref, fields in reversed(changes):
        if action == "update":
            yield action, model, ref, {field: (new, old) for field, (old, new) in fields.items()}
        else:
            yield opposite[action], model, ref, fields


def correct(apps, schema_editor):
    raise_versions(apps, apply(apps, CHANGES))


def restore(apps, schema_editor):
    raise_versions(apps, apply(apps, list(undone(CHANGES))))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0014_incidentsource_says_none")]

    operations = [migrations.RunPython(correct, restore)]
