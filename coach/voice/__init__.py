"""Phone calls: check-in and guided exercise calls, the inbound menu, call status callbacks.

`flows` decides what is said and asked (pure), `twiml` renders it with `twilio.twiml`,
`service` records answers and handles call outcomes, `router` holds the webhooks.
"""
