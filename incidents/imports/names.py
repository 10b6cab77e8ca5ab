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
# Regions publishers give as an Iraqi row's first-level region that lie within one of our
# governorates, by its slug: a governorate's capital (GTD's provstate "Mosul"), and Halabja, a
# governorate of the Kurdistan Region since 2014 (in both scripts), carved out of Sulaymaniyah,
# whose outline among our 18 holds it. Imports only: searching "Halabja" must not find every
# incident of Sulaymaniyah. The other spellings of a governorate's name (Ninewa, Sala al-Din)
# are its aliases (Governorate.aliases), which search reads too and an analyst can add to.
REGIONS_WITHIN = {
    "nineveh": ["Mosul"],
    "dhi-qar": ["Nasiriyah"],
    "qadisiyyah": ["Diwaniyah"],
    "sulaymaniyah": ["Halabja", "Halabjah", "حلبجة"],
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
