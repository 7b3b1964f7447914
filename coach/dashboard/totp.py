"""Two-step sign-in with TOTP (RFC 6238): secrets, codes and the QR code to scan (SVG)."""

from __future__ import annotations

from datetime import datetime

import pyotp
import segno

ISSUER = "Neck Coach"
STEP = 30  # seconds per code


def new_secret() -> str:
    """A fresh random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def qr_svg(*, secret: str, email: str) -> str:
    """An inline SVG QR code of the otpauth:// URI an authenticator app scans."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    return str(
        segno.make(uri, error="m").svg_inline(
            scale=4, dark="#000", light="#fff", title="QR code for your authenticator app"
        )
    )


def matching_step(*, secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code `code` is (this one or its neighbours), or None."""
    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    step = int(now.timestamp()) // STEP
    for candidate in (step, step - 1, step + 1):
        if totp.verify(code, for_time=candidate * STEP):  # constant-time comparison inside
            return candidate
    return None
