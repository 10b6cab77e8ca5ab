"""IncidentFilter: the one filter behind every public output (the parameters README.md lists
under "For researchers: filters and data")."""

from functools import cached_property, partial

import django_filters
from django import forms
from django.db import connections
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import found_words, localise, search
from .filter_fields import (
    AnyCaseChoiceFilter,
    AnyCaseMultipleChoiceFilter,
    ChoiceFilter,
    DateFilter,
    FlagFilter,
    MultipleChoiceFilter,
    OrderingFilter,
)
from .models import (
    NOT_ATTACK_TYPES,
    Claim,
    Confidence,
    FoundWord,
    Governorate,
    Group,
    GroupTally,
    Incident,
    MonthTally,
    PlaceTally,
    Tally,
)
from .querysets import HEADLINES

SORTS = (
    ("date", "date"),
    ("type", "type"),
    ("title", "title"),
    ("location__name", "place"),
    ("location__governorate__name", "governorate"),
    ("killed", "killed"),
    ("wounded", "wounded"),
)
# The orders a search's listed page is read in from its words' rows (IncidentFilter.listed_ids):
# their own columns and their place's names. Not the title, which they don't carry, nor the date,
# which the incidents' index by date gives as fast, stopping at the page's last match.
FOUND_WORD_SORTS = {"type", "place", "governorate", "killed", "wounded"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
DATE_WINDOWS = (
    "incidents known only to a week or month match when the window overlaps. "
    "A day is written 2020-03-11 or 11 Mar 2020 (11/03/2020 is refused as ambiguous)."
)
US_COALITION = "us_coalition"
# The parameters the pages' filter form shows as fields (templates/incidents/_filter_form.html);
# any other filter parameter a URL sets is carried by the form as a ticked box (IncidentFilter.carried).
FORM_FIELDS = ("q", "date_after", "date_before", "governorate", "target", "type", "confidence", "group", "with_fronts")
# Parameters that order the results rather than narrow them: never counted as active filters.
ORDERING = ("sort",)
TARGET_OWNERS = [(US_COALITION, _("US or coalition (any of the next four)")), *Incident.TargetOwner.choices]


# The filters on the columns the tallies hold (models.TallyDimensions); group and duplicates are
# answered by the choice of tally (IncidentFilter.tallies) and its `duplicate` column.
TALLIED_FILTERS = {"date_after", "date_before", "type", "target_owner", "headline"}
# The filters a search's words' rows answer: FoundWord's columns, its place's governorate, and
# the groups responsible (their claims' incidents; not widened to their fronts, `with_fronts`).
FOUND_WORD_FILTERS = TALLIED_FILTERS | {"governorate", "group"}
DATES = {"date_after", "date_before"}
# The pairs of dates that bound a range, (from, to): a "to" before its "from" is an error, never
# a range that silently selects nothing.
DATE_RANGES = (("date_after", "date_before"), ("first_day_after", "first_day_before"))


class NullsLastOrdering(OrderingFilter):
    """Unknown values (NULL: killed, wounded, a place's governorate) sort last in both directions
    on every database; left to themselves PostgreSQL puts them first descending, SQLite ascending.

    Incidents that tie (the same killed, type or place) follow their id, in the direction of the
    sort (`-killed`: the newest id first, as the default order's -date, -pk): without it the
    database orders ties as it finds them, differently for each page's LIMIT and OFFSET, and
    PostgreSQL showed incidents on two pages and others on none.

    A column that can't be NULL sorts plainly: `date DESC NULLS LAST` is not the order of the
    index by date read backwards (`DESC` puts NULLs first), so `?sort=-date` sorted every
    incident (200 ms at a million, against 32 for `?sort=date`).

    Names and titles sort as the page shows them (localise.as_shown)."""

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if value in django_filters.constants.EMPTY_VALUES:
            return ordered
        descending = str(value[0]).startswith("-")
        return ordered.order_by(*ordered.query.order_by, "-pk" if descending else "pk")

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        path = value.removeprefix("-")
        field, nulls_last = localise.as_shown(path), may_be_null(self.model, path) or None
        return field.desc(nulls_last=nulls_last) if value.startswith("-") else field.asc(nulls_last=nulls_last)


def may_be_null(model, path):
    """Whether `path` ("killed", "location__governorate__name") may read NULL from `model`'s rows:
    a nullable field, or a nullable key on the way to it."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


class IncidentFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        self.refuse_repeated()
        for after, before in DATE_RANGES:
            if cleaned.get(after) and cleaned.get(before) and cleaned[before] < cleaned[after]:
                labels = {"before": self.fields[before].label, "after": self.fields[after].label}
                self.add_error(before, gettext("“%(before)s” is before “%(after)s”.") % labels)
        self.show_as_slugs(cleaned)
        return cleaned

    def refuse_repeated(self):
        """A parameter that takes one value, given more than once (?governorate=baghdad&governorate=basra),
        is an error naming it: only the last was read, so the answer left the others out as though
        they had not been asked. type, group, confidence and target_owner are repeatable."""
        if not hasattr(self.data, "getlist"):
            return
        for name, field in self.fields.items():
            repeatable = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
            if not repeatable and len(self.data.getlist(name)) > 1:
                self.add_error(name, gettext("Give one value only: this parameter takes one."))

    def show_as_slugs(self, cleaned):
        """Show a governorate or group found in any case or by name (?governorate=Baghdad) as
        its slug, so the form ticks or selects it and applying the form keeps it."""
        if not hasattr(self.data, "setlist"):
            return
        self.data = self.data.copy()
        if cleaned.get("governorate"):
            self.data["governorate"] = cleaned["governorate"].slug
        if cleaned.get("group"):
            self.data.setlist("group", [group.slug for group in cleaned["group"]])


class IncidentFilter(django_filters.FilterSet):
    date_after = DateFilter(
        label=_("From"),
        method="filter_date_after",
        widget=DATE_WIDGET,
        help_text=f"On or after, inclusive; {DATE_WINDOWS}",
    )
    date_before = DateFilter(
        label=_("To"),
        method="filter_date_before",
        widget=DATE_WIDGET,
        help_text=f"On or before, inclusive; {DATE_WINDOWS}",
    )
    # What a chart's period links to: the incidents it counts there, by their first possible day
    # (charts.chart_data), where From/To take every incident whose window overlaps.
    first_day_after = DateFilter(
        label=_("First possible day from"),
        field_name="date",
        lookup_expr="gte",
        widget=DATE_WIDGET,
        help_text="The incident's first possible day on or after, inclusive: a chart's period links to the "
        "incidents it counts there (an incident is counted in the period of its first possible day).",
    )
    first_day_before = DateFilter(
        label=_("First possible day to"),
        field_name="date",
        lookup_expr="lte",
        widget=DATE_WIDGET,
        help_text="The incident's first possible day on or before, inclusive.",
    )
    type = MultipleChoiceFilter(
        label=_("Type"),
        choices=Incident.Type.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Repeatable: incidents of any of these types. " + ", ".join(NOT_ATTACK_TYPES) + " are not attacks.",
    )
    group = AnyCaseMultipleChoiceFilter(
        label=_("Group"),
        queryset=Group.objects.public(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_group",
        help_text="A group's slug, in any case, repeatable (/api/groups/ lists them): incidents it claimed, "
        "was attributed or suspected of (a denial does not count).",
    )
    with_fronts = FlagFilter(
        label=_("Include suspected fronts"),
        help_text="With a group: also incidents of groups suspected to be its fronts.",
    )
    governorate = AnyCaseChoiceFilter(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        to_field_name="slug",
        match_fields=("slug", "name"),
        field_name="location__governorate",
        help_text="A governorate's slug or name, in any case (baghdad, Baghdad, dhi-qar, Dhi Qar); "
        "a wrong one is answered with the slugs.",
    )
    target = ChoiceFilter(label=_("Target"), choices=Incident.Target.choices, help_text="What was attacked.")
    confidence = MultipleChoiceFilter(
        label=_("Confidence"),
        choices=Confidence.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Repeatable: how sure we are that the incident happened as described.",
    )
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=200,
        validators=[search.check_terms],
        help_text="Words in titles, summaries, places, governorates, group names, Arabic names and aliases, "
        "however they are spelled (Hezbollah = Hizballah, Kata'ib = Kataib); KH or AAH match whole words. "
        "Without a sort, the list shows exact names first.",
    )
    target_owner = MultipleChoiceFilter(
        label=_("Whose target"),
        choices=TARGET_OWNERS,
        method="filter_target_owner",
        widget=forms.CheckboxSelectMultiple,
        help_text="Repeatable; `us_coalition` stands for the four US and coalition values.",
    )
    headline = ChoiceFilter(
        label=_("Headline figure"),
        choices=HEADLINES,
        method="filter_headline",
        help_text="Only the incidents one of the overview's headline figures counts.",
    )
    include_duplicates = FlagFilter(
        label=_("Include duplicates"),
        help_text="Also incidents linked as duplicates of another (left out by default, so each event counts once).",
    )
    sort = NullsLastOrdering(label=_("Sort by"), fields=SORTS)

    class Meta:
        model = Incident
        fields = []
        form = IncidentFilterForm

    def filter_date_after(self, queryset, name, value):
        return queryset.overlapping(start=value)

    def filter_date_before(self, queryset, name, value):
        return queryset.overlapping(end=value)

    def filter_queryset(self, queryset):
        """Each parameter filters by itself, except `with_fronts`, which widens `group` to the
        groups asked for and those suspected to be their fronts (a subquery of the page's own
        query), and `include_duplicates`, without which duplicates are left out
        (IncidentQuerySet.without_duplicates). This is django-filter's hook for what no single
        filter can do alone."""
        values = dict(self.form.cleaned_data)
        with_fronts = values.pop("with_fronts", False)
        if not values.pop("include_duplicates", False):
            queryset = queryset.without_duplicates()
        if not values.get("group"):
            values.pop("group", None)  # none asked for: an empty queryset, which would match nothing
        elif with_fronts:
            values["group"] = Group.objects.filter(
                pk__in=[group.pk for group in values["group"]]
            ).with_suspected_fronts()
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def sorted(self):
        """Whether the reader asked for an order (`sort`, even empty: the model's own order)."""
        return "sort" in self.data

    def searched_for(self):
        return (self.form.cleaned_data.get("q") or "").strip()

    def ranked(self):
        """Whether the list is ordered by relevance: a search, and no order asked for."""
        return not self.sorted() and bool(self.searched_for())

    def listed(self):
        """The incidents in the list's order: the `sort` asked for; else newest first, or, for a
        search, exact names first, then aliases, then close spellings (IncidentQuerySet.ranked),
        newest first in each."""
        if self.sorted():
            return self.qs
        query = self.searched_for()
        return self.qs.ranked(query) if query else self.qs.order_by("-date", "-pk")

    def listed_ids(self):
        """The ids of listed(), in its order: for a search sorted by what its words' rows carry
        (FOUND_WORD_SORTS), where they answer (found_words), read from those rows, which the
        sort orders as it orders the incidents (every match is read to sort them: from the
        index, not the incidents' rows)."""
        sort = self.form.cleaned_data.get("sort") or []
        asked = {value.removeprefix("-") for value in sort}
        if not asked or asked - FOUND_WORD_SORTS or self.found_words is None:
            return self.listed().values_list("pk", flat=True)
        return self.filters["sort"].filter(self.found_words, sort).values_list("pk", flat=True)

    def tallies(self):
        """The tally rows that count what `qs` selects: Tally's, or for one group (without its
        fronts) that group's GroupTally rows; None where the filter asks what no tally holds
        (TALLIED_FILTERS): the incidents are counted then."""
        groups = self.form.cleaned_data.get("group") or []
        if len(groups) > 1 or (groups and self.form.cleaned_data.get("with_fronts")):
            return None
        return self.tallied(GroupTally.objects.counting().filter(group=groups[0]) if groups else Tally.objects.all())

    def tallied(self, tallies):
        """`tallies` (a TallyQuerySet) filtered as the incidents are, by the same filters on the same
        columns; None where a filter asks for another column."""
        asked = self.asked()
        if asked - TALLIED_FILTERS - {"group", "with_fronts", "include_duplicates", "sort"}:
            return None
        if "include_duplicates" not in asked:
            tallies = tallies.filter(duplicate=False)
        return self.on_own_columns(tallies)

    def on_own_columns(self, rows, filters=TALLIED_FILTERS):
        """`rows` (of incidents' own columns: tallies, a search's words) filtered by this filter's
        `filters`, the same filters as the incidents' on the same columns."""
        for name in sorted(filters & self.asked()):
            rows = self.filters[name].filter(rows, self.form.cleaned_data[name])
        return rows

    def counted(self, per_place=False, by_month=False):
        """What this valid filter's counts are read from: its tallies, rows kept exact by the database
        (places() for the counts per place; else, where only whole months are asked for, by_month,
        monthly() where it answers; else tallies()), or where none answers, the incidents (qs).
        They answer the same counting methods, and a cached result is keyed by the query of the
        one chosen."""
        if per_place:
            return self.answered(self.places())
        monthly = self.monthly() if by_month else None
        return monthly if monthly is not None else self.answered(self.tallies())

    def answered(self, tallies):
        """`tallies`; where none answer, counted_rows()."""
        return self.counted_rows() if tallies is None else tallies

    def counted_rows(self):
        """What counts where no tally answers: the rows of the search's words (found_words) where
        they do, else the incidents (qs)."""
        return self.qs if self.found_words is None else self.found_words

    @cached_property
    def found_words(self):
        """FoundWord's rows of this valid filter's search, filtered as the incidents are by the same
        filters on the same columns, where they answer (incidents.found_words): on PostgreSQL, a
        search with a word, duplicates left out, and no filter on a column the rows don't carry
        (only FOUND_WORD_FILTERS, and the order); None otherwise. One queryset for the page, which keeps
        what it sums (SummedQuerySet.summed) for each of the page's figures."""
        query = self.searched_for()
        if connections[self.qs.db].vendor != "postgresql" or not search.terms(query):
            return None
        if len(search.normalise(query)) >= found_words.MAX_WORD:  # longer than the rows keep a word
            return None
        if self.asked() - FOUND_WORD_FILTERS - {"q", "sort"}:
            return None
        return self.on_own_columns(FoundWord.objects.using(self.qs.db).matching(query), FOUND_WORD_FILTERS)

    def headline_figures(self):
        """(source, compute): the rows this valid filter's headline figures are read from, whose query
        keys a cached result, and the call that computes them. Tally's rows answer where no group is
        asked for (the number of groups responsible then comes from GroupTally's rows of the same
        filter), summed from MonthTally's where the filter asks no dates (monthly(); Tally's still
        key them and give the first and last day); otherwise the incidents (qs) do."""
        tallies = self.tallies()
        if tallies is None or tallies.model is not Tally:
            counted = self.counted_rows()  # the incidents for a group's tallies: found_words is None then
            return counted, partial(counted.headline_figures, self.qs)
        groups = self.tallied(GroupTally.objects.counting())
        monthly = self.monthly()
        if monthly is None:
            return tallies, partial(tallies.headline_figures, groups)
        return tallies, partial(monthly.headline_figures, groups, tallies)

    def monthly(self):
        """MonthTally's rows that count what tallies() counts, where those are Tally's and the filter
        asks no dates (a month's row can't tell its days apart); None otherwise."""
        tallies = self.tallies()
        if tallies is None or tallies.model is not Tally or self.asked() & DATES:
            return None
        return self.tallied(MonthTally.objects.all())

    def places(self):
        """PlaceTally's rows that count the map's incidents per place, filtered as the incidents are
        (tallied(): type, target owner, headline figure, duplicates), where the filter asks no dates
        and no group, which a place's rows don't hold; None otherwise."""
        if self.asked() & {*DATES, "group"}:
            return None
        return self.tallied(PlaceTally.objects.all())

    def asked(self):
        """The names of the parameters given a value."""
        return {name for name, value in self.form.cleaned_data.items() if value}

    def filter_target_owner(self, queryset, name, owners):
        """The owners asked for, `us_coalition` standing for Incident.US_COALITION_OWNERS."""
        wanted = set(owners) - {US_COALITION}
        if US_COALITION in owners:
            wanted.update(Incident.US_COALITION_OWNERS)
        return queryset.targeting(sorted(wanted))

    def filter_headline(self, queryset, name, figure):
        return queryset.headline(figure)

    def filter_group(self, queryset, name, groups):
        """Incidents the groups are responsible for (claimed, attributed or suspected)."""
        responsible = Claim.objects.responsible().filter(group__in=groups)
        return queryset.filter(pk__in=responsible.values("incident"))

    def filter_text(self, queryset, name, text):
        """Incidents with every word of the text, however it is spelled (incidents.search)."""
        text = text.strip()
        return queryset.matching(text) if text else queryset

    @cached_property
    def active(self):
        """The names of the filter parameters this view narrows by, in the form's order: what
        "Filters (n active)" counts. A parameter counts when it is given a value the form reads
        as one (with_fronts=0 is unticked); the sort orders and never counts."""
        return [
            name
            for name in self.filters
            if name not in ORDERING and self.form[name].value() not in (None, "", [], False)
        ]

    def carried(self):
        """The active parameters the form has no field for (headline, target_owner, …), as
        (name, label, value) for each value: the form keeps them as ticked boxes, so applying
        it never drops a filter the reader did not see, and unticking one removes it."""
        return [
            (name, self.filters[name].label, value)
            for name in self.active
            if name not in FORM_FIELDS
            for value in self.data.getlist(name)
            if value
        ]

    def clean_errors(self):
        """Errors as {parameter: [messages]} for data endpoints' 400 answers."""
        return {field: [str(message) for message in messages] for field, messages in self.errors.items()}
