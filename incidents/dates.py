"""How precisely a date is known, and the window of days it stands for.

An incident known only to the week or month is stored as the window of its possible days
(first and last); every path that stores a date — the model, the importer, the synthetic
generator — computes that window here.
"""

import calendar
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    RANGE = "range", _("Between two dates")


class WindowOutOfRange(ValueError):
    """A window whose last day would come after the last a date can have (a week from 26 Dec 9999):
    the forms and the import answer it as a problem of the date, never a server error."""


def moved(day, delta):
    """`day` + `delta` (a timedelta), kept within the calendar: from 1 January 1 to 31 December 9999,
    the first and last day a date can have, where the sum would raise OverflowError."""
    if delta >= timedelta(0):
        return day + min(delta, date.max - day)
    return day - min(-delta, day - date.min)


def centred_week_start(day):
    """The first of the seven days centred on `day` (ACLED's time precision 2); WindowOutOfRange
    where they would start before 1 January 1, the first day a date can have."""
    if day - date.min < timedelta(days=3):
        raise WindowOutOfRange(
            gettext("a week centred on %(day)s would start before 1 January 1, the first day a date can have")
            % {"day": day.isoformat()}
        )
    return day - timedelta(days=3)


def date_window(first, precision, last=None):
    """(first, last) possible day of a date known to `precision`.

    A day is itself; a week, the seven days from `first`; a month, the calendar month
    `first` falls in; a range (or an unknown precision) keeps the `last` it was given.
    """
    if precision == DatePrecision.DAY:
        return first, first
    if precision == DatePrecision.WEEK:
        if date.max - first < timedelta(days=6):
            raise WindowOutOfRange(
                gettext("a week from %(day)s would end after 31 December 9999, the last day a date can have")
                % {"day": first.isoformat()}
            )
        return first, first + timedelta(days=6)
    if precision == DatePrecision.MONTH:
        return first.replace(day=1), first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last
