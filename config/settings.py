"""Settings, all from the environment (see README.md, "Configuration")."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def trusted_proxy_count():
    value = os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1").strip()
    if not value.isdecimal() or int(value) < 1:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXY_COUNT is the number of proxies in front (1 or more), not {value!r}."
        )
    return int(value)


def local_secret_key():
    """A per-checkout key kept in an ignored file, so no key lives in the repository."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_flag("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "leaflet",
    "simple_history",
    "axes",
    "incidents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "incidents.localise.DigitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.replicas.ReadReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# A connection is kept for DJANGO_CONN_MAX_AGE seconds and checked before each request's first
# query reuses it, so one that died (PostgreSQL restarted) is replaced instead of a 500.
CONN_MAX_AGE = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=CONN_MAX_AGE, conn_health_checks=True
    )
}
# Read replicas (PostgreSQL streaming replicas of the primary above), comma-separated URLs:
# public GET and HEAD requests read one of them; writes, the admin and staff read the primary
# (config.replicas). Tests use the primary in their place (MIRROR): a replica can't be written.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica{number}"] = {
        **dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica{number}")
# PostgreSQL's JIT compiles any statement whose estimated cost passes jit_above_cost: the tally
# and export-cell triggers (statements of a few thousand rows the planner prices high at 1M)
# spent 3.2 s of 4.9 s compiling for each 5,000 claims written. Off in every connection the app
# opens; DJANGO_POSTGRES_JIT=1 leaves the server's setting.
# work_mem: with PostgreSQL's 4 MB, the bitmap of a search matching ~300,000 incidents turns lossy
# and every row of half the table's pages is matched again (the overview's chart of q=Kataeb at
# 1M: 740 → 530 ms with 16 MB). Each sort or hash of a statement may use that much;
# DJANGO_POSTGRES_WORK_MEM sets another amount, empty leaves the server's.
POSTGRES_WORK_MEM = os.environ.get("DJANGO_POSTGRES_WORK_MEM", "16MB")
# effective_io_concurrency: a bitmap scan asks the kernel ahead for each heap page it will read
# (posix_fadvise), which pays only for pages on a disk; the app's tables at a million incidents
# (1.5 GB) sit in the page cache, where the advice is a system call per page for nothing: the
# list of q=drone attack at 1M (50,000 pages) 294 -> 253 ms, the overview of q=Kataeb 3
# 331 -> 271 ms. DJANGO_POSTGRES_EFFECTIVE_IO_CONCURRENCY sets another depth (a database larger
# than the server's memory, on disks that serve reads in parallel), empty leaves the server's.
POSTGRES_EFFECTIVE_IO_CONCURRENCY = os.environ.get("DJANGO_POSTGRES_EFFECTIVE_IO_CONCURRENCY", "0")
POSTGRES_SESSION_OPTIONS = " ".join(
    [
        *([] if os.environ.get("DJANGO_POSTGRES_JIT") == "1" else ["-c jit=off"]),
        *([f"-c work_mem={POSTGRES_WORK_MEM}"] if POSTGRES_WORK_MEM else []),
        *(
            [f"-c effective_io_concurrency={POSTGRES_EFFECTIVE_IO_CONCURRENCY}"]
            if POSTGRES_EFFECTIVE_IO_CONCURRENCY
            else []
        ),
    ]
)
for database in DATABASES.values():
    if database["ENGINE"].startswith("django.db.backends.postgresql") and POSTGRES_SESSION_OPTIONS:
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} {POSTGRES_SESSION_OPTIONS}".strip()
# SQLite (the default): readers don't wait for a writer (write-ahead log), and a writer waits
# up to 20 s for another's transaction instead of failing at once. A 50,000-row import in the
# admin's background thread made every page a 500 ("database is locked") while it ran.
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(timeout=20, init_command="PRAGMA journal_mode=WAL")
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login lockout (django-axes): this many failures lock that username from that IP for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en"
# The public pages in English at their URLs and in Arabic under /ar/ (config/urls.py); the
# catalogue is locale/ar/LC_MESSAGES/django.po, its .mo committed beside it (README: Translations).
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Baghdad")
USE_I18N = True
USE_TZ = True

# Aggregates are cached under the data version (incidents.caching), so entries never go
# stale. By default each process keeps its own in memory; with DJANGO_CACHE_DIR the
# processes of a server (gunicorn's workers) share one cache in files there, so each
# result is computed once per server instead of once per worker; with CACHE_URL (or
# REDIS_URL), a redis:// URL, every app server shares one Redis (Django's RedisCache).
CACHE_DIR = os.environ.get("DJANGO_CACHE_DIR", "")
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")


def cache_settings():
    if CACHE_URL:
        if urlsplit(CACHE_URL).scheme not in {"redis", "rediss", "unix"}:
            raise ImproperlyConfigured(f"CACHE_URL must be a redis://, rediss:// or unix:// URL, not {CACHE_URL!r}.")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "TIMEOUT": 24 * 3600}
    backend = "filebased.FileBasedCache" if CACHE_DIR else "locmem.LocMemCache"
    return {
        "BACKEND": f"django.core.cache.backends.{backend}",
        "LOCATION": CACHE_DIR,
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }


CACHES = {"default": cache_settings()}

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Third-party front-end libraries: pinned in package-lock.json, installed by `make` (npm ci).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    # The maps' base layer: Natural Earth's countries (TopoJSON) and the script that reads them.
    ("vendor/world-atlas", BASE_DIR / "node_modules" / "world-atlas"),
    ("vendor/topojson-client", BASE_DIR / "node_modules" / "topojson-client" / "dist"),
]
STATIC_MANIFEST = env_flag("DJANGO_STATIC_MANIFEST")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# The data set's country (Iraq): its centre is where the maps open, and where a place known
# only to the country is drawn (approximately).
COUNTRY_CENTRE = (33.2, 43.7)
# django-leaflet is only a source of Leaflet's static files (and this config, which the
# map <div>s carry as data-* attributes for static/js/base_map.js): its template tags
# emit inline scripts, which the Content-Security-Policy below forbids.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": COUNTRY_CENTRE,
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
    "TILES": [("Map", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION, "maxZoom": 18})],
}

# Likely-duplicate warning in the admin: same type, this many days apart, this many km.
DUPLICATE_WINDOW_DAYS = 1
DUPLICATE_RADIUS_KM = 10

# The public, read-only JSON API (/api/): no accounts, JSON only; docs served from local static files.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Incident tracker API",
    "DESCRIPTION": "Published incidents, groups and places, read-only. Incidents take the site's filter parameters.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # Without deep links each operation's summary is one button, not a button holding a link
    # (axe-core: nested-interactive); the operations' URLs are in the schema.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# In development and tests whitenoise serves straight from the apps' static folders (a
# collected copy left by make serve or make loadtest may be stale); in production from
# collectstatic's hashed, compressed copy.
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_MANIFEST

# Uploaded import files wait here between the admin's preview and confirmation, and the
# status of imports running in the background is kept here too.
IMPORT_UPLOAD_DIR = os.environ.get("IMPORT_UPLOAD_DIR", str(BASE_DIR / "var" / "imports"))
# Limits that keep one request from taking the server down (read when used, so tests can
# lower them with override_settings): incidents the map sends as points before it sends
# clusters, the size of an upload, the columns of an import file, and how long a preview
# waits for its confirmation before it is removed.
MAP_MAX_POINTS = int(os.environ.get("MAP_MAX_POINTS", "500"))
IMPORT_MAX_UPLOAD_MB = int(os.environ.get("IMPORT_MAX_UPLOAD_MB", "50"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "500"))
# The most a compressed upload (a .zip or .gz of a CSV) may unpack to: 1,000,000 ACLED rows are ~600 MB.
IMPORT_MAX_UNPACKED_MB = int(os.environ.get("IMPORT_MAX_UNPACKED_MB", "2048"))
IMPORT_PREVIEW_HOURS = int(os.environ.get("IMPORT_PREVIEW_HOURS", "24"))
# manage.py backup writes here unless given a path, as JSON Lines exact to the microsecond.
BACKUP_DIR = os.environ.get("BACKUP_DIR", str(BASE_DIR / "var" / "backups"))
# Where `make release` writes the data set's versioned snapshots, which /data/ lists and serves.
RELEASES_DIR = os.environ.get("RELEASES_DIR", str(BASE_DIR / "var" / "releases"))
SERIALIZATION_MODULES = {"jsonl": "incidents.jsonl"}


def tiles_origin(url):
    """The scheme and host of the tile server for img-src ("{s}" subdomains become "*.")."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None  # tiles from our own origin: 'self' covers them
    labels = parts.netloc.split(".")
    if "{" in labels[0]:
        labels[0] = "*"
    return f"{parts.scheme}://{'.'.join(labels)}"


# Content-Security-Policy (django-csp): scripts and styles only from our own files, no inline
# code. Maps are set up by static/js/*.js from data-* attributes; the Swagger UI page loads its
# start-up script from a URL of its own (SpectacularSwaggerSplitView). Styles need no
# 'unsafe-inline': Leaflet, Chart.js and the admin set styles through element.style, which
# CSP allows. img-src has data: because Leaflet resets aborted tiles to a data: GIF and the
# Swagger UI's stylesheet draws its icons with data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [tiles_origin(MAP_TILES_URL)])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Production: HTTPS only. DJANGO_HTTPS=0 is for trying production mode over plain http on
# 127.0.0.1 (no redirect, no HSTS, cookies without Secure); it silences exactly the deploy
# checks for what it turns off. Behind a proxy that terminates TLS, DJANGO_BEHIND_TLS_PROXY=1
# trusts its X-Forwarded-Proto header (the proxy must set it and drop the client's own).
HTTPS = env_flag("DJANGO_HTTPS", default=not DEBUG)
# Behind it, the login lockout keys on the client's address from X-Forwarded-For, reading only
# the entries the DJANGO_TRUSTED_PROXY_COUNT proxies in front wrote (config.client_ip).
TRUSTED_PROXY_COUNT = trusted_proxy_count()
if env_flag("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# A year of HSTS, for subdomains too, and consent to the browsers' preload list; each can be
# turned off (DJANGO_HSTS_*=0), which silences its deploy check.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Links to sources elsewhere carry no referrer: readers' paths through the data stay private.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    *(["security.W004", "security.W008", "security.W012", "security.W016"] if not HTTPS else []),
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
    # SQLite makes a covering index (Index.include) without its included columns: no less correct.
    *(["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []),
]
