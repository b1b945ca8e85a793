"""SQL queries per page, in process, as ``bench/run.py`` counts them for OPOP Shop.

    python manage.py oscar_bench_queries '{"product page": "/catalogue/kopi-gayo_1/"}'

Each URL is visited once to warm per-process state, then again inside ``CaptureQueriesContext``. Prints one JSON
line: status, queries, HTML bytes and (for listings) the number of product cards on the page.
"""

import json

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Count the SQL queries of a few pages (JSON object of name -> URL)."

    def add_arguments(self, parser):
        parser.add_argument("urls", help='JSON object, e.g. {"listing": "/catalogue/"}')

    def handle(self, *args, urls, **options):
        out = {}
        client = Client(raise_request_exception=False)
        for name, url in json.loads(urls).items():
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            html = response.content.decode(errors="replace")
            out[name] = {"status": response.status_code, "queries": len(ctx), "html_bytes": len(response.content),
                         "cards": html.count('class="product_pod"')}
        self.stdout.write(json.dumps(out))
