"""Run the test OpenID Connect provider: ``python -m tests.accounts.oidc_op.serve`` (see ``__init__``).

Environment: OP_PORT, OP_DB, OP_LOG, OP_CLAIMS_FILE, OP_CLIENT_ID, OP_CLIENT_SECRET, OP_REDIRECT_URI,
OP_USERNAME, OP_PASSWORD. A fresh RSA signing key is made at every start.
"""

import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _signing_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def main() -> None:
    port = os.environ["OP_PORT"]
    os.environ["OP_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["OP_RSA_KEY"] = _signing_key()
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.accounts.oidc_op.settings"

    import django

    django.setup()

    from oauth2_provider.models import Application

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user(os.environ["OP_USERNAME"], password=os.environ["OP_PASSWORD"])
    Application.objects.create(
        name="Cổng dịch vụ công xã (thử nghiệm)",
        user=user,
        client_id=os.environ["OP_CLIENT_ID"],
        client_secret=os.environ["OP_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OP_REDIRECT_URI"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main()
