"""A real OpenID Connect provider for the single sign-on tests (django-oauth-toolkit in its own project).

``serve`` runs it as a separate process on 127.0.0.1: its own settings, SQLite database, signing key,
one citizen and one client (the portal). The claims it issues are read from a JSON file the test
writes, and every authorization and token request is recorded in a JSON-lines file, so the test
can check what reached the provider (acr_values, the PKCE challenge and verifier).
"""
