"""The editorial gate: who may change what, decided here for every path that writes.

Analysts (auth group Analyst) add incidents as drafts and change drafts. A published or
retracted incident is public record: only editors (Editor; the permission
incidents.publish_incident) change it, and equally anything it shows — its claims, its
source links, its place, the groups its claims name, its sources (models.incidents_showing
knows which incidents each record is shown on); so are a group or place an editor marked
public, a relation between groups that names a public group, and the source such a relation
cites. Every admin page, inline and revert form,
and the import, ask refusal() or can_change(); a writing API must do the same.
"""

from django.utils.translation import gettext

from .models import Group, GroupRelation, Incident, Source, incidents_showing

PUBLISH_PERMISSION = "incidents.publish_incident"


def is_editor(user):
    return user.has_perm(PUBLISH_PERMISSION)


def refusal(user, obj):
    """Why `user` may not change `obj` (as stored, or as it stands in memory), or None when they may."""
    if is_editor(user):
        return None
    if isinstance(obj, GroupRelation):
        return relation_refusal(user, obj)
    group = isinstance(obj, Source) and public_group_citing(user, obj)
    if group:
        return gettext(
            "This source is cited by a relation naming “%(group)s”, which the public site shows: "
            "only editors may change it."
        ) % {"group": group}
    if made_public(obj):
        return gettext(
            "This %(record)s was made public by an editor: only editors may change what the public site shows."
        ) % {"record": obj._meta.verbose_name}
    public = incidents_showing(obj).exclude(status=Incident.Status.DRAFT).first()
    if public is None and isinstance(obj, Incident) and obj.status != Incident.Status.DRAFT:
        public = obj
    if public is None:
        return None
    names = {"incident": public, "state": public.get_status_display().lower(), "record": obj._meta.verbose_name}
    if isinstance(obj, Incident):
        return gettext("“%(incident)s” is %(state)s: only editors may change published or retracted incidents.") % names
    return (
        gettext(
            "This %(record)s is shown on “%(incident)s”, which is %(state)s: "
            "only editors may change published or retracted incidents or what they show."
        )
        % names
    )


def made_public(obj):
    """Whether a group or place is marked public (Group.public, Location.public), as stored or as
    it stands: the public site shows it, its page and the API, whatever incidents name it."""
    if getattr(obj, "public", False):
        return True
    return obj.pk is not None and hasattr(obj, "public") and type(obj).objects.filter(pk=obj.pk, public=True).exists()


def relation_refusal(user, relation):
    """A relation between groups is shown on both groups' pages (with the source it cites) and
    counts in the figures of a group "with its fronts": it is public where either group is."""
    group = public_group_of(user, relation)
    if group is None:
        return None
    return gettext("This relation names “%(group)s”, which the public site shows: only editors may change it.") % {
        "group": group
    }


def public_group_of(user, relation):
    """A group of the relation, as stored or as it stands, that `user` may not change, or None."""
    groups = {relation.subject_id, relation.object_id}
    if relation.pk is not None:
        groups |= set(GroupRelation.objects.filter(pk=relation.pk).values_list("subject_id", "object_id").first() or ())
    return first_refused(user, groups)


def public_group_citing(user, source):
    """A group named by a relation that cites `source`, that `user` may not change, or None: the
    relations' groups read in one query, not a relation at a time."""
    named = GroupRelation.objects.filter(source=source).values_list("subject_id", "object_id")
    return first_refused(user, {pk for pair in named for pk in pair})


def first_refused(user, group_ids):
    """The first of these groups that `user` may not change (refusal), or None."""
    return next((group for group in Group.objects.filter(pk__in=set(group_ids) - {None}) if refusal(user, group)), None)


def can_change(user, obj):
    return refusal(user, obj) is None


def can_delete(user, obj, refusals=None):
    """The same rule; and an incident that was ever public can't be deleted by anyone. `refusals`
    ({id: why}, IncidentQuerySet.deletion_refusals) is what a caller read of a whole selection
    `obj` is in; by default the incident is asked alone (Incident.deletion_refusal)."""
    if not can_change(user, obj):
        return False
    if not isinstance(obj, Incident):
        return True
    return not (obj.deletion_refusal() if refusals is None else refusals.get(obj.pk))
