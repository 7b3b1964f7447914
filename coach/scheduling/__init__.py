"""Scheduling: the planner and the worker's jobs."""
