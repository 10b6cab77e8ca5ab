"""The bundled outline of each governorate joins the database's governorate by ISO 3166-2 code."""

import json

import pytest
from django.conf import settings

from incidents.models import Governorate

OUTLINES = settings.BASE_DIR / "static" / "geo" / "iraq-governorates.geojson"


def outline_codes():
    return sorted(feature["properties"]["shapeISO"] for feature in json.loads(OUTLINES.read_text())["features"])


@pytest.mark.django_db
def test_every_governorate_has_the_code_of_exactly_one_outline():
    codes = sorted(Governorate.objects.values_list("iso_code", flat=True))
    assert len(codes) == 18
    assert codes == outline_codes()
