"""Patients: enrollment, history and exports."""
