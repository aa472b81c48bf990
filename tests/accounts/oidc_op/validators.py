"""The test provider's claims: read from the JSON file named by OP_CLAIMS_FILE at every request."""

import json
import os

from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Issues whatever claims the test wrote, like VNeID's profile scope (ID number and address included)."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "identity_number": "profile",
        "cccd": "profile",
        "address": "profile",
        "acr": "openid",
    }

    def get_additional_claims(self, request):
        with open(os.environ["OP_CLAIMS_FILE"], encoding="utf-8") as claims:
            return json.load(claims)
