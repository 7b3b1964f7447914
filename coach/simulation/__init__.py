"""Replay whole programmes in simulated time: `coach simulate --weeks N --profile NAME`."""
