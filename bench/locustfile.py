"""The load of make loadtest (bench/loadtest.py starts it): readers and analysts at once.

Readers open the overview, the list, the map data and the chart data with varied filters,
and one request in 34 downloads a week's CSV (in the busiest weeks, 30,000 rows). Analysts log
in to the admin, add a draft incident through its form and
then edit it through the change form (with the version the page carries), as a person
would. Every save that the admin confirms (a redirect) is written to LOADTEST_SAVES, so
loadtest.py can check afterwards that each one is in the database as saved. Any answer
other than the expected one counts as an error.

Runs in its own virtualenv (requirements-loadtest.txt): locust is not a dependency of the site.
"""

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, task

CONFIG = json.loads(os.environ["LOADTEST_CONFIG"])
TYPES = ["rocket", "ied", "drone", "small_arms"]
BOXES = ["38.8,29.0,48.6,37.4", "43.9,32.9,44.7,33.6", "42.5,35.9,43.6,36.6", "46.9,30.2,48.1,31.0"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="edit_version" value="(\d+)"')
CHANGE_URL = re.compile(r"/admin/incidents/incident/(\d+)/change/")
accounts = itertools.cycle(CONFIG["analysts"])


def a_week():
    year, month, day = random.randint(2015, 2024), random.randint(1, 12), random.randint(1, 21)
    return f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}-{day + 6:02d}"


def a_filter():
    """A reader's filter: most look at everything; the rest pick a type, a recent year, one of
    the most active groups or a governorate, so the same filters come back as they do on a
    real site (a few links are shared, most views are the default one)."""
    if random.random() < 0.6:
        return {}
    return random.choice(
        [
            *({"type": kind} for kind in TYPES),
            *({"date_after": f"{year}-01-01", "date_before": f"{year}-12-31"} for year in (2023, 2024, 2025)),
            *({"group": slug} for slug in CONFIG["groups"][:3]),
            *({"governorate": slug} for slug in CONFIG["governorates"][:3]),
        ]
    )


def a_map_view():
    """The default view of Iraq (zoom 6) most of the time, else a closer look at a city."""
    if random.random() < 0.6:
        return {"bbox": BOXES[0], "zoom": 6}
    return {"bbox": random.choice(BOXES[1:]), "zoom": 10}


class Reader(FastHttpUser):
    weight = 1
    wait_time = between(1, 3)

    @task(9)
    def overview(self):
        self.client.get("/", params=a_filter(), name="/ (overview)")

    @task(9)
    def incident_list(self):
        params = {**a_filter(), "page": 1 if random.random() < 0.7 else random.randint(2, 20)}
        self.client.get("/incidents/", params=params, name="/incidents/ (list)")

    @task(9)
    def map_data(self):
        params = {**a_filter(), **a_map_view()}
        self.client.get("/incidents/map.geojson", params=params, name="/incidents/map.geojson")

    @task(6)
    def chart_data(self):
        params = {**a_filter(), "interval": random.choice(["month", "year"])}
        self.client.get("/incidents/chart.json", params=params, name="/incidents/chart.json")

    @task(1)
    def week_as_csv(self):
        after, before = a_week()
        params = {**a_filter(), "date_after": after, "date_before": before}
        self.client.get("/incidents/export.csv", params=params, name="/incidents/export.csv (a week)")


class Analyst(FastHttpUser):
    fixed_count = CONFIG["analyst_count"]
    wait_time = between(1, 3)

    def on_start(self):
        self.username, password = next(accounts)
        self.saved = 0
        token = self.token("/admin/login/", "login page")
        with self.client.post(
            "/admin/login/?next=/admin/",
            name="admin login",
            allow_redirects=False,
            catch_response=True,
            data={"username": self.username, "password": password, "next": "/admin/", "csrfmiddlewaretoken": token},
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")

    def token(self, url, name):
        response = self.client.get(url, name=name)
        found = CSRF.search(response.text)
        return found.group(1) if found else ""

    def form(self, title, summary):
        return {
            "title": title,
            "type": random.choice(TYPES),
            "target": "military_base",
            "target_detail": "",
            "target_owner": "us_military",
            "summary": summary,
            "date": "2020-03-11",
            "date_precision": "day",
            "date_end": "",
            "time": "",
            "killed": "",
            "wounded": "",
            "confidence": "medium",
            "location": CONFIG["location"],
            "place_name": "",
            "place_governorate": "",
            "place_latitude": "",
            "place_longitude": "",
            "place_precision": "site",
            "place_kind": "military_base",
            "not_a_duplicate": "on",
            **{
                f"{prefix}-{field}": value
                for prefix in ("claims", "source_links")
                for field, value in (
                    ("TOTAL_FORMS", "0"),
                    ("INITIAL_FORMS", "0"),
                    ("MIN_NUM_FORMS", "0"),
                    ("MAX_NUM_FORMS", "1000"),
                )
            },
        }

    def save(self, url, data, name):
        """POST the form; the admin confirms a save with a redirect. Returns where to, or None."""
        with self.client.post(url, data=data, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"not saved ({response.status_code})")
                return None
            return response.headers["Location"]

    def record(self, pk, title, summary):
        with open(os.environ["LOADTEST_SAVES"], "a") as saves:
            saves.write(json.dumps({"pk": pk, "title": title, "summary": summary, "by": self.username}) + "\n")

    @task
    def add_then_edit(self):
        self.saved += 1
        title = f"{CONFIG['marker']} {self.username} #{self.saved}"
        token = self.token("/admin/incidents/incident/add/", "admin add form")
        where = self.save(
            "/admin/incidents/incident/add/",
            {**self.form(title, "Logged under load."), "csrfmiddlewaretoken": token, "_continue": "1"},
            "admin add (save)",
        )
        found = CHANGE_URL.search(where or "")
        if not found:
            return
        pk = int(found.group(1))
        self.record(pk, title, "Logged under load.")
        change = self.client.get(f"/admin/incidents/incident/{pk}/change/", name="admin change form")
        version, token = VERSION.search(change.text), CSRF.search(change.text)
        summary = f"Edited under load by {self.username}."
        if (
            version
            and token
            and self.save(
                f"/admin/incidents/incident/{pk}/change/",
                {**self.form(title, summary), "edit_version": version.group(1), "csrfmiddlewaretoken": token.group(1)},
                "admin change (save)",
            )
        ):
            self.record(pk, title, summary)
