"""Names as publishers spell them, reduced to a key that matches ours.

ACLED writes "Military Forces of Iraq (2018-) Popular Mobilization Forces", GTD "Saladin",
UCDP "Salah ad Din governorate": the same group or governorate as ours in other spellings.
A key drops case, accents, apostrophes and other punctuation, and ACLED's year suffixes;
a governorate's key also drops the Arabic article and the word "governorate". Every
alias an analyst adds to a group goes through the same key, so the next import matches it.
"""

import functools
import re
import unicodedata

# ACLED's period of a state force or its branch: (2018-), (2003-2011), (1979-2003).
YEAR_SUFFIX = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
PARENTHESES = re.compile(r"\([^()]*\)")
APOSTROPHES = re.compile(r"['’‘`ʿʾ]")
NOT_A_LETTER = re.compile(r"[\W_]+")
ARTICLES = {"al", "el", "an", "as", "at", "ad", "ar", "az", "ash", "ath"}
REGION_WORDS = {"governorate", "province", "muhafazah"}
# Publishers' spellings of Iraq's governorates (ACLED, GTD, UCDP GED) beyond what the key
# already joins, by our slug.
GOVERNORATE_SPELLINGS = {
    "anbar": ["Anbar", "Al-Anbar", "Al Anbar"],
    "basra": ["Basrah", "Al-Basrah", "Al Basrah"],
    "nineveh": ["Ninewa", "Ninawa", "Ninevah", "Niniveh", "Mosul"],
    "dhi-qar": ["Thi-Qar", "Thi Qar", "Dhi-Qar", "Nasiriyah"],
    "qadisiyyah": ["Qadissiya", "Al-Qadissiya", "Al-Qadisiyah", "Qadisiyah", "Al Qadisiyah", "Diwaniyah"],
    "karbala": ["Kerbala", "Karbala'"],
    "wasit": ["Wassit"],
    "muthanna": ["Al-Muthanna"],
    "najaf": ["Al-Najaf", "An Najaf"],
    "duhok": ["Dahuk", "Dohuk", "Dihok"],
    "erbil": ["Arbil", "Irbil", "Hawler"],
    "sulaymaniyah": ["As-Sulaymaniyah", "Sulaimaniya", "Sulaimaniyah", "Slemani"],
    "salah-al-din": ["Sala al-Din", "Salah Al-Din", "Salahuddin", "Salah ad Din", "Saladin", "Salaheddin"],
    "maysan": ["Missan", "Misan"],
    "babil": ["Babylon", "Babel"],
    "kirkuk": ["At-Ta'mim", "At Ta'mim", "Tamim"],
    "diyala": ["Diyalah"],
}


# The tracker's countries as publishers and spreadsheets also write them (IRAQ, Irak, العراق).
COUNTRY_SPELLINGS = {"Iraq": ["Irak", "Republic of Iraq", "العراق", "جمهورية العراق"]}


@functools.cache
def country_keys():
    """{a spelling's key: the country as the tracker names it}."""
    return {
        name_key(spelling): country
        for country, spellings in COUNTRY_SPELLINGS.items()
        for spelling in [country, *spellings]
    }


@functools.lru_cache(maxsize=1024)
def our_country(name):
    """The country as the tracker names it where `name` is another spelling of it, else `name`
    (read once per distinct text: a file names few countries, row after row)."""
    return country_keys().get(name_key(name), name)


def name_key(name):
    """A name's key: no case, accents, punctuation, ACLED year suffix or extra spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = APOSTROPHES.sub("", YEAR_SUFFIX.sub(" ", text)).casefold()
    return " ".join(NOT_A_LETTER.sub(" ", text).split())


def actor_keys(name):
    """Keys to try, best first: the whole name; ACLED's unit after its state force
    ("Military Forces of Iraq (2018-) Popular Mobilization Forces"); the name without
    anything in parentheses."""
    keys = [name_key(name)]
    parts = YEAR_SUFFIX.split(name)
    if len(parts) > 1 and parts[-1].strip():
        keys.append(name_key(parts[-1]))
    keys.append(name_key(PARENTHESES.sub(" ", name)))
    return [key for key in dict.fromkeys(keys) if key]


def governorate_key(name):
    """A governorate's key: its name's key without articles, "governorate" or spaces."""
    words = [word for word in name_key(name).split() if word not in ARTICLES and word not in REGION_WORDS]
    return "".join(words)
