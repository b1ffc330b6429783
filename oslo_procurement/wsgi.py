import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oslo_procurement.settings")
application = get_wsgi_application()
# Import every view now rather than on a worker's first request (about 0.4 s of CPU): with
# gunicorn's preload_app the master does it once and each new worker is forked ready to serve.
_views = get_resolver().url_patterns
