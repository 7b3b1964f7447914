"""Messaging: the Twilio boundary, the outbox, dispatch and delivery status."""
