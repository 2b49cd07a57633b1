import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
application = get_wsgi_application()

# The URLconf imports every view and API module (Ninja builds its schemas as it goes): about
# a second of a worker's first request, paid here as the worker starts instead.
from django.urls import get_resolver  # noqa: E402 (needs the settings set up above)

get_resolver().url_patterns  # noqa: B018 (a cached property, read for its import)

# Everything loaded so far (Django, the apps, the templates' modules) lives as long as the
# worker. Frozen, it is no longer walked by each full collection, which otherwise adds
# 100–200 ms to a large page (a 160-item report form builds some 10⁵ objects) now and then.
gc.freeze()
