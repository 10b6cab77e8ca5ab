"""Counts per period and type for the chart, rolled up from per-day SQL counts."""

import calendar
from collections import defaultdict
from datetime import timedelta

from django.utils.translation import gettext

from .dates import moved
from .localise import full_date, month_year, numerals
from .models import Incident
from .querysets import MONTHLY_INTERVALS as MONTHLY_INTERVALS  # periods of whole months: MonthTally's rows answer them

INTERVALS = ("day", "week", "month", "year")


def period_start(day, interval):
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    if interval == "year":
        return day.replace(month=1, day=1)
    return day


def period_end(start, interval):
    """The period's last day; the week of 31 Dec 9999 ends there, the last day a date can be."""
    if interval == "week":
        return moved(start, timedelta(days=6))
    if interval == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if interval == "year":
        return start.replace(month=12, day=31)
    return start


def next_period(start, interval):
    return period_end(start, interval) + timedelta(days=1)


def period_label(start, interval):
    """The period's name in the page's language and digits (localise): "Aug 2020", "آب/أغسطس 2020"."""
    if interval == "year":
        return numerals(f"{start:%Y}")
    if interval == "month":
        return month_year(start, abbreviated=True)
    if interval == "week":
        return gettext("week of %(day)s") % {"day": full_date(start, abbreviated=True)}
    return full_date(start, abbreviated=True)


MAX_PERIODS = 5000  # e.g. 13 years day by day; beyond that a coarser interval is needed


class TooManyPeriods(ValueError):
    pass


def chart_data(queryset, interval="month"):
    """Counts per period (every period between the first and last, zeros included) and type.

    Incidents count in the period of their first possible day.
    """
    counts = defaultdict(lambda: defaultdict(int))
    for day, type_, count in queryset.counts_by_date_and_type(interval):
        counts[period_start(day, interval)][type_] += count
    types = [t for t in Incident.Type.values if any(t in by_type for by_type in counts.values())]
    periods = []
    if counts:
        start, last = min(counts), max(counts)
        periods.append(start)
        while start < last:  # the period after the last is never asked for: none follows 31 Dec 9999's
            start = next_period(start, interval)
            periods.append(start)
            if len(periods) > MAX_PERIODS:
                message = gettext("More than %(limit)s periods: choose a longer interval.")
                raise TooManyPeriods(message % {"limit": numerals(MAX_PERIODS)})
    labels = {value: str(label) for value, label in Incident.Type.choices}
    return {
        "interval": interval,
        "periods": [
            {
                "start": p.isoformat(),
                "end": period_end(p, interval).isoformat(),
                "label": period_label(p, interval),
                "total": sum(counts[p].values()),
            }
            for p in periods
        ],
        "series": [series(t, labels[t], [counts[p].get(t, 0) for p in periods]) for t in types],
        "total": sum(sum(by_type.values()) for by_type in counts.values()),
    }


def series(type_, label, counts):
    """One type's counts per period, its total, and whether it is an attack (Incident.ATTACK_TYPES):
    the chart sets the others apart."""
    return {
        "type": type_,
        "label": label,
        "counts": counts,
        "total": sum(counts),
        "attack": type_ in Incident.ATTACK_TYPES,
    }


def table_rows(data):
    """The chart's numbers as rows for the accessible table: (period, [count per type], total)."""
    return [
        (period, [series["counts"][index] for series in data["series"]], period["total"])
        for index, period in enumerate(data["periods"])
    ]
