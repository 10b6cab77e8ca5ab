"""The kinds of value IncidentFilter's parameters take, and what a reader is told about a wrong one.

Dates are read as incidents.date_input reads them (11/03/2020 is refused, not guessed).
"""

import django_filters

from . import date_input


class DateFilter(django_filters.DateFilter):
    field_class = date_input.DateField
