"""Single sign-on for a buyer's staff over OpenID Connect (one or more identity providers
per buyer). See README "Single sign-on for staff"."""
