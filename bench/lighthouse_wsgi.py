"""The production WSGI app with ``/media/`` served from MEDIA_ROOT, for ``bench/lighthouse.sh`` only.

In production nginx serves ``/media/`` (docs/deploy/nginx.conf); locally, without nginx, WhiteNoise stands in for
that one location, with nginx's 30-day lifetime. Everything else is ``shop.wsgi.application`` unchanged.
"""

import os

from whitenoise import WhiteNoise

from shop.wsgi import application as shop_application

application = WhiteNoise(shop_application, root=os.environ["MEDIA_ROOT"], prefix="media/", max_age=30 * 86400)
