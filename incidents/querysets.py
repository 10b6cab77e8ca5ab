import math
from datetime import timedelta

from django.conf import settings
from django.db import models

KM_PER_DEGREE_LATITUDE = 111.32


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine) between two points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


class IncidentQuerySet(models.QuerySet):
    def published(self):
        """The only incidents any public output may show."""
        return self.filter(status=self.model.Status.PUBLISHED)

    def attacks(self):
        """Attacks only: arrests, foiled attacks and propaganda are events, not attacks."""
        return self.filter(type__in=self.model.ATTACK_TYPES)

    def overlapping(self, start=None, end=None):
        """Incidents whose date window touches [start, end] (both inclusive, either open).

        An incident known only to the month matches any bound inside that month.
        """
        qs = self
        if start is not None:
            qs = qs.filter(date_end__gte=start)
        if end is not None:
            qs = qs.filter(date__lte=end)
        return qs

    def likely_duplicates(self, *, type, date, latitude, longitude, exclude_pk=None):
        """Same type, within DUPLICATE_WINDOW_DAYS, within DUPLICATE_RADIUS_KM.

        A bounding box narrows the candidates in SQL; the exact distance is checked on the
        few that remain. Places without coordinates fall back to their governorate's centre.
        """
        window = timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
        radius = settings.DUPLICATE_RADIUS_KM
        candidates = (
            self.filter(type=type)
            .overlapping(date - window, date + window)
            .select_related("location__governorate")
            .order_by("date", "pk")
        )
        if exclude_pk is not None:
            candidates = candidates.exclude(pk=exclude_pk)
        if latitude is None or longitude is None:
            return list(candidates)
        dlat = radius / KM_PER_DEGREE_LATITUDE
        dlon = radius / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(float(latitude))), 0.01))
        lat, lon = float(latitude), float(longitude)
        nearby = []
        for incident in candidates:
            point = incident.location.map_point()
            if point is None:
                continue
            plat, plon, _ = point
            if abs(plat - lat) <= dlat and abs(plon - lon) <= dlon and distance_km(lat, lon, plat, plon) <= radius:
                nearby.append(incident)
        return nearby


class GroupQuerySet(models.QuerySet):
    def search(self, text):
        """Matches English name, Arabic name and any alias or transliteration."""
        return self.filter(
            models.Q(name__icontains=text) | models.Q(arabic_name__icontains=text) | models.Q(aliases__icontains=text)
        )

    def with_suspected_fronts(self):
        """These groups plus every group suspected or known to be a front for one of them."""
        from .models import GroupRelation

        fronts = GroupRelation.objects.filter(kind=GroupRelation.Kind.FRONT_FOR, object__in=self).values("subject")
        return self.model.objects.filter(models.Q(pk__in=self.values("pk")) | models.Q(pk__in=fronts))
