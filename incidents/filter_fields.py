"""The kinds of value IncidentFilter's parameters take, and what a reader is told about a wrong one.

Dates are read as incidents.date_input reads them (11/03/2020 is refused, not guessed);
governorates and groups are found by slug (governorates by name too) in any case, so
?governorate=Baghdad is ?governorate=baghdad; and a value that is not one of the choices
is answered with the choices (valid_values(), at most MOST_VALUES_LISTED of them).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext, ngettext
from django_filters import fields

from . import date_input
from .localise import as_shown, in_page_language, numerals

MOST_VALUES_LISTED = 100


class DateFilter(django_filters.DateFilter):
    field_class = date_input.DateField


def valid_values(field):
    """The values a choice field takes, as a reader types them (a model's slugs, not its ids)."""
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        return [
            str(value) for value in queryset.order_by(field.to_field_name).values_list(field.to_field_name, flat=True)
        ]
    return [str(value) for value, _ in field.choices if value not in ("", None)]


def listed(values):
    if len(values) > MOST_VALUES_LISTED:
        more = len(values) - MOST_VALUES_LISTED
        return ngettext("%(listed)s … and %(more)s more", "%(listed)s … and %(more)s more", more) % {
            "listed": ", ".join(values[:MOST_VALUES_LISTED]),
            "more": numerals(more),  # the reader's digits; the values listed are typed as they are
        }
    return ", ".join(values)


class ListsValidValues:
    """A choice field whose "not a valid choice" error lists the valid values.

    The list is read only when the error is shown, so a valid query costs no extra query.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = InvalidChoiceMessage(self)


class InvalidChoiceMessage:
    """“%(value)s” is not one of: …, computed when Django formats it (message % params)."""

    def __init__(self, field):
        self.field = field

    def __mod__(self, params):
        return gettext("“%(value)s” is not one of: %(values)s") % {
            "value": params["value"],
            "values": listed(valid_values(self.field)),
        }


class ChoiceField(ListsValidValues, fields.ChoiceField):
    pass


class MultipleChoiceField(ListsValidValues, fields.MultipleChoiceField):
    pass


def found_in_any_case(candidates, value, field_names):
    """The one candidate whose field equals value, an exact match first, then one in any case."""
    for name in field_names:
        exact = [candidate for candidate in candidates if getattr(candidate, name) == value]
        folded = [candidate for candidate in candidates if getattr(candidate, name).lower() == value.lower()]
        if exact or len(folded) == 1:
            return (exact or folded)[0]
    return None


def in_any_case(queryset, values, field_names):
    """Rows whose field (slug, name …) is one of values, whatever the case: one query."""
    folded = {value.lower() for value in values}
    condition = Q()
    for name in field_names:
        condition |= Q(**{f"{name}_folded__in": folded})
    return list(queryset.alias(**{f"{name}_folded": Lower(name) for name in field_names}).filter(condition))


class InPageOrder(ModelChoiceIterator):
    """The options in the order of the names the page shows (read when the form is drawn, in the
    request's language): a list of Arabic names in the English names' order reads as unsorted."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = self.queryset.order_by(as_shown("name"))


class NamedInPageLanguage:
    """Options named as the page names the record (its Arabic name on Arabic pages, where it has
    one), in that name's order."""

    iterator = InPageOrder

    def label_from_instance(self, obj):
        return in_page_language(obj)[0]


class AnyCaseChoiceField(NamedInPageLanguage, ListsValidValues, fields.ModelChoiceField):
    """A model chosen by slug (or another of match_fields), in any case."""

    def __init__(self, *args, match_fields=("slug",), **kwargs):
        self.match_fields = match_fields
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        found = found_in_any_case(in_any_case(self.queryset, [value], self.match_fields), value, self.match_fields)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class AnyCaseMultipleChoiceField(NamedInPageLanguage, ListsValidValues, fields.ModelMultipleChoiceField):
    """Models chosen by slug (or another of match_fields), in any case; one query for all of them."""

    def __init__(self, *args, match_fields=("slug",), **kwargs):
        self.match_fields = match_fields
        super().__init__(*args, **kwargs)

    def _check_values(self, values):
        for value in values:
            self.validate_no_null_characters(value)
        candidates = in_any_case(self.queryset, values, self.match_fields)
        chosen = {}
        for value in values:
            found = found_in_any_case(candidates, value, self.match_fields)
            if found is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
                )
            chosen[found.pk] = found
        return list(chosen.values())


# What a flag (with_fronts, include_duplicates, the CSV's bom) reads as ticked or unticked, in any case.
FLAG_ON = frozenset(["on", "1", "true", "yes"])
FLAG_OFF = frozenset(["off", "0", "false", "no", ""])


def flag(value):
    """True or False for a flag's value as a URL writes it; None where it is neither."""
    folded = value.strip().lower()
    return True if folded in FLAG_ON else False if folded in FLAG_OFF else None


def not_a_flag(value):
    """What a flag's value that is neither on nor off (flag() is None) is told, in the reader's language."""
    message = gettext("“%(value)s” is neither on nor off: write on (or 1, true, yes), or off (0, false, no).")
    return message % {"value": value}


class FlagInput(forms.CheckboxInput):
    """A checkbox that reads a hand-written URL's on/1/true/yes as ticked and off/0/false/no as
    unticked; any other value is handed to the field as written, which refuses it (FlagField)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if not isinstance(value, str):
            return super().value_from_datadict(data, files, name)
        read = flag(value)
        return value if read is None else read


class FlagField(forms.NullBooleanField):
    """A flag: a value that is neither on nor off (?include_duplicates=maybe) is an error, never
    read as either."""

    def to_python(self, value):
        if isinstance(value, str):
            raise ValidationError(not_a_flag(value), code="invalid_flag")
        return super().to_python(value)


class FlagFilter(django_filters.BooleanFilter):
    field_class = FlagField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FlagInput)
        super().__init__(*args, **kwargs)


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = ChoiceField


class WithoutDistinct:
    """A multiple-choice filter that adds no DISTINCT: ours match a column of the row itself or
    go through a subquery (`pk__in`), so no row can come twice, and django-filter's default
    DISTINCT (meant for joins to many rows) would make PostgreSQL gather and sort every match
    before it can take the newest few — 1.4 s for the overview's latest ten of 250,000 rockets
    at 1M, where the date index gives them in milliseconds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class MultipleChoiceFilter(WithoutDistinct, django_filters.MultipleChoiceFilter):
    field_class = MultipleChoiceField


class OrderingFilter(django_filters.OrderingFilter):
    field_class = ChoiceField


class AnyCaseChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AnyCaseChoiceField


class AnyCaseMultipleChoiceFilter(WithoutDistinct, django_filters.ModelMultipleChoiceFilter):
    field_class = AnyCaseMultipleChoiceField
