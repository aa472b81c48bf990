"""Signing citizens in: registration with a code, sign-in, reset, and the lockout of every sign-in.

django-allauth does the work; here are its adapter, forms with Vietnamese labels and phone numbers,
login stages, the Vietnamese addresses of its views (``urls``), and the lockout of citizens' and
staff's sign-ins (``lockout``, django-axes).
"""
