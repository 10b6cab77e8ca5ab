"""Create the PostgreSQL database that DATABASE_URL names, if it is missing.

make serve runs this before migrate (python -m config.database), so a new server needs no
hand-made database; make bench and make loadtest use it for theirs. Other databases (SQLite
makes its file itself) are left alone.
"""

import os

import dj_database_url


def ensure_database(url):
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created the database {config['NAME']}")
    connection.close()


if __name__ == "__main__":
    ensure_database(os.environ["DATABASE_URL"])
