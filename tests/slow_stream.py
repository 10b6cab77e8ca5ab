"""A WSGI application whose one response streams for longer than gunicorn's timeout, as a big
export does: CHUNKS lines, one every EVERY seconds."""

import time

CHUNKS = 15
EVERY = 0.5


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    for number in range(CHUNKS):
        time.sleep(EVERY)
        yield f"row {number}\n".encode()
