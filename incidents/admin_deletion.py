"""The admin's deletion summary (the confirmation page of a delete and of "Delete selected"),
in a number of queries that does not grow with the records listed.

Django's own (django.contrib.admin.utils.get_deleted_objects) collects the records a deletion
reaches with NestedObjects, which selects each one's parent but nothing its label reads: every
claim's label loaded its group, every source link's its source, one query each. This is the same
summary, from a collector that also selects what each model's label reads (its
`label_relations`, beside its __str__).
"""

from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst


class LabelledObjects(NestedObjects):
    def related_objects(self, related_model, related_fields, objs):
        relations = getattr(related_model, "label_relations", ())
        return super().related_objects(related_model, related_fields, objs).select_related(*relations)


def deleted_objects(objs, request, admin_site):
    """What get_deleted_objects answers: (the records deleted as a nested list of labels, {model's
    plural name: count}, the names of models the user may not delete, the protected records)."""
    if not objs:
        return [], {}, set(), []
    collector = LabelledObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def label(obj):
        options = obj._meta
        plain = f"{capfirst(options.verbose_name)}: {obj}"
        if not admin_site.is_registered(type(obj)):
            return plain
        if not admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
            perms_needed.add(options.verbose_name)
        try:
            url = reverse(f"{admin_site.name}:{options.app_label}_{options.model_name}_change", args=[quote(obj.pk)])
        except NoReverseMatch:
            return plain
        return format_html('{}: <a href="{}">{}</a>', capfirst(options.verbose_name), url, obj)

    deleted = collector.nested(label)
    protected = [label(obj) for obj in collector.protected]
    counts = {model._meta.verbose_name_plural: len(found) for model, found in collector.model_objs.items()}
    return deleted, counts, perms_needed, protected
