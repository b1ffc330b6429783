"""The read-only REST API (/api/v1/) for partner buyers and open-data portals.

Token authentication only; each token reads with its owner's role and organisation, the
same scoping as the screens (see ``scoping.py``). Like the root urls.py, this app sits on
top of every domain app and may import from all of them."""
