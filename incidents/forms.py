from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import localise, outlines
from .models import Claim, Governorate, Incident, IncidentSource, Location, Source, confidence_allowed

UNCOMPARED = ["updated_at", "updated_by", "version", "published_at"]
BLANK_CHOICE = [("", "---------")]
# Facts nobody may leave to a default: each form shows "---------" until one is chosen, and
# says what to choose when it is not.
MUST_CHOOSE = {
    "date_precision": _("Choose the date precision: how exactly the sources date it (day, week, month, range)."),
    "target": _("Choose the target: what was attacked (“Other” only if it is none of the listed kinds)."),
    "confidence": _("Choose the confidence: how sure the sources make us (high, medium, low)."),
    "geo_precision": _("Choose the place's precision: how exactly the sources locate it (site, town, district …)."),
    "place_precision": _("Choose the new place's precision: how exactly the sources locate it (site, town …)."),
}


# What an empty confidence stands for, where the codebook's rule can say (models.confidence_allowed).
CONFIDENCE_FROM_SOURCES = _(
    "Empty: the highest the sources allow (high: an A or B source, or C or better from two publishers; "
    "medium: a C source or two publishers; else low). Choose lower where they disagree, never higher."
)
GOVERNORATE_NOT_FOUND = _(
    "These coordinates lie in no governorate's outline, nor within {km} km of one: choose the governorate, "
    "or check the coordinates."
)


def governorate_from_coordinates(form, cleaned, names):
    """Fills the form's empty governorate from its coordinates (Governorate.objects.at), or adds the
    error that says it can't. `names` are the form's (governorate, latitude, longitude) fields.
    Returns the placement used, for the analyst's message; a chosen governorate is left alone."""
    governorate, latitude, longitude = names
    if cleaned.get(governorate) or cleaned.get(latitude) is None or cleaned.get(longitude) is None:
        return None
    found = Governorate.objects.at(cleaned[latitude], cleaned[longitude])
    if found is None:
        form.add_error(governorate, GOVERNORATE_NOT_FOUND.format(km=outlines.NEAR_KM))
        return None
    cleaned[governorate] = found[0]
    return found


def placement_note(governorate, placement):
    """What the analyst is told of a governorate taken from the coordinates."""
    if placement.inside:
        where = gettext("inside its outline")
    else:
        where = gettext("%(km)s km outside its outline") % {"km": f"{placement.distance_km:g}"}
    return gettext("%(name)s, from the coordinates (%(where)s; the outlines are simplified: check near a border)") % {
        "name": localise.in_page_language(governorate)[0],
        "where": where,
    }


def optional(form, name, help_text, required=False):
    """Says, in the field's help text, what leaving the form's field `name` empty means."""
    if name in form.fields:
        form.fields[name].required = required
        form.fields[name].help_text = help_text


def require_choices(form):
    """Make the form's MUST_CHOOSE fields required, with the message that says what to choose."""
    for name, message in MUST_CHOOSE.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


class ChoicesRequiredForm(forms.ModelForm):
    """A model form whose unchosen precision, target and confidence are errors (MUST_CHOOSE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_choices(self)


class LocationAdminForm(ChoicesRequiredForm):
    """A place: a governorate left empty is taken from the coordinates, in Iraq."""

    class Meta:
        model = Location
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional(
            self,
            "governorate",
            _(
                "Empty with coordinates in Iraq: taken from them (the bundled outlines). "
                "Empty otherwise only for places known no better than the country."
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country") == "Iraq":
            governorate_from_coordinates(self, cleaned, ("governorate", "latitude", "longitude"))
        return cleaned


def sources_allow(source_ids):
    """The highest confidence these sources allow (models.confidence_allowed, the codebook's rule)."""
    return confidence_allowed(list(Source.objects.filter(pk__in=source_ids).values_list("publisher", "reliability")))


class ClaimInlineForm(ChoicesRequiredForm):
    """A claim on its incident's form: an empty source is the incident's only source, an empty
    confidence the highest that source allows (ClaimFormSet fills both in)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        optional(self, "confidence", _("Empty: the highest its source allows."))
        optional(self, "source", _("Empty: the incident's source, when it has only one."))


class ClaimAdminForm(ChoicesRequiredForm):
    """A claim on its own page: the source it rests on must be linked to its incident."""

    class Meta:
        model = Claim
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        incident, source = cleaned.get("incident"), cleaned.get("source")
        if incident and source:
            linked = set(incident.source_links.values_list("source_id", flat=True))
            problem = Claim(incident=incident, source=source).source_problem(linked)
            if problem:
                self.add_error("source", gettext("This statement %(problem)s.") % {"problem": problem})
        return cleaned


class IncidentSourceAdminForm(forms.ModelForm):
    """A source link on its own page: while statements of its incident rest on its source, it
    keeps its incident and source (IncidentSource.resting_claims_refusal)."""

    class Meta:
        model = IncidentSource
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        moved = {"incident", "source"} & set(self.changed_data)
        if self.instance.pk is not None and moved:
            refusal = self.instance.resting_claims_refusal()
            if refusal:
                self.add_error(sorted(moved)[0], gettext("It can't be changed: %(refusal)s") % {"refusal": refusal})
        return cleaned


def likely_duplicate_rule():
    """What counts as a likely duplicate, in words, from the settings the search itself reads
    (IncidentQuerySet.likely_duplicates)."""
    days = settings.DUPLICATE_WINDOW_DAYS
    return ngettext(
        "same type, within %(days)d day, within %(km)s km", "same type, within %(days)d days, within %(km)s km", days
    ) % {"days": days, "km": settings.DUPLICATE_RADIUS_KM}


class IncidentAdminForm(forms.ModelForm):
    """One form to log an incident: an existing place, or a new one picked on the map.

    On a new incident, likely duplicates are shown as a form error until the analyst
    ticks "not a duplicate". On an existing one, a save begun before someone else's is
    refused, with what they changed (optimistic locking on Incident.version).
    """

    place_name = forms.CharField(
        label=_("New place: name"),
        max_length=200,
        required=False,
        help_text=_("Only when the place is not in the list above. Click the map to set its coordinates."),
    )
    place_governorate = forms.ModelChoiceField(
        label=_("New place: governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        help_text=_("Empty: taken from the coordinates (the bundled outlines). Choose it to override."),
    )
    place_latitude = forms.DecimalField(
        label=_("New place: latitude"), required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6
    )
    place_longitude = forms.DecimalField(
        label=_("New place: longitude"), required=False, min_value=-180, max_value=180, max_digits=9, decimal_places=6
    )
    place_precision = forms.ChoiceField(
        label=_("New place: precision"), choices=BLANK_CHOICE + Location.Precision.choices, required=False
    )
    place_kind = forms.ChoiceField(
        label=_("New place: kind"), choices=Location.Kind.choices, initial=Location.Kind.OTHER, required=False
    )
    edit_version = forms.IntegerField(label=_("Edit version"), widget=forms.HiddenInput, required=False)
    not_a_duplicate = forms.BooleanField(
        label=_("Not a duplicate"),
        required=False,
        help_text=_(
            "Tick to save although similar incidents exist: your name is kept with the incident for the editor."
        ),
    )

    class Meta:
        model = Incident
        fields = "__all__"
        # The analysts' form in the admin's language (the field names are English: these are their labels).
        labels = {
            "title": _("Title"),
            "type": _("Type"),
            "target": _("Target"),
            "target_detail": _("Target detail"),
            "target_owner": _("Target owner"),
            "summary": _("Summary"),
            "date": _("Date"),
            "date_precision": _("Date precision"),
            "date_end": _("Date end"),
            "time": _("Time"),
            "killed": _("Killed"),
            "wounded": _("Wounded"),
            "confidence": _("Confidence"),
            "status": _("Status"),
            "retraction_reason": _("Retraction reason"),
            "location": _("Location"),
            "duplicate_of": _("Duplicate of"),
            "duplicate_reason": _("Duplicate reason"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_choices(self)
        self.overridden_duplicates = []
        self.derived_governorate = None
        self._offer_defaults()
        if "location" in self.fields:
            self.fields["location"].required = False
            self.fields["location"].help_text = _("Choose a known place, or fill in “New place” below.")
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version
            self.fields["edit_version"].required = True
            self.fields["edit_version"].error_messages["required"] = _(
                "This form carries no version of the incident: reload the page and make your changes again."
            )

    def _offer_defaults(self):
        """Defaults the analyst sees before saving: the common case's date precision, shown
        selected; a title and a confidence derived, on saving, from what the form says (the
        help texts say how). Nothing is assumed that the analyst can't see or change."""
        if "date_precision" in self.fields and not self.instance.pk:
            self.fields["date_precision"].initial = Incident.DatePrecision.DAY
        optional(self, "title", _("Empty: the type and the place, e.g. “Rocket or mortar at Camp Taji”."))
        optional(self, "confidence", CONFIDENCE_FROM_SOURCES)
        target_help = _(
            "Choosing a base, an airport, a diplomatic site or an oil site as the place fills this in (change it if "
            "the attack was on something else there)."
        )
        optional(self, "target", target_help, required=True)

    def clean(self):
        cleaned = super().clean()
        if "location" in self.fields:
            self._clean_place(cleaned)
        if "title" in self.fields and not cleaned.get("title"):
            self._derive_title(cleaned)
        if "confidence" in self.fields and not cleaned.get("confidence") and "claims-TOTAL_FORMS" not in self.data:
            self.add_error("confidence", MUST_CHOOSE["confidence"])  # no claims formset here to derive it
        if not self.instance.pk:
            self._check_duplicates(cleaned)
        if self.instance.pk:
            self._check_status_change(cleaned.get("status"))
            self._check_version(cleaned.get("edit_version"))
        return cleaned

    def _derive_title(self, cleaned):
        place, kind = cleaned.get("location"), cleaned.get("type")
        if place is None or not kind:
            self.add_error("title", _("Give a title, or choose the type and the place to make one of them."))
            return
        with translation.override("en"):  # the title is the English one, whatever the admin's language
            cleaned["title"] = self.instance.title = f"{Incident.Type(kind).label} at {place.name}"[:200]

    def _check_status_change(self, status):
        """A public incident goes back to draft only through the editors' explicit, logged
        "Unpublish" (IncidentAdmin.unpublish_view), never as a side effect of an edit."""
        if status == Incident.Status.DRAFT and self.instance.status != Incident.Status.DRAFT:
            self.add_error(
                "status",
                _(
                    "A published or retracted incident goes back to draft only through “Unpublish”, with a reason; "
                    "to withdraw it publicly, retract it."
                ),
            )

    def _check_version(self, seen):
        """Refuse a save begun on an older version; the form then carries the current one,
        so saving again (after comparing) keeps this analyst's version on purpose.

        The row stays locked until the admin's transaction ends (PostgreSQL), so of two
        saves of the same version that arrive together, the second waits and is refused.
        """
        if seen is None:
            return
        current = Incident.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True)
        current = current.first()
        if current is None or seen == current:
            return
        self.add_error(None, self._conflict_message(seen))
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_version")] = current

    def _conflict_message(self, seen):
        """Who saved the incident since and what they changed; or, when its own fields were not
        saved since (its claims, source links or place were: they raise its version but are in
        their own history), says so."""
        history = self.instance.history.order_by("-history_date", "-history_id")
        latest, opened = history.first(), history.filter(version__lte=seen).order_by("-version").first()
        if latest is None or latest.version <= seen:
            return _(
                "Its claims, source links or place were changed after you opened it (see their history). "
                "Nothing of yours was saved: compare, then save again to keep your version."
            )
        changes = latest.diff_against(opened, excluded_fields=UNCOMPARED).changes if opened else []
        listing = format_html_join(
            "; ",
            "{}: “{}” → “{}”",
            ((Incident._meta.get_field(change.field).verbose_name, change.old, change.new) for change in changes),
        )
        return format_html(
            _(
                "{} saved this incident at {} after you opened it. Their changes: {}. Nothing of yours was saved: "
                "compare, then save again to keep your version."
            ),
            latest.history_user or _("Someone"),
            latest.history_date.strftime("%Y-%m-%d %H:%M:%S UTC"),
            listing or _("none to the fields above (claims or sources may have changed)"),
        )

    def _clean_place(self, cleaned):
        location, name = cleaned.get("location"), cleaned.get("place_name", "").strip()
        lat, lon = cleaned.get("place_latitude"), cleaned.get("place_longitude")
        if location and name:
            raise forms.ValidationError(_("Choose an existing place or describe a new one, not both."))
        if not location and not name:
            self.add_error("location", _("Choose an existing place, or name a new one and place it on the map."))
            return
        if not name:
            return
        self.derived_governorate = governorate_from_coordinates(
            self, cleaned, ("place_governorate", "place_latitude", "place_longitude")
        )
        place_errors = self._new_place_errors(cleaned, lat, lon)
        for field, message in place_errors.items():
            self.add_error(field, message)
        if not place_errors:
            cleaned["location"] = Location(
                name=name,
                governorate=cleaned.get("place_governorate"),
                latitude=lat,
                longitude=lon,
                geo_precision=cleaned["place_precision"],
                kind=cleaned.get("place_kind") or Location.Kind.OTHER,
            )

    @staticmethod
    def _new_place_errors(cleaned, lat, lon):
        errors = {}
        if (lat is None) != (lon is None):
            errors["place_latitude"] = _("Give both latitude and longitude, or neither.")
        if not cleaned.get("place_governorate") and lat is None:
            errors["place_governorate"] = Location.GOVERNORATE_NEEDED
        if not cleaned.get("place_precision"):
            errors["place_precision"] = MUST_CHOOSE["place_precision"]
        return errors

    def _get_validation_exclusions(self):
        """A new place is saved with the incident; until then the model can't validate the link."""
        exclude = super()._get_validation_exclusions()
        if self._has_new_place():
            exclude.add("location")
        return exclude

    def _has_new_place(self):
        location = getattr(self, "cleaned_data", {}).get("location")
        return location is not None and location.pk is None

    def _check_duplicates(self, cleaned):
        location = cleaned.get("location")
        if not location or not cleaned.get("type") or not cleaned.get("date"):
            return
        point = location.map_point()
        duplicates = Incident.objects.likely_duplicates(
            type=cleaned["type"], date=cleaned["date"], latitude=point[0], longitude=point[1]
        )
        if duplicates and cleaned.get("not_a_duplicate"):
            self.overridden_duplicates = duplicates
        elif duplicates:
            links = format_html_join(
                ", ",
                '<a href="{}" target="_blank">#{} {} ({})</a>',
                ((f"../{d.pk}/change/", d.pk, d.title, d.get_status_display()) for d in duplicates),
            )
            self.add_error(
                "not_a_duplicate",
                format_html(
                    _("Likely duplicates ({}): {}. Check them; tick “Not a duplicate” to save anyway."),
                    likely_duplicate_rule(),
                    links,
                ),
            )

    def save(self, commit=True):
        if self._has_new_place():
            location = self.cleaned_data["location"]
            location.save()
            self.instance.location = location
        return super().save(commit)


class CoordinatesForm(forms.Form):
    """A point asked about by the place picker (LocationAdmin.governorate_at_view)."""

    latitude = forms.DecimalField(min_value=-90, max_value=90)
    longitude = forms.DecimalField(min_value=-180, max_value=180)


class UnpublishForm(forms.Form):
    """An editor's reason for setting a published incident back to draft (IncidentAdmin.unpublish_view).

    It is kept as the history row's change reason, which holds up to 100 characters.
    """

    reason = forms.CharField(
        label=_("Reason"),
        max_length=100,
        help_text=_(
            "Why it goes back to draft, kept in its history (up to 100 characters). "
            "To withdraw it publicly, with a notice, retract it instead."
        ),
    )
