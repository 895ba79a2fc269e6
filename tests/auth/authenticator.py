"""A software authenticator for the API tests of passkeys: it answers the service's WebAuthn
options as a browser with a platform authenticator would (attestation "none", ES256, user
verified), so that the service's checks run on real signatures. The browser tests use
chromium's own virtual authenticator instead."""

from __future__ import annotations

import hashlib
import json
import secrets
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

# User present, user verified; attested credential data included.
UP, UV, AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Credential:
    id: bytes
    key: ec.EllipticCurvePrivateKey
    user_handle: bytes
    sign_count: int = 0


@dataclass
class Authenticator:
    origin: str
    credentials: list[Credential] = field(default_factory=list)

    def _client_data(self, kind: str, options: dict[str, Any]) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": options["challenge"], "origin": self.origin}
        ).encode()

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        """navigator.credentials.create(), as its toJSON() gives it."""
        key = ec.generate_private_key(ec.SECP256R1())
        numbers = key.public_key().public_numbers()
        cose = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        credential = Credential(secrets.token_bytes(16), key, unb64url(options["user"]["id"]))
        self.credentials.append(credential)
        attested = bytes(16) + len(credential.id).to_bytes(2, "big") + credential.id + cose
        auth_data = self._auth_data(options["rp"]["id"], UP | UV | AT, 0) + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(credential.id),
            "rawId": b64url(credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(self._client_data("webauthn.create", options)),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        }

    def get(self, options: dict[str, Any], credential: Credential | None = None) -> dict[str, Any]:
        """navigator.credentials.get(), as its toJSON() gives it; with the first (or the
        given) credential of this authenticator."""
        credential = credential or self.credentials[0]
        credential.sign_count += 1
        auth_data = self._auth_data(options["rpId"], UP | UV, credential.sign_count)
        client_data = self._client_data("webauthn.get", options)
        signature = credential.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(credential.id),
            "rawId": b64url(credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(credential.user_handle),
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        }

    @staticmethod
    def _auth_data(rp_id: str, flags: int, sign_count: int) -> bytes:
        return (
            hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + sign_count.to_bytes(4, "big")
        )
