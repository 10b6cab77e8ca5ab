"""Search that finds a name however it is spelled: the one normalisation behind the public `q`
filter, the API and the admin's search boxes and autocompletes.

Every searchable row stores its text normalised (`search_text`, written on save and by every
bulk path); a query is normalised the same way and matched word by word, so the database
compares plain lowercase words with LIKE — a trigram index serves it on PostgreSQL, a scan on
SQLite — and both find the same rows.

normalise() folds what varies between spellings of one Arabic name and nothing else:

* case, accents and dots (ḥ, é), apostrophes and the marks for ʿayn and hamza (Kata'ib =
  Kataib), punctuation (hyphens split words), the dots of an initialism (U.S. = US, K.H. = KH),
  the article al-/el- and its assimilated forms (ad-Din, ash-Sham);
* Latin transliteration variants: every run of vowels is one vowel (e/i, ou/u, o/a:
  Hezbollah = Hizballah = Hizbullah, Hashemi = Hashimi), and so is a diphthong written with y
  or w (Ayn = Ain, Sulaymani = Soleimani, Thawrat = Thorat), q = k, dh = th = z, a doubled
  letter is one (hh = h, Sayyid = Sayid), a final h after a vowel goes (the ta marbuta written
  -ah or -a: Basrah = Basra, Sulaimaniya = Sulaymaniyah), and Allah written apart is one word with the word
  before it, as Hizballah, Abdullah and Nasrallah are written together (Hizb Allah = Hizballah);
* Arabic script: alef forms (أ إ آ ٱ) are ا, alef maqsura is ya, ta marbuta is ha, tatweel,
  harakat and a lone hamza go, the article ال goes, Arabic-Indic digits are digits.

The stored text keeps names apart from aliases and free text, so ranking can tell an exact
name from an alias from a close match (see `stored()`).
"""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .localise import has_arabic_letters, numerals

# Marks a part of the stored text: "| name |", "/ alias /", "~ free text ~".
NAME, ALIAS, TEXT = "|", "/", "~"
# A query word this long or longer also matches the start of a longer word ("hizb" finds
# Hizballah); a shorter one, an abbreviation such as KH or AAH, only the whole word.
PREFIX_MIN = 4
# The most different words a search may have: each is a LIKE over every row the others leave,
# and a name or a title is far shorter.
MAX_TERMS = 16

APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′"), None)
ARABIC_LETTERS = str.maketrans(
    {
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ک": "ك",
        "ـ": None,  # tatweel
        "ء": None,  # a lone hamza
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Eastern Arabic-Indic digits
    }
)
# An initialism written with dots (U.S., K.H., A.A.H.): single letters, each followed by a dot.
INITIALISM = re.compile(r"(?<![\w.])[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")
# al-, el-, ul- and the article assimilated to a sun letter (ad-Din, ash-Sham, an-Najaf).
LATIN_ARTICLE = re.compile(r"\b(?:[aeu]l|a(?:[tdrzsn]|sh|th|dh))-(?=\w)")
ARTICLE_WORDS = {"al"}  # "al", "el", "ul" as words, once vowels are folded
WORD = re.compile(r"[^\W_]+")
VOWELS = re.compile(r"[aeiou]+")
# The y or w of a diphthong (a vowel before, no vowel after: Ayn, Sulaymani, Thawrat), which other
# transliterations write as a vowel (Ain, Soleimani, Thorat). Before a vowel it is a consonant
# (Diyala, Zayouna), and doubled it is one (Sayyid = Seyed).
DIPHTHONG = re.compile(r"(?<=[aeiou])[yw](?![aeiouyw])")
DOUBLED = re.compile(r"(.)\1+")
# The ta marbuta, which transliterations end with -ah or -a (Basrah, Basra), once vowels are folded.
FINAL_H = re.compile(r"(?<=[^aeiou]a)h$")  # after a consonant: AAH stays itself
ALLAH = re.compile(r"[aeiou]llah")  # Allah, Ullah, Ollah as written


@functools.lru_cache(maxsize=65536)
def normalise(text):
    """`text` as lowercase words separated by single spaces, every spelling variant folded."""
    text = unicodedata.normalize("NFKD", text or "").translate(ARABIC_LETTERS)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = INITIALISM.sub(lambda initialism: initialism[0].replace(".", ""), text.translate(APOSTROPHES))
    text = LATIN_ARTICLE.sub("", text)
    words = (fold_word(word) for word in joined_allah(WORD.findall(text)))
    return " ".join(word for word in words if word and word not in ARTICLE_WORDS)


def fold_word(word):
    if has_arabic_letters(word):
        return word[2:] if word.startswith("ال") and len(word) > 3 else word
    word = word.replace("dh", "z").replace("th", "z").replace("q", "k")
    return FINAL_H.sub("", DOUBLED.sub(r"\1", VOWELS.sub("a", DIPHTHONG.sub("", word))))


def joined_allah(words):
    """Latin words, as written, with Allah joined to the word before it: "Hizb Allah", "Hezb-ollah"
    and "Hizballah" are one name, and joining (not splitting "hizballah") keeps a name typed
    halfway ("Hezbol") the start of the whole one."""
    joined = []
    for word in words:
        if ALLAH.fullmatch(word) and joined and not has_arabic_letters(joined[-1]):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def stored(names=(), aliases=(), texts=()):
    """The text a row stores to be searched: each value normalised and marked as a name, an
    alias or free text, every word between spaces (" | katab hazbala | / kh / ")."""
    parts = [
        f"{mark} {words} {mark}"
        for mark, values in ((NAME, names), (ALIAS, aliases), (TEXT, texts))
        for words in map(normalise, values)
        if words
    ]
    return f" {' '.join(parts)} " if parts else ""


def terms(query):
    """The normalised words of a query, each once, every one to match. A word another one starts
    with goes too ("hizb" where "hizballah" is asked: a row with the longer has the shorter): the
    same rows, without a condition per repetition (the list of 40 times "kata" took 8.1 s at
    1,000,000 incidents, 0.77 s as "kata" once)."""
    words = list(dict.fromkeys(normalise(query).split()))

    def implied(word):
        return len(word) >= PREFIX_MIN and any(other != word and other.startswith(word) for other in words)

    return [word for word in words if not implied(word)]


def check_terms(query):
    """A ValidationError, saying so, for a query of more than MAX_TERMS different words (the
    number in the reader's digits)."""
    if len(terms(query)) > MAX_TERMS:
        raise ValidationError(
            _("Search for at most %(limit)s different words."),
            code="too_many_words",
            params={"limit": numerals(MAX_TERMS)},
        )


def word_matches(term, field="search_text"):
    """The rows whose stored text has `term` as a word (or, PREFIX_MIN long, a word's start)."""
    pattern = f" {term} " if len(term) < PREFIX_MIN else f" {term}"
    return Q(**{f"{field}__contains": pattern})


def named(query, mark, field="search_text"):
    """The rows with a name (mark NAME) or alias (ALIAS) that is exactly the query, normalised."""
    return Q(**{f"{field}__contains": f"{mark} {normalise(query)} {mark}"})


class Searched:
    """Which fields of a model its stored search text is made of. Each field's lines are
    separate values, so an alias list (one per line) gives one alias each."""

    def __init__(self, names=(), aliases=(), texts=()):
        self.names, self.aliases, self.texts = names, aliases, texts
        self.fields = (*names, *aliases, *texts)

    def text(self, values):
        """The stored text of a row given as {field: value}."""

        def lines(fields):
            return [line for field in fields for line in (values.get(field) or "").splitlines()]

        return stored(lines(self.names), lines(self.aliases), lines(self.texts))

    def text_of(self, row):
        """A field the row's model lacks (a data migration's model of an earlier state) is empty."""
        return self.text({field: getattr(row, field, "") for field in self.fields})

    def fields_of(self, model):
        """Those of the fields that `model` (perhaps a migration's historical model) has."""
        return [field for field in self.fields if any(f.name == field for f in model._meta.get_fields())]


# Each searchable model (by model_name) and what it is found by. An incident is also found by
# its place's, governorate's and claims' texts: IncidentQuerySet.refresh_found_text runs them
# together in SQL (found_text), from these texts already normalised.
SEARCHED = {
    "governorate": Searched(names=("name", "arabic_name"), aliases=("aliases",)),
    "location": Searched(names=("name", "arabic_name")),
    "group": Searched(names=("name", "arabic_name"), aliases=("aliases",)),
    "incident": Searched(names=("title", "title_ar"), texts=("summary", "summary_ar", "target_detail")),
    "claim": Searched(texts=("actor",)),
}
