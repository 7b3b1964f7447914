"""Neck Coach: an SMS and voice coach for neck pain, run by a clinic."""

__version__ = "0.1.0"
