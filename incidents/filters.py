"""IncidentFilter: the one filter behind every public output (the parameters README.md lists
under "For researchers: filters and data")."""

import django_filters
from django import forms
from django.db.models import F, Q

from .models import Claim, Governorate, Group, Incident

SORTS = (
    ("date", "date"),
    ("type", "type"),
    ("title", "title"),
    ("location__name", "place"),
    ("location__governorate__name", "governorate"),
    ("killed", "killed"),
    ("wounded", "wounded"),
)
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class FlagInput(forms.CheckboxInput):
    """A checkbox that also reads 0/false/off/no in a hand-written URL as unticked."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in {"0", "false", "off", "no", ""}:
            return False
        return super().value_from_datadict(data, files, name)


class NullsLastOrdering(django_filters.OrderingFilter):
    """Unknown values (NULL: killed, wounded, a place's governorate) sort last in both directions
    on every database; left to themselves PostgreSQL puts them first descending, SQLite ascending."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        field = F(value.removeprefix("-"))
        return field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)


class IncidentFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and before < after:
            self.add_error("date_before", "“To” is before “From”.")
        return cleaned


class IncidentFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(
        label="From",
        method="filter_date_after",
        widget=DATE_WIDGET,
        help_text="Inclusive; an incident known only to the week or month matches if its window overlaps.",
    )
    date_before = django_filters.DateFilter(label="To", method="filter_date_before", widget=DATE_WIDGET)
    type = django_filters.MultipleChoiceFilter(
        label="Type", choices=Incident.Type.choices, widget=forms.CheckboxSelectMultiple
    )
    group = django_filters.ModelMultipleChoiceFilter(
        label="Group",
        queryset=Group.objects.public(),
        to_field_name="slug",
        method="filter_group",
        help_text="Claimed by, attributed to or suspected; a denial does not count.",
    )
    with_fronts = django_filters.BooleanFilter(
        label="Include suspected fronts",
        widget=FlagInput,
        help_text="With a group: also incidents of groups suspected to be its fronts.",
    )
    governorate = django_filters.ModelChoiceFilter(
        label="Governorate",
        queryset=Governorate.objects.all(),
        to_field_name="slug",
        field_name="location__governorate",
    )
    target = django_filters.ChoiceFilter(label="Target", choices=Incident.Target.choices)
    q = django_filters.CharFilter(label="Search", method="filter_text", max_length=200)
    sort = NullsLastOrdering(label="Sort by", fields=SORTS)

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
        query). This is django-filter's hook for what no single filter can do alone."""
        values = dict(self.form.cleaned_data)
        with_fronts = values.pop("with_fronts", False)
        if not values.get("group"):
            values.pop("group", None)  # none asked for: an empty queryset, which would match nothing
        elif with_fronts:
            values["group"] = Group.objects.filter(
                pk__in=[group.pk for group in values["group"]]
            ).with_suspected_fronts()
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_group(self, queryset, name, groups):
        """Incidents the groups are responsible for (claimed, attributed or suspected)."""
        responsible = Claim.objects.responsible().filter(group__in=groups)
        return queryset.filter(pk__in=responsible.values("incident"))

    def filter_text(self, queryset, name, text):
        text = text.strip()
        if not text:
            return queryset
        groups = Group.objects.search(text)
        claims = Claim.objects.filter(Q(group__in=groups) | Q(actor__icontains=text))
        return queryset.filter(
            Q(title__icontains=text)
            | Q(summary__icontains=text)
            | Q(location__name__icontains=text)
            | Q(location__arabic_name__icontains=text)
            | Q(location__governorate__name__icontains=text)
            | Q(pk__in=claims.values("incident"))
        )

    def clean_errors(self):
        """Errors as {parameter: [messages]} for data endpoints' 400 answers."""
        return {field: [str(message) for message in messages] for field, messages in self.errors.items()}
