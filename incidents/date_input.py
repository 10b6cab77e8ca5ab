"""Dates typed by people or read from files, accepted only in forms that can't be misread.

Django's date fields read 11/03/2020 as 3 November (the US order) without a word. Here
a date is ISO (2020-03-11, as a browser's date input sends it) or has its month written
out (11 Mar 2020, 11 March 2020, March 11, 2020); numbers for day and month
(11/03/2020, 11.03.2020) and two-digit years are refused with a message that says why
and shows the date the way to write it.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from . import localise

ISO_FORMAT = "%Y-%m-%d"
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}
ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
NUMBERS = re.compile(r"(?P<first>\d{1,4})(?P<separator>[./-])(?P<second>\d{1,2})(?P=separator)(?P<year>\d{1,4})")
ORDINAL = r"(?:st|nd|rd|th)?"
GAP = r"[\s.,/-]*"
BREAK = r"[\s.,/-]+"  # between a day and a year: 2020 alone is not "20 20"
DAY_MONTH_YEAR = re.compile(rf"(?P<day>\d{{1,2}}){ORDINAL}{GAP}(?P<month>[^\W\d_]+){GAP}(?P<year>\d+)")
MONTH_DAY_YEAR = re.compile(rf"(?P<month>[^\W\d_]+){GAP}(?P<day>\d{{1,2}}){ORDINAL}{BREAK}(?P<year>\d+)")
HOW_TO_WRITE = gettext_noop("write it as YYYY-MM-DD (e.g. 2020-03-11) or 11 Mar 2020")  # gettext() where said
LONGEST_ECHO = 40


class DateInputError(ValueError):
    """A date that can't be read, or could be read more than one way; the message says which."""


def parse_date(text):
    """The date `text` means, or DateInputError when it is not a date or could be misread."""
    text = " ".join(text.split())
    if match := ISO.fullmatch(text):
        return real_date(text, int(match["year"]), int(match["month"]), int(match["day"]))
    if match := NUMBERS.fullmatch(text):
        raise DateInputError(numeric_date_problem(text, match))
    if match := DAY_MONTH_YEAR.fullmatch(text) or MONTH_DAY_YEAR.fullmatch(text):
        return written_date(text, match)
    raise DateInputError(not_a_date(text))


def real_date(text, year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise DateInputError(
            gettext("%(text)s is not a valid date (%(error)s)") % {"text": echo(text), "error": error}
        ) from None


def written_date(text, match):
    month = MONTHS.get(match["month"].lower())
    if month is None:
        raise DateInputError(not_a_date(text))
    if len(match["year"]) == 2:
        example = possible_date(2000 + int(match["year"]), month, int(match["day"]))
        raise DateInputError(ambiguous(text, [two_digit_year(match["year"])], example))
    if len(match["year"]) != 4:
        raise DateInputError(not_a_date(text))
    return real_date(text, int(match["year"]), month, int(match["day"]))


def numeric_date_problem(text, match):
    """Why a date given as numbers only (11/03/2020, 11.03.20) is refused, with how to write it."""
    first, second, year = match["first"], match["second"], match["year"]
    if len(first) == 4:  # 2020/03/11: year first, but not the form dates are written in here
        example = possible_date(int(first), int(second), int(year))
        if example is None:
            return not_a_date(text)
        return gettext("%(text)s: write dates as %(iso)s or %(written)s") % {
            "text": echo(text),
            "iso": example.isoformat(),
            "written": written(example),
        }
    if len(year) not in (2, 4):
        return not_a_date(text)
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    day_first = possible_date(full_year, int(second), int(first))
    month_first = possible_date(full_year, int(first), int(second))
    readings = list(dict.fromkeys(day for day in (day_first, month_first) if day))
    if not readings:
        return not_a_date(text)
    doubts = [two_digit_year(year)] if len(year) == 2 else []
    if len(readings) == 2:
        doubts.append(
            gettext("%(one)s or %(other)s?") % {"one": day_and_month(readings[0]), "other": day_and_month(readings[1])}
        )
    else:
        doubts.append(gettext("day and month as numbers are read in either order"))
    return ambiguous(text, doubts, readings[0])


def possible_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def ambiguous(text, doubts, example):
    if example:
        how = gettext("write %(iso)s or %(written)s") % {"iso": example.isoformat(), "written": written(example)}
    else:
        how = gettext(HOW_TO_WRITE)
    return gettext("%(text)s is ambiguous (%(doubts)s): %(how)s") % {
        "text": echo(text),
        "doubts": gettext("; ").join(doubts),
        "how": how,
    }


def two_digit_year(digits):
    return gettext("a two-digit year: 19%(digits)s or 20%(digits)s?") % {"digits": digits}


def not_a_date(text):
    return gettext("%(text)s is not a valid date: %(how)s") % {"text": echo(text), "how": gettext(HOW_TO_WRITE)}


def day_and_month(day):
    """ "11 March", or on Arabic pages "11 آذار/مارس"."""
    if localise.in_arabic():
        return localise.full_date(day).rsplit(" ", 1)[0]
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def written(day):
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def echo(text):
    return text if len(text) <= LONGEST_ECHO else f"{text[:LONGEST_ECHO]}…"


class DateField(forms.DateField):
    """A form's date field that reads parse_date()'s forms only, and shows dates as ISO."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if isinstance(self.widget, forms.DateInput):
            self.widget.format = ISO_FORMAT
            self.widget.attrs.setdefault("placeholder", "YYYY-MM-DD")

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                return parse_date(value)
            except DateInputError as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(value)


class SplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time in two inputs (the admin's user accounts), the date read as DateField reads it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        date_field = DateField(required=False, disabled=self.disabled, localize=self.localize)
        date_field.error_messages.setdefault("incomplete", self.error_messages["incomplete"])
        self.fields = (date_field, *self.fields[1:])
