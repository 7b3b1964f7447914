"""Every table, imported in one place so metadata and migrations see them all."""

from coach.alerts.models import Alert, AlertNote
from coach.clinicians.models import AuditEntry, Clinician
from coach.conversations.models import Conversation, ConversationEntry
from coach.dashboard.models import WebInvite, WebLoginFailure, WebPassword, WebSession
from coach.messaging.models import InboundMessage, OutboxMessage, SendPace
from coach.patients.import_jobs import ImportJob
from coach.patients.models import ExerciseLog, PainReport, Patient, SuppressedNumber
from coach.security import AuthFailure

__all__ = [
    "Alert",
    "AlertNote",
    "AuditEntry",
    "AuthFailure",
    "Clinician",
    "Conversation",
    "ConversationEntry",
    "ExerciseLog",
    "ImportJob",
    "InboundMessage",
    "OutboxMessage",
    "PainReport",
    "Patient",
    "SendPace",
    "SuppressedNumber",
    "WebInvite",
    "WebLoginFailure",
    "WebPassword",
    "WebSession",
]
