from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms import Textarea
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import date_input
from .admin_import import import_view
from .caching import CachedCountPaginator
from .forms import IncidentAdminForm
from .models import (
    Claim,
    Governorate,
    Group,
    GroupRelation,
    Incident,
    IncidentSource,
    Location,
    Source,
)

PUBLISH_PERMISSION = "incidents.publish_incident"


# Every admin form's fields: links typed without a scheme are taken as https (Django 6's
# default, stated now); dates only in forms that can't be misread (11/03/2020 is refused).
FORM_FIELDS = {models.URLField: {"assume_scheme": "https"}, models.DateField: {"form_class": date_input.DateField}}
INLINE_FIELDS = {**FORM_FIELDS, models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


def can_publish(request):
    return request.user.has_perm(PUBLISH_PERMISSION)


class RefusesImpossibleLookups:
    """Admin lists and searches given values no row can match answer as such, not with a 500.

    Django turns a ValueError in a list's filters into an invalid lookup (its "?e=1" page),
    but not an OverflowError (?date__year=2200000000). PostgreSQL refuses a NUL character in
    a query; stored text can't hold one (forms refuse it), so a search with one finds nothing.
    """

    def get_changelist_instance(self, request):
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            raise IncorrectLookupParameters("a NUL character")
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class HistoryAdmin(RefusesImpossibleLookups, SimpleHistoryAdmin):
    """The admin of every record kept with its history."""


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, skipping posted values that can't be keys when it re-renders.

    To label the chosen option of a refused form, Django looks the posted value up as it is:
    "1.0" or a number beyond the column's range raises there (a 500) instead of the form
    showing its "select a valid choice" error.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [key for key in value if self.is_possible_key(key)], attr)

    def is_possible_key(self, key):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        try:
            target.run_validators(target.to_python(key))
        except ValidationError:
            return False
        return True


class CheckedAutocompleteMixin:
    """Autocomplete fields with CheckedAutocompleteSelect, for admins and inlines alike."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoredRowsFormSet(BaseInlineFormSet):
    """An inline formset that also checks its new rows against stored rows it doesn't show.

    Django checks an inline's unique constraints (a source linked twice to one incident)
    only among the rows posted. A post whose management form leaves stored rows out would
    break the constraint in the database instead: a server error, not a form error.
    """

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return
        shown = [form.instance.pk for form in self.initial_forms]
        unseen = self.model._default_manager.filter(**{self.fk.name: self.instance}).exclude(pk__in=shown)
        for fields in self.unique_field_sets():
            for form in self.extra_forms:
                values = {name: form.cleaned_data.get(name) for name in fields}
                if form.has_changed() and not self._should_delete_form(form) and None not in values.values():
                    if unseen.filter(**values).exists():
                        raise ValidationError(
                            "A row like this one is already saved with this record but is not on this page: "
                            "reload the page and make your changes again."
                        )

    def unique_field_sets(self):
        """The other fields of each unique constraint that includes the link to the parent."""
        options = self.model._meta
        sets = [*options.unique_together, *(c.fields for c in options.total_unique_constraints)]
        return [[name for name in fields if name != self.fk.name] for fields in sets if self.fk.name in fields]


class MapPickerMixin:
    """Adds the Leaflet place picker (static/js/place_picker.js) to a change form."""

    change_form_template = "admin/incidents/change_form_with_map.html"
    map_fields = ("latitude", "longitude")

    def get_map_fields(self, obj):
        return self.map_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["map_fields"] = self.get_map_fields(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class ClaimInline(CheckedAutocompleteMixin, admin.TabularInline):
    formset = StoredRowsFormSet
    formfield_overrides = INLINE_FIELDS
    model = Claim
    extra = 1
    autocomplete_fields = ["group"]
    fields = ["kind", "group", "actor", "stated_by", "stated_on", "channel", "url", "confidence", "note"]


class IncidentSourceInline(CheckedAutocompleteMixin, admin.TabularInline):
    formset = StoredRowsFormSet
    formfield_overrides = INLINE_FIELDS
    model = IncidentSource
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["source", "excerpt", "credibility"]


@admin.register(Incident)
class IncidentAdmin(CheckedAutocompleteMixin, MapPickerMixin, HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    form = IncidentAdminForm
    map_fields = ("place_latitude", "place_longitude")
    inlines = [ClaimInline, IncidentSourceInline]
    autocomplete_fields = ["location"]
    date_hierarchy = "date"
    list_display = ["when", "type", "title", "place", "claimed_by", "status"]
    list_display_links = ["title"]
    list_filter = [
        "type",
        "status",
        "location__governorate",
        "claims__group",
        "date_precision",
        "location__geo_precision",
        "confidence",
    ]
    search_fields = [
        "title",
        "summary",
        "location__name",
        "location__arabic_name",
        "location__governorate__name",
        "claims__actor",
        "claims__group__name",
        "claims__group__arabic_name",
        "claims__group__aliases",
    ]
    list_per_page = 50
    show_full_result_count = False
    paginator = CachedCountPaginator
    readonly_fields = ["created_by", "created_at", "updated_by", "updated_at"]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "type", "target", "target_detail", "summary"]}),
        ("When", {"fields": [("date", "date_precision", "date_end"), "time"]}),
        ("Casualties (empty = unknown, 0 = none)", {"fields": [("killed", "wounded"), "confidence"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "retraction_reason",
                    "edit_version",
                    ("created_by", "created_at"),
                    ("updated_by", "updated_at"),
                ]
            },
        ),
        (
            "Where",
            {
                "fields": [
                    "location",
                    "place_name",
                    ("place_governorate", "place_precision", "place_kind"),
                    ("place_latitude", "place_longitude"),
                    "not_a_duplicate",
                ]
            },
        ),
    ]

    def get_map_fields(self, obj):
        return self.map_fields if obj is None else ()

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [path("import/", view, name="incidents_incident_import"), *super().get_urls()]

    def get_queryset(self, request):
        claimed = Claim.objects.filter(kind=Claim.Kind.CLAIMED).select_related("group")
        return (
            super()
            .get_queryset(request)
            .select_related("location__governorate")
            .prefetch_related(Prefetch("claims", queryset=claimed, to_attr="claimed_claims"))
        )

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return obj.date_display()

    @admin.display(description="place", ordering="location__name")
    def place(self, obj):
        return obj.location

    @admin.display(description="claimed by")
    def claimed_by(self, obj):
        claims = getattr(obj, "claimed_claims", None)
        if claims is None:
            claims = obj.claims.filter(kind=Claim.Kind.CLAIMED).select_related("group")
        return format_html_join(", ", "{}", ((claim.who,) for claim in claims)) or "—"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request):
            fields += ["status", "retraction_reason"]
        return fields

    def get_fieldsets(self, request, obj=None):
        """A recorded incident keeps its place link; new places are made on a new incident."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [
            (name, {**opts, "fields": ["location"]}) if name == "Where" else (name, opts) for name, opts in fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        """Analysts edit drafts; once published or retracted only editors may change it."""
        if obj is not None and obj.status != Incident.Status.DRAFT and not can_publish(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.can_be_deleted():
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """Published and retracted incidents in a bulk delete are listed as protected, with
        why, which makes the admin refuse the whole deletion (instead of claiming the
        editor lacks the permission to delete incidents)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [
            f"{obj} — {obj.get_status_display().lower()}: retract it instead of deleting it"
            for obj in objs
            if not obj.can_be_deleted()
        ]
        if kept and super().has_delete_permission(request):
            perms_needed = perms_needed - {Incident._meta.verbose_name}
        return deleted, counts, perms_needed, [*protected, *kept]

    def has_publish_permission(self, request):
        return can_publish(request)

    @admin.action(description="Publish selected drafts", permissions=["publish"])
    def publish_selected(self, request, queryset):
        drafts = queryset.filter(status=Incident.Status.DRAFT)
        published = 0
        for incident in drafts:
            incident.status = Incident.Status.PUBLISHED
            incident.updated_by = request.user
            incident.save()
            published += 1
        self.message_user(request, f"Published {published} incident(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Location)
class LocationAdmin(MapPickerMixin, HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["name", "governorate", "geo_precision", "kind", "latitude", "longitude"]
    list_filter = ["geo_precision", "kind", "governorate"]
    search_fields = ["name", "arabic_name", "governorate__name"]
    list_select_related = ["governorate"]


class GroupRelationInline(CheckedAutocompleteMixin, admin.TabularInline):
    formset = StoredRowsFormSet
    formfield_overrides = INLINE_FIELDS
    model = GroupRelation
    fk_name = "subject"
    extra = 1
    autocomplete_fields = ["object", "source"]


@admin.register(Group)
class GroupAdmin(HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["name", "arabic_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "arabic_name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupRelationInline]


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["publisher", "title", "published_on", "reliability", "language"]
    list_filter = ["reliability", "language"]
    search_fields = ["publisher", "title", "url"]
    date_hierarchy = "published_on"


@admin.register(Claim)
class ClaimAdmin(CheckedAutocompleteMixin, HistoryAdmin):
    """Claims are edited on their incident; this list searches them and shows their history."""

    formfield_overrides = FORM_FIELDS
    list_display = ["incident", "kind", "who", "stated_by", "channel", "confidence"]
    list_filter = ["kind", "channel", "confidence", "group"]
    search_fields = ["actor", "group__name", "group__aliases", "stated_by", "incident__title"]
    list_select_related = ["incident", "group"]
    autocomplete_fields = ["incident", "group"]


@admin.register(IncidentSource)
class IncidentSourceAdmin(CheckedAutocompleteMixin, HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["incident", "source", "credibility"]
    search_fields = ["incident__title", "source__title", "source__publisher"]
    list_select_related = ["incident", "source"]
    autocomplete_fields = ["incident", "source"]


@admin.register(GroupRelation)
class GroupRelationAdmin(CheckedAutocompleteMixin, HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["subject", "kind", "object", "confidence"]
    list_filter = ["kind", "confidence"]
    list_select_related = ["subject", "object"]
    autocomplete_fields = ["subject", "object", "source"]


@admin.register(Governorate)
class GovernorateAdmin(RefusesImpossibleLookups, admin.ModelAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["name", "arabic_name", "country", "latitude", "longitude"]
    search_fields = ["name", "arabic_name"]
    prepopulated_fields = {"slug": ["name"]}


class UserAdmin(DjangoUserAdmin):
    """Django's admin of user accounts, with their dates (joined, last login) read as every other date."""

    formfield_overrides = {models.DateTimeField: {"form_class": date_input.SplitDateTimeField}}


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
