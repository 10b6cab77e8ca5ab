"""A date known to the day, week, month or a range is stored as its window of possible days,
computed in one place (incidents.dates) by the model, the importer and the generator alike."""

import datetime
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents import synthetic
from incidents.dates import DatePrecision, date_window
from incidents.imports.records import Checker
from incidents.models import Incident

DAYS = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 1))


@pytest.mark.parametrize(
    "first, precision, last, window",
    [
        ("2020-08-17", "day", "2020-08-30", ("2020-08-17", "2020-08-17")),
        ("2020-12-29", "week", None, ("2020-12-29", "2021-01-04")),
        ("2020-02-17", "month", None, ("2020-02-01", "2020-02-29")),
        ("2019-12-31", "month", None, ("2019-12-01", "2019-12-31")),
        ("2020-03-01", "range", "2020-03-20", ("2020-03-01", "2020-03-20")),
    ],
)
def test_the_window_of_each_precision(first, precision, last, window):
    day = datetime.date.fromisoformat
    assert date_window(day(first), precision, last and day(last)) == (day(window[0]), day(window[1]))


@given(day=DAYS, precision=st.sampled_from([DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH]))
def test_the_model_and_the_importer_store_the_same_window(day, precision):
    incident = Incident(date=day, date_precision=precision)
    incident.normalise_dates()
    checker = Checker(line=2, row={}, lookups=None)
    assert (
        checker.date_window(day, None, precision) == (incident.date, incident.date_end) == date_window(day, precision)
    )
    assert checker.problems == []


def test_generated_incidents_carry_the_window_of_their_precision():
    rng = random.Random(7)
    drawn = [synthetic.draw_dates(rng) for _ in range(2000)]
    assert {precision for _, _, precision, _ in drawn} == set(DatePrecision.values)
    for first, last, precision, _ in drawn:
        assert date_window(first, precision, last) == (first, last)
