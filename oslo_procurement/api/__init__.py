"""The read-only REST API's machinery (/api/v1/) for partner buyers and open-data portals:
tokens, authentication, permissions by role, throttling, pagination, the OpenAPI
description and its documentation page, and the router class. Each token reads with its
owner's role and organisation. The resources (what a token may read, filters, serializers,
viewsets) live in each domain app's ``api.py``, calling the same rules as its screens; the
root urls.py composes them. Like the rest of the core, this package imports no domain app."""
