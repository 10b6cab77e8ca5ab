"""How the Arabic pages write numbers, dates and names: the one place for each.

* Digits: the reader's choice of Western (0-9, the default: Iraqi media use them) or
  Arabic-Indic digits (٠-٩), on Arabic pages only. The choice is a cookie (DIGITS_COOKIE), set
  by the digits view and read per request by DigitsMiddleware, because it is how a reader
  reads, not what the page selects: a permalink names the same incidents whoever opens it,
  and the filter's strict parameter checks see no new parameter. Templates write numbers
  with the `numerals` filter, scripts with static/js/numerals.js (reading <html data-digits>).
* Dates: day and year in the reader's digits, the month written the Iraqi way with the
  standard name after it ("آذار/مارس 2020"): Iraqi readers know the first, every other
  Arabic reader the second, and Iraqi media write both.
"""

import re
from contextvars import ContextVar

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.cache import patch_vary_headers

DIGITS_COOKIE = "digits"
WESTERN, ARABIC_INDIC = "western", "arabic-indic"
DIGIT_CHOICES = (WESTERN, ARABIC_INDIC)
TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

_digits = ContextVar("digits", default=WESTERN)

# Iraqi (Syriac-derived) month name / standard Arabic month name, January first.
ARABIC_MONTHS = (
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيو",
    "تموز/يوليو",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
)


ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic_letters(text):
    return ARABIC_LETTER.search(text) is not None


def in_arabic():
    return (translation.get_language() or "").split("-")[0] == "ar"


def digits():
    """The digits numbers are written in for this request: Arabic-Indic only on Arabic pages."""
    return _digits.get() if in_arabic() else WESTERN


def numerals(value):
    """`value` as text, its digits in the reader's choice."""
    text = str(value)
    return text.translate(TO_ARABIC_INDIC) if digits() == ARABIC_INDIC else text


def month_year(day, abbreviated=False):
    """ "August 2020" ("Aug 2020"), or on Arabic pages "آب/أغسطس 2020" (digits as chosen; Arabic
    month names have no abbreviations)."""
    if in_arabic():
        return numerals(f"{ARABIC_MONTHS[day.month - 1]} {day.year}")
    return f"{day:%b %Y}" if abbreviated else f"{day:%B %Y}"


def full_date(day, abbreviated=False):
    """ "29 August 2020" ("29 Aug 2020"), or on Arabic pages "29 آب/أغسطس 2020" (digits as chosen)."""
    if in_arabic():
        return numerals(f"{day.day} {ARABIC_MONTHS[day.month - 1]} {day.year}")
    return f"{day:%-d %b %Y}" if abbreviated else f"{day:%-d %B %Y}"


class DigitsMiddleware:
    """Reads the reader's digits cookie for this request (an unknown value is the default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(DIGITS_COOKIE)
        token = _digits.set(chosen if chosen in DIGIT_CHOICES else WESTERN)
        try:
            response = self.get_response(request)
        finally:
            _digits.reset(token)
        if in_arabic():
            patch_vary_headers(response, ["Cookie"])  # Arabic pages and their chart follow the cookie
        return response


# Each field shown in the page's language, and the field that holds its Arabic text.
ARABIC_OF = {"name": "arabic_name", "title": "title_ar", "summary": "summary_ar"}


def in_page_language(obj, field="name"):
    """(text, lang) of a record's name, title or summary for this page: on Arabic pages its
    Arabic text where it has one; else the English text, with lang "en" on an Arabic page (the
    page marks it as English) and None where it is in the page's own language."""
    if in_arabic():
        arabic = getattr(obj, ARABIC_OF[field], "")
        return (arabic, None) if arabic else (getattr(obj, field), "en")
    return getattr(obj, field), None


def as_shown(path):
    """An expression for ordering by a name, title or summary (`path`, "location__name") as the
    page shows it: on Arabic pages its Arabic text where the record has one, so a column or a list
    of choices the reader sees in Arabic is in Arabic order, not in the English names' order."""
    prefix, _, field = path.rpartition("__")
    if not in_arabic() or field not in ARABIC_OF:
        return F(path)
    arabic = f"{prefix}__{ARABIC_OF[field]}" if prefix else ARABIC_OF[field]
    return Coalesce(NullIf(F(arabic), Value("")), F(path))


def place_parts(location):
    """A place as the pages name it, [(text, lang)]: its name, then its governorate (or country)
    where the name doesn't already say it — "Camp Taji (Baghdad)" — each in the page's language."""
    parts = [in_page_language(location)]
    where = location.governorate if location.governorate_id else None
    where_name = where.name if where else location.country
    if not where_name or where_name in location.name:
        return parts
    if where:
        return [*parts, in_page_language(where)]
    return [
        *parts,
        (translation.gettext("Iraq"), None) if where_name == "Iraq" else (where_name, "en" if in_arabic() else None),
    ]
