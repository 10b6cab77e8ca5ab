from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import Textarea
from django.forms.models import BaseInlineFormSet
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import date_input, search
from .admin_deletion import deleted_objects
from .admin_import import import_urls
from .bulk import delete_with_history
from .caching import CachedCountPaginator, CountedWithPagePaginator
from .corrections import Corrections, NoteMissing
from .forms import (
    GOVERNORATE_NOT_FOUND,
    MUST_CHOOSE,
    ClaimAdminForm,
    ClaimInlineForm,
    CoordinatesForm,
    IncidentAdminForm,
    IncidentSourceAdminForm,
    LocationAdminForm,
    UnpublishForm,
    placement_note,
    sources_allow,
)
from .models import (
    SEARCH_TEXT,
    SHOWN_THROUGH,
    TARGET_AT_PLACE,
    Claim,
    Governorate,
    Group,
    GroupRelation,
    Incident,
    IncidentSource,
    Location,
    Source,
    incidents_reaching_any,
    incidents_showing,
    resting_claims_refusals,
)
from .outlines import NEAR_KM
from .permissions import can_change, can_delete, is_editor, refusal
from .querysets import SearchableQuerySet

# Every admin form's fields: links typed without a scheme are taken as https (Django 6's
# default, stated now); dates only in forms that can't be misread (11/03/2020 is refused).
# Fieldsets the incident admin finds by name (compared in the page's language).
WHERE, PUBLICATION = _("Where"), _("Publication")
FORM_FIELDS = {models.URLField: {"assume_scheme": "https"}, models.DateField: {"form_class": date_input.DateField}}
INLINE_FIELDS = {**FORM_FIELDS, models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


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
        """Models with a stored search text (SearchableQuerySet) are searched as the public site
        searches, however a name is spelled, exact names first in autocompletes; the others by
        their search_fields."""
        if "\x00" in search_term:
            return queryset.none(), False
        if isinstance(queryset, SearchableQuerySet):
            try:
                search.check_terms(search_term)
            except ValidationError as error:
                messages.error(request, error.messages[0])
                return queryset.none(), False
            return (queryset.search(search_term) if search_term.strip() else queryset), False
        return super().get_search_results(request, queryset, search_term)


class SearchPaginator(CountedWithPagePaginator):
    """The admin's pages of a search: the rows of the page's ids, in their order."""

    def rows(self, ids):
        by_pk = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return [by_pk[pk] for pk in ids]


class EditorialGate:
    """Admin pages and inlines ask incidents.permissions whether the user may change or delete a
    record (for inlines: change their parent). Django asks a page's permissions many times, so
    each answer is kept for the request; a form's new values are checked by gated_form()."""

    deleting_asks = "delete"  # which rule deleting a row asks about `obj`

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self.may(request, "change", obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or self.may(request, self.deleting_asks, obj)
        )

    def may(self, request, action, obj):
        rule = can_delete if action == "delete" else can_change
        if obj.pk is None:
            return rule(request.user, obj)
        answers = self.gate_answers(request)
        key = (action, obj._meta.label, obj.pk)
        if key not in answers:
            answers[key] = rule(request.user, obj)
        return answers[key]

    def may_delete_all(self, request, objs, refusals):
        """Answers whether the user may delete each of `objs` (can_delete) from the refusals read
        of the whole selection at once, so that a summary of them asks nothing per record."""
        answers = self.gate_answers(request)
        for obj in objs:
            answers["delete", obj._meta.label, obj.pk] = can_delete(request.user, obj, refusals)

    def gate_answers(self, request):
        return request.__dict__.setdefault("editorial_gate", {})


class GatedInline(EditorialGate):
    """Adding, changing or deleting an inline row changes its parent, the `obj` Django passes.

    A record holds at most ROWS_AT_MOST rows of each inline through the form: a post that says it
    sends more is refused with a form error, having built that many forms and no more (Django's
    own ceiling is 1,000 beyond max_num, whose page took seconds to render)."""

    deleting_asks = "change"
    ROWS_AT_MOST = 100
    max_num = ROWS_AT_MOST

    def get_formset(self, request, obj=None, **kwargs):
        form = gated_form(kwargs.pop("form", self.form), request.user, changed_only=True)
        return super().get_formset(request, obj, absolute_max=self.ROWS_AT_MOST, form=form, **kwargs)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (obj is None or self.may(request, "change", obj))


def gated_form(form_class, user, changed_only=False):
    """The admin's form, refusing with a form error to save what `user` may not change as the
    form would save it: a claim added to, or moved onto, a published incident; a relation to a
    public group added on another group's page. changed_only (an inline's rows): a row posted
    as it was shown is not asked, so a record's page saves beside a row its user may not change."""

    class GatedForm(form_class):
        def _post_clean(self):
            super()._post_clean()
            reason = (self.has_changed() or not changed_only) and refusal(user, self.instance)
            if reason:
                self.add_error(None, reason)

    return GatedForm


CORRECTION_NOTE = "correction_note"


def noted_form(form_class, request):
    """The admin's form with the public correction note. A save that changed what the public
    sees of an incident that was public without a note was rolled back (PublicCorrections):
    this form, shown again, then says what the change was and asks for the note."""

    class NotedForm(form_class):
        correction_note = forms.CharField(
            label=_("Correction note (public)"),
            required=False,
            widget=Textarea(attrs={"rows": 2, "cols": 60}),
            help_text=_(
                "Needed when this changes what the public sees of a published (or retracted) incident: "
                "shown on its page and in the corrections feed with the change, e.g. “the source gives no figure”."
            ),
        )

        def clean(self):
            cleaned = super().clean()
            refused = getattr(request, "correction_refused", None)
            if refused is not None and not (cleaned.get(CORRECTION_NOTE) or "").strip():
                self.add_error(
                    CORRECTION_NOTE,
                    gettext("This changes what the public sees: %(change)s Say why, for the public.")
                    % {"change": refused.summary()},
                )
            return cleaned

    return NotedForm


class PublicCorrections:
    """Saving a change form logs its public changes with the form's correction note (incidents.corrections).

    What the public sees of the incidents the record shows on (models.incidents_showing) is read
    before the save and after its inlines; a change without a note raises NoteMissing, which
    rolls the save back, and the form is shown again asking for the note. The note is also the
    history record's change reason.
    """

    def asks_for_note(self, request, obj):
        """Whether the form shows the note: on what incidents show (a new claim or source link
        too), where this user may change it, and on an incident unless a draft never published."""
        if self.model not in SHOWN_THROUGH:
            return False
        if obj is None:
            return self.model is not Incident
        if isinstance(obj, Incident) and not obj.was_public:
            return False
        return self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        """The admin's fieldsets (without the note, which a form's own fields list includes when
        the admin declares none), then the note's, where asked for."""
        fieldsets = [
            (name, {**options, "fields": [field for field in options["fields"] if field != CORRECTION_NOTE]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not self.asks_for_note(request, obj):
            return fieldsets
        return [*fieldsets, (_("Public correction"), {"fields": [CORRECTION_NOTE]})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != CORRECTION_NOTE]
        return noted_form(super().get_form(request, obj, change, **kwargs), request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except NoteMissing as missing:  # the save was rolled back: the form again, asking for a note
            request.correction_refused = missing
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get(CORRECTION_NOTE, "").strip()
        request.corrections = Corrections(incidents_showing(obj))
        if note:  # after a revert's own reason, if any
            obj._change_reason = " — ".join(filter(None, [getattr(obj, "_change_reason", None), note]))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        request.corrections.log(form.cleaned_data.get(CORRECTION_NOTE), request.user)

    def get_deleted_objects(self, objs, request):
        """Deleting, on its own page, what an incident that was public shows (a claim, a source
        link) is refused: its confirmation page has no note. The incident's form removes it.
        The summary's labels are read with the records (admin_deletion)."""
        deleted, counts, perms_needed, protected = deleted_objects(objs, request, self.admin_site)
        if self.model is Incident or not incidents_reaching_any(objs, SHOWN_THROUGH).public_once().exists():
            return deleted, counts, perms_needed, protected
        shown = [(obj, incidents_showing(obj).public_once().first()) for obj in objs]
        kept = [
            gettext(
                "“%(record)s” shows on “%(incident)s”, which was published: remove it on the incident's page, "
                "with a public correction note."
            )
            % {"record": obj, "incident": incident}
            for obj, incident in shown
            if incident is not None
        ]
        return deleted, counts, perms_needed, [*protected, *kept]


class HistoryAdmin(PublicCorrections, EditorialGate, RefusesImpossibleLookups, SimpleHistoryAdmin):
    """The admin of every record kept with its history, behind the editorial gate.

    The history's revert form is the change form, opened on the current record with an earlier
    version's values in the fields this user may edit: saving it is an edit like any other
    (permissions, the editorial gate, publishing rules, the incident's optimistic lock, all in
    the change view's transaction). The fields in `revert_keeps` keep their current values.
    """

    object_history_list_template = "admin/incidents/object_history_list.html"
    revert_keeps = ()

    def delete_queryset(self, request, queryset):
        """The selection's history rows written per table, not per record (bulk.delete_with_history)."""
        delete_with_history(queryset, request.user.pk)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return gated_form(super().get_form(request, obj, change, **kwargs), request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = self.history_record(object_id, version_id)
        request.revert_to = record  # read by get_object(), for this request only
        context = {
            "title": gettext("Revert %(record)s to an earlier version") % {"record": self.opts.verbose_name},
            "revert_record": record,
            **(extra_context or {}),
        }
        return self.changeform_view(request, object_id, extra_context=context)

    def history_record(self, object_id, version_id):
        history = self.model.history
        try:
            return history.get(**{self.opts.pk.attname: unquote(object_id), "history_id": int(version_id)})
        except (history.model.DoesNotExist, ValueError, ValidationError, OverflowError) as error:
            raise Http404("No such version of this record.") from error

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        record = getattr(request, "revert_to", None)
        if obj is not None and record is not None:
            for name in self.revertible_fields(request, obj):
                setattr(obj, name, getattr(record, name))
            obj._change_reason = f"Reverted to the version of {record.history_date:%Y-%m-%d %H:%M:%S} UTC"
        return obj

    def revertible_fields(self, request, obj):
        """The attribute names of the model fields this user edits on the change form."""
        shown = set(flatten_fieldsets(self.get_fieldsets(request, obj)))
        shown -= {*self.get_readonly_fields(request, obj), *self.revert_keeps}
        names = []
        for name in shown:
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue  # a form-only field, e.g. the incident form's edit_version
            if field.concrete and not field.many_to_many:
                names.append(field.attname)
        return names


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
                            gettext(
                                "A row like this one is already saved with this record but is not on this page: "
                                "reload the page and make your changes again."
                            )
                        )

    def unique_field_sets(self):
        """The other fields of each unique constraint that includes the link to the parent."""
        options = self.model._meta
        sets = [*options.unique_together, *(c.fields for c in options.total_unique_constraints)]
        return [[name for name in fields if name != self.fk.name] for fields in sets if self.fk.name in fields]


class MapPickerMixin:
    """Adds the place picker (static/js/place_picker.js) to a change form: the known places as
    markers (LocationAdmin.places_view), the chosen place zoomed to, and, where the form has
    coordinate inputs, a marker that writes them and the governorate derived from them."""

    change_form_template = "admin/incidents/change_form_with_map.html"
    map_fields = ("latitude", "longitude")
    map_governorate_field = "governorate"
    map_after_fieldset = None  # the fieldset the map follows (by name); None: the first

    def get_map_fields(self, obj):
        return self.map_fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        fields = self.get_map_fields(obj)
        context["place_picker"] = {
            "fields": fields,
            "governorate_field": self.map_governorate_field if fields else "",
            "after_fieldset": self.map_after_fieldset,
        }
        return super().render_change_form(request, context, add, change, form_url, obj)


def known_place(place):
    """A place as the picker draws it: where, whether that point is only approximate, and the
    target its kind stands for (TARGET_AT_PLACE)."""
    latitude, longitude, approximate = place.map_point()
    return {
        "id": place.pk,
        "name": str(place),
        "latitude": latitude,
        "longitude": longitude,
        "approximate": approximate,
        "target": TARGET_AT_PLACE.get(place.kind),
    }


class ClaimFormSet(StoredRowsFormSet):
    """An incident's claims, checked with the source links posted beside them: each claim's
    source must be one of them, and an incident the form publishes must pass
    Incident.publication_problems() as it will be saved."""

    sources_formset = None  # the source links' formset of the same page (IncidentAdmin._create_formsets)

    def clean(self):
        super().clean()
        linked = self.linked_source_ids()
        self.derive_incident_confidence(linked)
        shown = [form.instance.pk for form in self.initial_forms]
        claims = list(self.instance.claims.exclude(pk__in=shown)) if self.instance.pk else []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            self.derive_claim_defaults(form, linked)
            if form.instance.source_id is not None and form.instance.source_problem(linked):
                form.add_error(
                    "source", gettext("This statement %(problem)s.") % {"problem": form.instance.source_problem(linked)}
                )
            claims.append(form.instance)
        self.check_publication(linked, claims)

    def derive_incident_confidence(self, linked):
        """An incident's empty confidence is the highest its sources, as posted, allow; with none
        there is nothing to take it from."""
        if self.instance.confidence:
            return
        if not linked:
            raise ValidationError(
                gettext("%(choose)s Or link a source: an empty one is what it allows.")
                % {"choose": MUST_CHOOSE["confidence"]}
            )
        self.instance.confidence = sources_allow(linked)

    @staticmethod
    def derive_claim_defaults(form, linked):
        """A claim's empty source is the incident's only source (the one it can rest on); its
        empty confidence is the highest that source allows."""
        claim = form.instance
        if claim.source_id is None and len(linked) == 1:
            claim.source = form.cleaned_data["source"] = Source.objects.get(pk=next(iter(linked)))
        if not claim.confidence and claim.source_id is not None:
            claim.confidence = form.cleaned_data["confidence"] = sources_allow([claim.source_id])
        elif not claim.confidence:
            form.add_error(
                "confidence",
                gettext("%(choose)s Or name its source: an empty one is what it allows.")
                % {"choose": MUST_CHOOSE["confidence"]},
            )

    def check_publication(self, linked, claims):
        if self.publishes():
            problems = self.instance.publication_problems(source_ids=linked, claims=claims)
            if problems:
                raise ValidationError(
                    [gettext("It can't be published: %(problem)s.") % {"problem": problem} for problem in problems]
                )

    def publishes(self):
        if self.instance.status != Incident.Status.PUBLISHED:
            return False
        stored = Incident.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
        return stored != Incident.Status.PUBLISHED

    def linked_source_ids(self):
        """The incident's sources as this post would leave them."""
        links = self.sources_formset
        shown = [form.instance.pk for form in links.initial_forms] if links is not None else []
        unseen = self.instance.source_links.exclude(pk__in=shown) if self.instance.pk else IncidentSource.objects.none()
        linked = set(unseen.values_list("source_id", flat=True))
        if links is None:
            return linked
        for form in links.forms:  # is_valid() cleans the form if its formset wasn't cleaned yet
            if form.is_valid() and form.cleaned_data.get("source") and not links._should_delete_form(form):
                linked.add(form.cleaned_data["source"].pk)
        return linked


class ClaimInline(GatedInline, CheckedAutocompleteMixin, admin.StackedInline):
    """One block per statement, its fields in rows that fit a 1,280-px screen (a table of ten
    columns was 2,318 px wide)."""

    formset = ClaimFormSet
    form = ClaimInlineForm
    formfield_overrides = INLINE_FIELDS
    model = Claim
    extra = 1
    autocomplete_fields = ["group", "source"]
    fields = [
        ("kind", "group", "actor"),
        ("source", "confidence", "channel"),
        ("stated_by", "stated_on", "url"),
        "note",
    ]


class IncidentSourceInline(GatedInline, CheckedAutocompleteMixin, admin.StackedInline):
    """One block per source link, laid out like the claims' (a table overflowed 1,280 px)."""

    formset = StoredRowsFormSet
    formfield_overrides = INLINE_FIELDS
    model = IncidentSource
    extra = 1
    autocomplete_fields = ["source"]
    fields = [("source", "credibility"), "excerpt", ("says_none_killed", "says_none_wounded")]


class DuplicateFilter(admin.SimpleListFilter):
    """Which incidents count, which are duplicates, and which count nowhere: published duplicates
    of an incident that is not published (IncidentQuerySet.counted_nowhere). The rule refuses
    them on every path; data written before it may hold some, and this is the editors' list of
    them to set right (publish the one that counts, or let the duplicate count)."""

    title = _("duplicate")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [
            ("no", _("Counts (not a duplicate)")),
            ("yes", _("Duplicate of another")),
            ("nowhere", _("Counted nowhere (a published duplicate of an incident not published)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.without_duplicates()
        if self.value() == "yes":
            return queryset.filter(duplicate_of__isnull=False)
        if self.value() == "nowhere":
            return queryset.counted_nowhere()
        return queryset


@admin.register(Incident)
class IncidentAdmin(CheckedAutocompleteMixin, MapPickerMixin, HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    form = IncidentAdminForm
    map_fields = ("place_latitude", "place_longitude")
    inlines = [ClaimInline, IncidentSourceInline]
    autocomplete_fields = ["location", "duplicate_of"]
    date_hierarchy = "date"
    list_display = ["when", "type", "title", "place", "claimed_by", "not_duplicate", "status"]
    list_display_links = ["title"]
    list_filter = [
        "type",
        "status",
        DuplicateFilter,
        "target_owner",
        "location__governorate",
        "claims__group",
        "date_precision",
        "location__geo_precision",
        "confidence",
    ]
    search_fields = SEARCH_TEXT  # shows the search box; get_search_results searches the stored text
    list_per_page = 50
    show_full_result_count = False
    paginator = CachedCountPaginator
    readonly_fields = [
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "not_duplicate_confirmed_by",
        "not_duplicate_confirmed_at",
        "publisher_row",
    ]
    revert_keeps = ("status", "retraction_reason")  # publishing and retracting are their own steps
    actions = ["publish_selected"]
    # In the order an analyst logs an incident: what, when, where (the map follows), then the
    # claims and sources below; what is rarely needed on a new incident is folded away.
    fieldsets = [
        (None, {"fields": ["type", "title", ("date", "date_precision", "date_end"), "summary"]}),
        (
            WHERE,
            {
                "fields": [
                    "location",
                    "place_name",
                    ("place_latitude", "place_longitude"),
                    ("place_governorate", "place_precision", "place_kind"),
                    "not_a_duplicate",
                ]
            },
        ),
        (_("Target"), {"fields": [("target", "target_owner"), "target_detail"]}),
        (
            _("Casualties (empty = unknown, 0 = none) and confidence"),
            {"fields": [("killed", "wounded"), "confidence"]},
        ),
        (_("Time of day"), {"fields": ["time"], "classes": ["collapse"]}),
        (
            _("In Arabic (optional; the Arabic pages show the English text where empty)"),
            {"fields": ["title_ar", "summary_ar"], "classes": ["collapse"]},
        ),
        (
            PUBLICATION,
            {
                "fields": [
                    "status",
                    "retraction_reason",
                    "edit_version",
                    ("not_duplicate_confirmed_by", "not_duplicate_confirmed_at"),
                    ("created_by", "created_at"),
                    ("updated_by", "updated_at"),
                ],
            },
        ),
        (
            _("Duplicate of (left out of public figures and exports)"),
            {"fields": ["duplicate_of", "duplicate_reason"], "classes": ["collapse"]},
        ),
    ]
    map_governorate_field = "place_governorate"
    map_after_fieldset = WHERE

    def get_map_fields(self, obj):
        """A recorded incident keeps its place link (new places are made on a new incident): its
        map shows the places, without the new place's coordinates."""
        return self.map_fields if obj is None else ()

    def view_on_site(self, obj):
        """A draft's "View on site" is its preview (staff only); others, their public page."""
        if obj.status == Incident.Status.DRAFT:
            return reverse("incident_preview", args=[obj.pk])
        return obj.get_absolute_url()

    def get_urls(self):
        site = self.admin_site
        return [
            *import_urls(self),
            path(
                "<path:object_id>/unpublish/", site.admin_view(self.unpublish_view), name="incidents_incident_unpublish"
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_list_relations().select_related("not_duplicate_confirmed_by")

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """A search, ranked (get_search_results), is counted by the query that reads its page."""
        if not request.GET.get(SEARCH_VAR, "").strip():
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        asked = request.GET.get(PAGE_VAR, 1)
        return SearchPaginator(queryset, per_page, orphans, allow_empty_first_page, asked=asked)

    def _create_formsets(self, request, obj, change):
        """The claims' formset checks each claim's source against the links posted beside it."""
        formsets, inlines = super()._create_formsets(request, obj, change)
        by_model = {formset.model: formset for formset in formsets}
        if Claim in by_model:
            by_model[Claim].sources_formset = by_model.get(IncidentSource)
        return formsets, inlines

    @admin.display(description=_("not a duplicate"))
    def not_duplicate(self, obj):
        """Who saved it over the likely-duplicate warning, for the editor who publishes it."""
        confirmed_by = obj.not_duplicate_confirmed_by
        return gettext("confirmed by %(user)s") % {"user": confirmed_by} if confirmed_by else "—"

    @admin.display(description=_("date"), ordering="date")
    def when(self, obj):
        return obj.date_display()

    @admin.display(description=_("place"), ordering="location__name")
    def place(self, obj):
        return obj.location

    @admin.display(description=_("claimed by"))
    def claimed_by(self, obj):
        claims = getattr(obj, "claimed_claims", None)
        if claims is None:
            claims = obj.claims.claimed().select_related("group")
        return format_html_join(", ", "{}", ((claim.who,) for claim in claims)) or "—"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_editor(request.user):
            fields += ["status", "retraction_reason"]
        return fields

    def get_fieldsets(self, request, obj=None):
        """A recorded incident keeps its place link; new places are made on a new incident. An
        imported one shows its publisher's row as given (its own taxonomy, actors and places)."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # a new incident is a draft: its publication fields can wait
            return [
                (name, {**opts, "classes": ["collapse"]}) if name == PUBLICATION else (name, opts)
                for name, opts in fieldsets
            ]
        fieldsets = [
            (name, {**opts, "fields": ["location"]}) if name == WHERE else (name, opts) for name, opts in fieldsets
        ]
        if obj.publisher_record:
            fieldsets.append((_("As the publisher gave it (kept unchanged)"), {"fields": ["publisher_row"]}))
        return fieldsets

    @admin.display(description=_("publisher's row"))
    def publisher_row(self, obj):
        record = obj.publisher_record or {}
        cells = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", record.get("row", {}).items())
        return format_html(
            '<table class="publisher-row"><caption>{}</caption>{}</table>', record.get("format", ""), cells
        )

    def get_deleted_objects(self, objs, request):
        """Incidents that were ever public in a bulk delete are listed as protected, with why,
        which makes the admin refuse the whole deletion (instead of claiming the editor lacks
        the permission to delete incidents). Why is read for the whole selection at once."""
        refusals = Incident.objects.filter(pk__in=[obj.pk for obj in objs]).deletion_refusals()
        self.may_delete_all(request, objs, refusals)
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = [refusals[obj.pk] for obj in objs if obj.pk in refusals]
        if kept and super().has_delete_permission(request):
            perms_needed = perms_needed - {Incident._meta.verbose_name}
        return deleted, counts, perms_needed, [*protected, *kept]

    def has_publish_permission(self, request):
        return is_editor(request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.status == Incident.Status.PUBLISHED and self.has_publish_permission(request):
            context["unpublish_url"] = reverse("admin:incidents_incident_unpublish", args=[obj.pk])
        # As stored, written before the rule: on a GET (a post's obj holds what the form posted),
        # not a revert's (its obj holds the earlier version's values; saving them asks the rule).
        stored = obj is not None and request.method == "GET" and getattr(request, "revert_to", None) is None
        uncounted = obj.uncounted_problem() if stored else None
        if uncounted:
            warning = gettext("This incident counts nowhere: %(problem)s.") % {"problem": uncounted}
            self.message_user(request, warning, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def unpublish_view(self, request, object_id):
        """An editor sets a published incident back to draft, saying why (kept in its history
        and the admin log). The change form refuses that change; retracting is the public way."""
        incident = self.get_object(request, unquote(object_id))
        if incident is None:
            raise Http404("No such incident.")
        if not self.has_publish_permission(request) or incident.status != Incident.Status.PUBLISHED:
            raise PermissionDenied
        form = UnpublishForm(request.POST or None)
        refusal = incident.withdrawal_problem(Incident.Status.DRAFT)  # its published duplicates would count nowhere
        if request.method == "POST" and form.is_valid() and not refusal:
            with transaction.atomic():
                incident.unpublish(request.user, form.cleaned_data["reason"])
                self.log_change(request, incident, f"Unpublished: {form.cleaned_data['reason']}")
            self.message_user(
                request, gettext("“%(incident)s” is a draft again.") % {"incident": incident}, messages.SUCCESS
            )
            return redirect("admin:incidents_incident_change", incident.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": incident,
            "form": form,
            "refusal": refusal,
            "title": gettext("Unpublish"),
            "subtitle": str(incident),
        }
        return TemplateResponse(request, "admin/incidents/incident/unpublish.html", context)

    @admin.action(description=_("Publish selected drafts"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        """Publishes the selected drafts that pass Incident.publication_problems() and lists
        each one that doesn't, with why; each incident is published whole or not at all."""
        published = 0
        with transaction.atomic():
            drafts = queryset.filter(status=Incident.Status.DRAFT).select_related("location")
            # The incidents that count first: a duplicate selected with the one it points at is then
            # asked about that one as published (its duplicate_of is read after that one's save).
            for incident in sorted(drafts, key=lambda incident: incident.duplicate_of_id is not None):
                uncounted = incident.uncounted_problem(Incident.Status.PUBLISHED)
                problems = incident.publication_problems() + ([uncounted] if uncounted else [])
                if problems:
                    refused = gettext("Not published: “%(incident)s”: %(problems)s.") % {
                        "incident": incident,
                        "problems": gettext("; ").join(problems),
                    }
                    self.message_user(request, refused, messages.WARNING)
                    continue
                incident.status = Incident.Status.PUBLISHED
                incident.updated_by = request.user
                incident.save()
                published += 1
        done = ngettext("Published %(count)d incident.", "Published %(count)d incidents.", published)
        self.message_user(request, done % {"count": published}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if getattr(form, "derived_governorate", None):
            note = placement_note(*form.derived_governorate)
            self.message_user(
                request, gettext("The new place's governorate: %(note)s.") % {"note": note}, messages.INFO
            )
        if getattr(form, "overridden_duplicates", None):
            obj.not_duplicate_confirmed_by = request.user
            obj.not_duplicate_confirmed_at = timezone.now()
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class EditorsMakePublic:
    """Only editors, who publish, may show a place or group before a published incident uses it."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if is_editor(request.user) else [*fields, "public"]


@admin.register(Location)
class LocationAdmin(EditorsMakePublic, MapPickerMixin, HistoryAdmin):
    form = LocationAdminForm
    formfield_overrides = FORM_FIELDS
    list_display = ["name", "governorate", "geo_precision", "kind", "latitude", "longitude"]
    list_filter = ["geo_precision", "kind", "governorate"]
    search_fields = SEARCH_TEXT  # shows the search box; get_search_results searches the stored text
    list_select_related = ["governorate"]
    max_known_places = 5000  # the picker's markers: far more than any real data set holds

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("places.json", view(self.places_view), name="incidents_location_places"),
            path("governorate-at.json", view(self.governorate_at_view), name="incidents_location_governorate_at"),
            *super().get_urls(),
        ]

    def places_view(self, request):
        """The known places, for the place picker's markers (staff who may view places)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        places = Location.objects.select_related("governorate").order_by("pk")[: self.max_known_places]
        return JsonResponse({"places": [known_place(place) for place in places]})

    def governorate_at_view(self, request):
        """The governorate the point ?latitude=&longitude= lies in (Governorate.objects.at), as the
        place forms take it: {"governorate": id or null, "note": what to tell the analyst}."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = CoordinatesForm(request.GET)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        found = Governorate.objects.at(form.cleaned_data["latitude"], form.cleaned_data["longitude"])
        if found is None:
            return JsonResponse({"governorate": None, "note": GOVERNORATE_NOT_FOUND.format(km=NEAR_KM)})
        note = gettext("Governorate: %(note)s.") % {"note": placement_note(*found)}
        return JsonResponse({"governorate": found[0].pk, "note": note})


class GroupRelationInline(GatedInline, CheckedAutocompleteMixin, admin.TabularInline):
    formset = StoredRowsFormSet
    formfield_overrides = INLINE_FIELDS
    model = GroupRelation
    fk_name = "subject"
    extra = 1
    autocomplete_fields = ["object", "source"]


@admin.register(Group)
class GroupAdmin(EditorsMakePublic, HistoryAdmin):
    formfield_overrides = FORM_FIELDS
    list_display = ["name", "arabic_name", "kind"]
    list_filter = ["kind"]
    search_fields = SEARCH_TEXT  # shows the search box; get_search_results searches the stored text
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

    form = ClaimAdminForm
    formfield_overrides = FORM_FIELDS
    list_display = ["incident", "kind", "who", "stated_by", "channel", "confidence", "source"]
    list_filter = ["kind", "channel", "confidence", "group"]
    search_fields = SEARCH_TEXT  # shows the search box; get_search_results searches the stored text
    list_select_related = ["incident", "group", "source"]
    autocomplete_fields = ["incident", "group", "source"]

    @admin.display(description=_("who"))
    def who(self, obj):
        return obj.who


@admin.register(IncidentSource)
class IncidentSourceAdmin(CheckedAutocompleteMixin, HistoryAdmin):
    form = IncidentSourceAdminForm
    formfield_overrides = FORM_FIELDS
    list_display = ["incident", "source", "credibility"]
    search_fields = ["incident__title", "source__title", "source__publisher"]
    list_select_related = ["incident", "source"]
    autocomplete_fields = ["incident", "source"]

    def get_deleted_objects(self, objs, request):
        """Links whose source statements of their incident rest on are listed as protected, with
        why, which makes the admin refuse the deletion."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusals = resting_claims_refusals(objs)
        kept = [f"“{obj}”: {refusals[obj.pk]}" for obj in objs if obj.pk in refusals]
        return deleted, counts, perms_needed, [*protected, *kept]


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
    search_fields = SEARCH_TEXT  # shows the search box; get_search_results searches the stored text
    prepopulated_fields = {"slug": ["name"]}


class UserAdmin(DjangoUserAdmin):
    """Django's admin of user accounts, with their dates (joined, last login) read as every other date."""

    formfield_overrides = {models.DateTimeField: {"form_class": date_input.SplitDateTimeField}}


admin.site.unregister(User)
admin.site.register(User, UserAdmin)
