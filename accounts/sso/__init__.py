"""Single sign-on with the national identity (VNeID / Cổng Dịch vụ công quốc gia) over OpenID Connect.

``config`` turns the environment into allauth's provider settings (imported by the settings, so it
imports nothing from Django); ``services`` turns the provider's claims into the citizen's profile;
``adapters`` is where allauth hands a finished sign-in to ``services``.
"""
