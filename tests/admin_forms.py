"""Builds the POST data of the admin's incident form, inlines included."""

from incidents.models import Governorate


def incident_form_data(location=None, claims=(), sources=(), **fields):
    data = {
        "title": "Rockets hit Camp Taji",
        "type": "rocket",
        "target": "military_base",
        "target_detail": "",
        "target_owner": "us_military",
        "duplicate_of": "",
        "duplicate_reason": "",
        "summary": "Several rockets landed on the base.",
        "date": "2020-03-11",
        "date_precision": "day",
        "date_end": "",
        "time": "",
        "killed": "",
        "wounded": "",
        "confidence": "medium",
        "location": location.pk if location else "",
        "place_name": "",
        "place_governorate": "",
        "place_latitude": "",
        "place_longitude": "",
        "place_precision": "site",
        "place_kind": "military_base",
    }
    data.update(_inline("claims", claims))
    data.update(_inline("source_links", sources))
    data.update(fields)
    if data["place_governorate"]:  # given as a slug, so tests can build data before the database exists
        data["place_governorate"] = Governorate.objects.get(slug=data["place_governorate"]).pk
    return data


def change_form_data(incident, **fields):
    """The change form of an existing incident as its page would post it (the version it
    was opened at included), with `fields` changed."""
    current = {
        "location": incident.location,
        "title": incident.title,
        "date": incident.date.isoformat(),
        "edit_version": incident.version,
        "target_owner": incident.target_owner,
        "duplicate_of": incident.duplicate_of_id or "",
        "duplicate_reason": incident.duplicate_reason,
    }
    return incident_form_data(**{**current, **fields})


def claim_form_data(incident, /, **fields):
    """The claim admin's form for a claim on `incident`, with `fields` changed."""
    data = {"incident": incident.pk, "group": "", "kind": "claimed", "actor": "", "stated_by": "", "stated_on": ""}
    return {**data, "channel": "telegram", "url": "", "confidence": "medium", "note": "", **fields}


def new_place(name="Camp Taji", governorate="baghdad", latitude="33.529440", longitude="44.277500"):
    return {
        "place_name": name,
        "place_governorate": governorate or "",
        "place_latitude": latitude,
        "place_longitude": longitude,
    }


def _inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def as_posted(response):
    """The data the page's form posts when it is saved as shown, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is True:
                data[bound.html_name] = "on"
            elif value is not None and value is not False:
                data[bound.html_name] = str(value)
    return data
