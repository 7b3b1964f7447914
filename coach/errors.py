"""The coach's own exceptions.

    CoachError
    ├── ConfigError        a missing or contradictory setting (start-up)
    ├── NotFound           no such record, or not one the caller may see
    ├── Conflict           the change clashes with existing data (e.g. phone already enrolled)
    ├── InvalidInput       input that is well-formed but wrong; names the field
    ├── Unauthorized       no, bad or disabled API key
    ├── Forbidden          a valid key without the role the action needs
    └── DeliveryError      Twilio (or the transport) refused or failed a send; keeps Twilio's code

One exception handler in `coach.main` maps these to HTTP responses.
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class for every error the coach raises on purpose."""

    status_code = 400
    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConfigError(CoachError):
    """A setting is missing or contradicts another one."""

    code = "config_error"
    status_code = 500


class NotFound(CoachError):
    """The record does not exist, or the caller may not see it."""

    status_code = 404
    code = "not_found"


class Conflict(CoachError):
    """The change clashes with data that already exists."""

    status_code = 409
    code = "conflict"


class InvalidInput(CoachError):
    """Input that parsed but is not acceptable; `field` names the culprit."""

    status_code = 422
    code = "invalid"


class Unauthorized(CoachError):
    """No API key, an unknown one or a disabled one."""

    status_code = 401
    code = "unauthorized"


class Forbidden(CoachError):
    """The key is valid but lacks the role the action needs."""

    status_code = 403
    code = "forbidden"


class DeliveryError(CoachError):
    """A send failed; `twilio_code` and `http_status` say how, `retryable` whether to retry.

    `ambiguous` is true when the request may have reached Twilio (a read timeout):
    such a send must never be repeated automatically.
    """

    status_code = 502
    code = "delivery_error"

    def __init__(
        self,
        message: str,
        *,
        twilio_code: int | None = None,
        http_status: int | None = None,
        retryable: bool = False,
        ambiguous: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.twilio_code = twilio_code
        self.http_status = http_status
        self.retryable = retryable
        self.ambiguous = ambiguous
        self.retry_after = retry_after
